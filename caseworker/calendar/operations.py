"""The calendar's use cases: add, change and remove a day; fill a year from the `holidays`
package or from a file. Each checks its rules, writes (add + flush), audits, and raises
`Refused` when a rule says no."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from caseworker import audit
from caseworker.calendar import queries
from caseworker.calendar.source import DayRow
from caseworker.extensions import db
from caseworker.models import CalendarDay, User
from caseworker.models.calendar import KINDS
from caseworker.refusals import Refused

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years the calendar may hold (as the API accepts)
FIELDS = ("day", "kind", "name_kk", "name_ru", "name_en", "source")


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def check_row(row: DayRow, year: int | None = None) -> None:
    """The rules of one day: a known kind, a weekday off and a weekend day worked, names and
    a source, and the date inside `year` when the row belongs to a year's file."""
    if year is not None and row.day.year != year:
        raise Refused("calendar_outside_year", message=_l(
            "%(day)s is not in %(year)d: a year's calendar holds only that year's days",
            day=row.day.isoformat(), year=year))
    if not FIRST_YEAR <= row.day.year <= LAST_YEAR:
        raise Refused("calendar_year_range")
    if row.kind not in KINDS:
        raise Refused("calendar_kind")
    if row.kind == "working_day" and row.day.weekday() < 5:
        raise Refused("calendar_working_weekday")
    if row.kind == "day_off" and row.day.weekday() >= 5:
        raise Refused("calendar_day_off_weekend")
    if not all((row.name_kk, row.name_ru, row.name_en)):
        raise Refused("calendar_names")
    if not row.source:
        raise Refused("calendar_source")


def _taken(day: date, but: CalendarDay | None = None) -> bool:
    stmt = select(CalendarDay.id).where(CalendarDay.day == day)
    if but is not None:
        stmt = stmt.where(CalendarDay.id != but.id)
    return db.session.scalar(stmt) is not None


def _flush_unique() -> None:
    """Flush; the same date saved a moment ago by someone else is refused, not a 500."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Refused("calendar_day_taken") from None
    queries.forget()


def add_day(row: DayRow, user: User) -> CalendarDay:
    check_row(row)
    if _taken(row.day):
        raise Refused("calendar_day_taken")
    entry = CalendarDay(**{name: getattr(row, name) for name in FIELDS})
    db.session.add(entry)
    _flush_unique()
    audit.record("calendar.add", "calendar_day", entry.id, user=user)
    db.session.flush()
    return entry


def update_day(entry: CalendarDay, row: DayRow, user: User, version: int | None) -> bool:
    """Save the changed fields; False when nothing changed (nothing is recorded). `version`:
    the one the form was opened on; a save over a later one is refused ("stale")."""
    if version != entry.version:
        raise Refused("stale")
    check_row(row)
    if row.day != entry.day and _taken(row.day, but=entry):
        raise Refused("calendar_day_taken")
    changed = [name for name in FIELDS if getattr(entry, name) != getattr(row, name)]
    if not changed:
        return False
    for name in changed:
        setattr(entry, name, getattr(row, name))
    _flush_unique()
    audit.record("calendar.update", "calendar_day", entry.id, user=user)
    db.session.flush()
    return True


def remove_day(entry: CalendarDay, user: User) -> None:
    audit.record("calendar.remove", "calendar_day", entry.id, user=user)
    db.session.delete(entry)
    db.session.flush()
    queries.forget()


def check_year(year: int, rows: Iterable[DayRow]) -> list[DayRow]:
    """Every row of a year's file checked before anything is written: one bad row refuses
    the whole file."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refused("calendar_year_range")
    rows, seen = list(rows), set()
    for row in rows:
        check_row(row, year)
        if row.day in seen:
            raise Refused("calendar_duplicate", message=_l(
                "%(day)s is in the file twice", day=row.day.isoformat()))
        seen.add(row.day)
    return rows


def days_in_year(year: int) -> int:
    first, last = year_bounds(year)
    return db.session.scalar(select(func.count(CalendarDay.id)).where(
        CalendarDay.day.between(first, last)))


def write_year(year: int, rows: list[DayRow], replace: bool = False) -> int:
    """Write checked rows as the year's calendar; a year that has days is refused unless
    `replace`, which removes them first. Returns how many days were written."""
    if days_in_year(year):
        if not replace:
            raise Refused("calendar_year_exists", message=_l(
                "the calendar of %(year)d has days already: change them one by one, or "
                "replace the whole year", year=year))
        first, last = year_bounds(year)
        db.session.execute(delete(CalendarDay).where(CalendarDay.day.between(first, last)))
    db.session.add_all(CalendarDay(**{name: getattr(row, name) for name in FIELDS})
                       for row in rows)
    _flush_unique()
    return len(rows)


def add_year(year: int, rows: Iterable[DayRow], replace: bool = False,
             user: User | None = None) -> int:
    written = write_year(year, check_year(year, rows), replace)
    audit.record("calendar.add_year", "calendar_year", year, user=user)
    db.session.flush()
    return written


def seed_missing(years: Iterable[int]) -> int:
    """Fill each of `years` that has no days from the package (with the additions); a year
    that has days is the admins' and is left as it is. Returns the days added."""
    from caseworker.calendar import source
    added = 0
    for year in years:
        if not days_in_year(year):
            added += write_year(year, check_year(year, source.for_year(year)))
    return added
