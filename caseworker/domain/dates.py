"""Ages and spans computed in Python (never with SQL date arithmetic)."""
from __future__ import annotations

from datetime import date


def birthday_in(year: int, born: date) -> date:
    """The birthday in a given year; 29 February falls on 1 March in other years."""
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def age(born: date, today: date) -> int:
    years = today.year - born.year
    return years if today >= birthday_in(today.year, born) else years - 1


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (0 when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def reached(born: date, months: int, today: date) -> bool:
    """Whether a person born on `born` is at least `months` months old today; the same
    test as `born <= months_cutoff(today, months)`, which the SQL side uses."""
    return born <= months_cutoff(today, months)


def months_cutoff(today: date, months: int) -> date:
    """The latest birth (or start) date that has reached `months` months by today.
    Someone born on 29 February reaches a whole year on 1 March in other years."""
    return add_months(today, -months)


FIRST_PLAN_YEAR = 2015  # the registers hold plans and reports from this year on


def plan_years(today: date) -> tuple[int, int]:
    """The first and last year a plan, a report or a project can be of: from the registers'
    first year to next year (a plan for 2090 is a slip of the keyboard)."""
    return FIRST_PLAN_YEAR, today.year + 1


def start_within_plans(start: date, today: date) -> bool:
    """A referral's start in the plan years it can belong to: last year, this year, next."""
    return today.year - 1 <= start.year <= today.year + 1


def date_out_of_window(day: date, first: date, months: int) -> str | None:
    """Whether a date given for something that follows `first` (a task after its contact, a
    plan's step after the plan's agreement) lies outside the window it can belong to:
    "before" `first`, "after" more than `months` months after it (a mistyped year), or None."""
    if day < first:
        return "before"
    if day > add_months(first, months):
        return "after"
    return None
