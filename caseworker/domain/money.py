"""Money in whole tenge; MCI-denominated sizes use the MCI valid on the decision date."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def rate_on(rates: list[tuple[date, int]], day: date) -> int | None:
    """The value in force on `day` from (effective_from, value) pairs."""
    valid = [value for start, value in sorted(rates) if start <= day]
    return valid[-1] if valid else None


# Voluntary resettlement pays its benefit per family member; a move to one of these regions
# (KATO) is paid this many MCI instead of the catalogue's amount (35): North Kazakhstan, 70.
RESETTLEMENT_MCI = {"590000000": Decimal(70)}


def resettlement_amount(amount: Decimal | None, destination_kato: str | None
                        ) -> Decimal | None:
    """The MCI per family member of a move to the destination region."""
    return RESETTLEMENT_MCI.get(destination_kato or "", amount)


def for_household(amount_kzt: int | None, period: str | None, household: int | None
                  ) -> int | None:
    """A benefit paid per family member, for the whole household (the person alone when its
    size is not known); any other benefit as it is."""
    if amount_kzt is None or not (period or "").endswith("per_family_member"):
        return amount_kzt
    return amount_kzt * max(household or 1, 1)


def benefit_kzt(amount: Decimal | None, unit: str, mci: int | None) -> int | None:
    """Whole tenge for an amount in MCI; None for units that are not a fixed sum."""
    if amount is None or unit != "MCI" or mci is None:
        return None
    return int((Decimal(amount) * mci).quantize(Decimal(1), rounding=ROUND_HALF_UP))
