"""The date an event happened, as a writer gives it: a registration, a referral's step, an
outcome, a check, a contact, a plan's step. Whoever enters it (typed on the day, back-dated
through the API, imported) says the day it happened; these rules judge that day, and the
record keeps it beside when and by whom it was entered.

Pure: the caller passes today, the person's birth date and the day of what the event follows;
the answer is a refusal code (see `caseworker.refusals`), or None when the day may be kept."""
from __future__ import annotations

from datetime import date, datetime

# An event entered more than this many days after it happened is a late entry: the timeline
# and the audit say so. A constant of the domain (not a setting): what counts as late is the
# same rule in every region, and a report that counts late entries must not change with a
# server's configuration.
LATE_ENTRY_DAYS = 7


def day_problem(on: date, today: date, *, born: date | None = None,
                follows: date | None = None, before: str = "before_previous") -> str | None:
    """What is wrong with `on` as the day an event happened: in the future ("future"), before
    `follows`, the day of what it follows (a referral its person's registration, a step the
    step before it): the code `before`; or before the person was born ("before_birth"). What
    it follows is the nearer limit, so it is named first."""
    if on > today:
        return "future"
    if follows is not None and on < follows:
        return before
    if born is not None and on < born:
        return "before_birth"
    return None


def days_late(happened_on: date | None, entered_on: date | None) -> int:
    """How many days after it happened an event was entered (0 when on the day or unknown)."""
    if happened_on is None or entered_on is None:
        return 0
    return max((entered_on - happened_on).days, 0)


def late(happened_on: date | None, entered: date | datetime | None,
         days: int = LATE_ENTRY_DAYS) -> bool:
    """Whether an event was entered late: more than `days` days after the day it happened.
    `entered` is the local day (or local wall-clock time) it was entered."""
    if isinstance(entered, datetime):
        entered = entered.date()
    return days_late(happened_on, entered) > days
