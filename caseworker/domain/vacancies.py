"""The rules of a vacancy on plain values: its dates, places, hours and the lowest wage it
may offer (the minimum wage of its open date, pro rata for part-time hours).

The groups the Social Code has local executive bodies set job quotas for are
`QUOTA_GROUPS` (sources in reference_data/README.md, "Quotas")."""
from __future__ import annotations

from datetime import date

# Labour Code art. 68: normal working time is at most 40 hours a week.
FULL_TIME_HOURS = 40
# Above it only with summarised accounting of hours (rotation work); the register takes up to
# this many as the weekly average.
MAX_HOURS = 60
QUOTA_GROUPS = ("disability", "probation", "released_from_prison", "orphan_youth")


def minimum_wage_for(min_wage: int, hours_per_week: int) -> int:
    """The lowest monthly wage for `hours_per_week`: the minimum wage, pro rata below full
    time (rounded up to a whole tenge); full time or more: the minimum wage itself."""
    hours = min(hours_per_week, FULL_TIME_HOURS)
    return -(-min_wage * hours // FULL_TIME_HOURS)


def problems(opened_on: date, closes_on: date | None, places: int, wage: int,
             hours_per_week: int, min_wage: int | None) -> list[str]:
    """The codes of the rules a vacancy breaks, in the form's order: places (at least 1),
    hours (1 to MAX_HOURS), wage_below_minimum (the minimum wage of the open date pro rata;
    not judged when no minimum is known for that date), closes_before_opens."""
    found = []
    if places < 1:
        found.append("places")
    if not 1 <= hours_per_week <= MAX_HOURS:
        found.append("hours")
    elif min_wage is not None and wage < minimum_wage_for(min_wage, hours_per_week):
        found.append("wage_below_minimum")
    if closes_on is not None and closes_on < opened_on:
        found.append("closes_before_opens")
    return found
