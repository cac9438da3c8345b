"""Reading the calendar: a year's days for the pages and the API, and the `WorkCalendar` the
working-days functions of `caseworker.domain.workdays` count with."""
from __future__ import annotations

from datetime import date

from flask import g, has_app_context
from sqlalchemy import Select, select

from caseworker.domain.workdays import WorkCalendar
from caseworker.extensions import db
from caseworker.models import CalendarDay


def days_of_year(year: int) -> Select:
    return (select(CalendarDay)
            .where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(CalendarDay.day))


def work_calendar(first: date, last: date) -> WorkCalendar:
    """The calendar of the whole years from `first` to `last`, in one query; kept for the
    rest of the request, so a page counting many deadlines reads it once."""
    key = (first.year, last.year)
    cache = g.setdefault("work_calendars", {}) if has_app_context() else {}
    if key not in cache:
        rows = db.session.execute(select(CalendarDay.day, CalendarDay.kind).where(
            CalendarDay.day.between(date(first.year, 1, 1), date(last.year, 12, 31)))).all()
        cache[key] = WorkCalendar(
            non_working=frozenset(day for day, kind in rows if kind != "working_day"),
            working=frozenset(day for day, kind in rows if kind == "working_day"),
            years=frozenset(day.year for day, _kind in rows))
    return cache[key]


def forget() -> None:
    """Drop the request's cached calendars (after the calendar itself was changed)."""
    if has_app_context():
        g.pop("work_calendars", None)
