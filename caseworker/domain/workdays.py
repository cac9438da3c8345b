"""Working days on a five-day week (Monday to Friday), corrected by the calendar of public
holidays, days off moved from a weekend or by decree, and weekend days worked instead.

Pure: the caller passes a `WorkCalendar` (the dates the database holds, see
`caseworker.calendar.queries.work_calendar`). A date the calendar says nothing about is a
working day when it falls on Monday to Friday; `WorkCalendar.years` tells which years it knows,
so a caller can say when a count runs into a year nobody has entered yet.

What is counted in working days (DESIGN.md, "Working days"): the provider's answer to a
referral (`answered_by`, `passed_since`), a follow-up's due date that falls on a day off
(`on_or_after`), the days of a month a subsidised job's timesheet expects
(`working_days_in_month`) and the schedule's first working day of a month.
"""
from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass, field
from collections.abc import Iterable
from datetime import date, timedelta

from caseworker.domain.dates import add_months

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    non_working: frozenset[date] = frozenset()  # holidays and days off, whatever weekday
    working: frozenset[date] = frozenset()  # Saturdays and Sundays worked by decree
    years: frozenset[int] = field(default=frozenset())  # years the calendar was entered for

    def knows(self, day: date) -> bool:
        return day.year in self.years


EMPTY = WorkCalendar()


def is_working_day(day: date, calendar: WorkCalendar = EMPTY) -> bool:
    if day in calendar.working:
        return True
    if day in calendar.non_working:
        return False
    return day.weekday() < 5


def add_working_days(start: date, n: int, calendar: WorkCalendar = EMPTY) -> date:
    """The n-th working day after `start` (before it when n is negative); `start` itself is
    not counted, so 14 working days from a Friday letter end on a working day three weeks on.
    n = 0 gives `start` unchanged, whatever day it is."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day, left = start, abs(n)
    while left:
        day += step
        if is_working_day(day, calendar):
            left -= 1
    return day


def working_days_between(a: date, b: date, calendar: WorkCalendar = EMPTY) -> int:
    """Working days after `a` up to and including `b`; when `b` is before `a`, minus the
    working days from `b` up to the day before `a`. The inverse of `add_working_days`:
    working_days_between(a, add_working_days(a, n)) == n."""
    if b < a:
        return -sum(is_working_day(b + ONE_DAY * i, calendar) for i in range((a - b).days))
    return sum(is_working_day(a + ONE_DAY * i, calendar) for i in range(1, (b - a).days + 1))


def working_days_in_month(year: int, month: int, calendar: WorkCalendar = EMPTY) -> int:
    last = gregorian.monthrange(year, month)[1]
    return sum(is_working_day(date(year, month, d), calendar) for d in range(1, last + 1))


def on_or_after(day: date, calendar: WorkCalendar = EMPTY) -> date:
    """`day` when it is a working day, else the next working day: a term whose last day
    falls on a day off ends on the next working day."""
    while not is_working_day(day, calendar):
        day += ONE_DAY
    return day


def follow_up_days(start_on: date, months: Iterable[int],
                   calendar: WorkCalendar = EMPTY) -> list[tuple[int, date]]:
    """(months, due day) of the checks of a job `months` calendar months from its start; one
    that falls on a day off is due on the next working day."""
    return [(n, on_or_after(add_months(start_on, n), calendar)) for n in months]


def answered_by(sent: date, n: int, calendar: WorkCalendar = EMPTY) -> date:
    """The last day of a term of n working days that starts the day after `sent`."""
    return add_working_days(sent, n, calendar)


def passed_since(today: date, n: int, calendar: WorkCalendar = EMPTY) -> date:
    """The latest day from which n working days have passed by `today` (that day not
    counted, `today` counted): whatever was sent on it or before has had its n days.
    working_days_between(passed_since(t, n), t) == n, and one day later it is n - 1."""
    day, count = today, 0
    while count < n:
        count += is_working_day(day, calendar)
        day -= ONE_DAY
    return day
