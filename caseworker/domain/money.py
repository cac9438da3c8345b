"""Money in whole tenge; MCI-denominated sizes use the MCI valid on the decision date."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def rate_on(rates: list[tuple[date, int]], day: date) -> int | None:
    """The value in force on `day` from (effective_from, value) pairs."""
    valid = [value for start, value in sorted(rates) if start <= day]
    return valid[-1] if valid else None


def benefit_kzt(amount: Decimal | None, unit: str, mci: int | None) -> int | None:
    """Whole tenge for an amount in MCI; None for units that are not a fixed sum."""
    if amount is None or unit != "MCI" or mci is None:
        return None
    return int((Decimal(amount) * mci).quantize(Decimal(1), rounding=ROUND_HALF_UP))
