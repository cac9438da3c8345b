"""Voluntary resettlement: which regions receive whom, and at what rate, on a day.

The minister's order of each year lists the receiving regions twice, for resettlers (people of
labour-surplus regions) and for kandas (ethnic Kazakh returnees), with the allowance per family
member in MCI. Those lists are dated reference data (`reference_data/resettlement.csv`); these
pure functions check them and read them. Astana and Almaty never receive."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

from caseworker.domain.versions import covers, overlap

GROUPS = ("resettler", "kandas")
NEVER_RECEIVE = frozenset({"710000000", "750000000"})  # Astana, Almaty


@dataclass(frozen=True)
class Rate:
    group: str
    kato: str
    valid_from: date
    valid_to: date | None
    mci_per_member: Decimal


def group_of(target_groups: Iterable[str]) -> str:
    """Whose list a person moves under: a kandas moves as a kandas, whatever their region."""
    return "kandas" if "kandas" in set(target_groups or ()) else "resettler"


def check(rates: Iterable[Rate]) -> list[Rate]:
    """The rows of the lists, refused with a ValueError that says which when a group is
    unknown, a row names Astana or Almaty, ends before it starts, pays nothing, or overlaps
    another row of the same group and region."""
    rates = sorted(rates, key=lambda r: (r.group, r.kato, r.valid_from))
    for rate in rates:
        where = f"{rate.group} {rate.kato} from {rate.valid_from}"
        if rate.group not in GROUPS:
            raise ValueError(f"{where}: the group is resettler or kandas")
        if rate.kato in NEVER_RECEIVE:
            raise ValueError(f"{where}: Astana and Almaty never receive resettlement")
        if rate.valid_to is not None and rate.valid_to < rate.valid_from:
            raise ValueError(f"{where}: ends before it starts")
        if rate.mci_per_member <= 0:
            raise ValueError(f"{where}: the allowance per family member must be positive")
    for before, after in zip(rates, rates[1:]):
        if (before.group, before.kato) == (after.group, after.kato) and overlap(
                before.valid_from, before.valid_to, after.valid_from, after.valid_to):
            raise ValueError(f"{after.group} {after.kato}: rows from {before.valid_from} and "
                             f"{after.valid_from} overlap")
    return rates


def receiving(rates: Iterable[Rate], group: str, on: date) -> dict[str, Decimal]:
    """The regions (KATO) that receive `group` on `on`, with the MCI per family member."""
    return {r.kato: r.mci_per_member for r in rates
            if r.group == group and covers(r, on) and r.kato not in NEVER_RECEIVE}
