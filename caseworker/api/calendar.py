"""The working-days calendar of a year: its non-working days, the weekend days worked, and
the working days of each month (five-day week)."""
from __future__ import annotations

from datetime import date

from marshmallow import fields, validate

from caseworker.api import routes
from caseworker.api.schemas import Strict
from caseworker.calendar import queries
from caseworker.calendar.operations import FIRST_YEAR, LAST_YEAR
from caseworker.domain.workdays import working_days_in_month
from caseworker.extensions import db

TAG = {"tags": ["calendar"]}


class CalendarQuerySchema(Strict):
    year = fields.Integer(required=True, validate=validate.Range(FIRST_YEAR, LAST_YEAR),
                          metadata={"description": f"{FIRST_YEAR} to {LAST_YEAR}"})


class CalendarDaySchema(Strict):
    date = fields.Date(required=True, attribute="day")
    kind = fields.String(required=True, validate=validate.OneOf(
        ("holiday", "day_off", "working_day")), metadata={
            "description": "holiday: a public holiday, on whatever weekday it falls; day_off: "
                           "a weekday off in place of a holiday on a weekend or moved by "
                           "decree; working_day: a Saturday or Sunday worked instead"})
    name_kk = fields.String(required=True)
    name_ru = fields.String(required=True)
    name_en = fields.String(required=True)
    source = fields.String(required=True)


class MonthSchema(Strict):
    month = fields.Integer(required=True, validate=validate.Range(1, 12))
    working_days = fields.Integer(required=True)


class CalendarSchema(Strict):
    year = fields.Integer(required=True)
    known = fields.Boolean(required=True, metadata={
        "description": "false when no day of the year is entered: then every Monday to Friday "
                       "counts as a working day"})
    non_working_days = fields.List(fields.Nested(CalendarDaySchema), required=True, metadata={
        "description": "holidays and days off, by date"})
    working_weekend_days = fields.List(fields.Nested(CalendarDaySchema), required=True)
    months = fields.List(fields.Nested(MonthSchema), required=True)


@routes.endpoint("GET", "/calendar", CalendarSchema, query=CalendarQuerySchema, **TAG)
def calendar_of_year(args):
    """A year's non-working days and weekend days worked, with the working days of each month"""
    year = args["year"]
    days = db.session.scalars(queries.days_of_year(year)).all()
    first = date(year, 1, 1)
    work = queries.work_calendar(first, first)
    db.session.commit()
    return {"year": year, "known": bool(days),
            "non_working_days": [d for d in days if not d.works],
            "working_weekend_days": [d for d in days if d.works],
            "months": [{"month": m, "working_days": working_days_in_month(year, m, work)}
                       for m in range(1, 13)]}

