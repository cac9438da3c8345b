"""Schemas of the indicators' report and of the plans loaded through the API."""
from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from caseworker import clock
from caseworker.api.schemas import Strict, UtcDateTime, _id
from caseworker.domain import indicators as calc
from caseworker.domain.dates import plan_years
from caseworker.indicators import upload
from caseworker.indicators.forms import year_message


def _plan_year(year: int) -> None:
    low, high = plan_years(clock.today())
    if not low <= year <= high:
        raise ma.ValidationError(year_message(low, high))


class IndicatorsQuerySchema(Strict):
    year = fields.Integer(validate=_plan_year, metadata={
        "description": "the report's year; by default the year of as_of, else this year"})
    as_of = fields.Date(metadata={
        "description": "the report date, inside the year; by default the year's end. A date "
                       "after today gives today's figures (the answer says which date)"})
    region = _id(metadata={"description": "a region's id: its districts instead of the "
                                          "regions, where your role may go down into it"})

    @ma.validates_schema
    def _as_of_in_year(self, data, **_kw):
        as_of = data.get("as_of")
        if as_of is None:
            return
        low, high = plan_years(clock.today())
        if not low <= as_of.year <= high:
            raise ma.ValidationError(str(_l("The report date must be in a year from %(low)d to "
                                            "%(high)d.", low=low, high=high)),
                                     field_name="as_of")
        if data.get("year") not in (None, as_of.year):
            raise ma.ValidationError(str(_l("The report date must be in the report's year.")),
                                     field_name="as_of")


class IndicatorSchema(Strict):
    code = fields.String(required=True)
    name = fields.String(required=True)
    unit = fields.String(required=True, validate=validate.OneOf(
        ["persons", "referrals", "kzt", "jobs", "vacancies"]))
    version = fields.Integer(required=True)


class FigureSchema(Strict):
    """One cell; a suppressed cell keeps only its plan (and whether it was restated)."""
    fact = fields.Integer(allow_none=True, metadata={"description": "null where hidden"})
    plan = fields.Integer(allow_none=True)
    execution = fields.Float(allow_none=True, metadata={"description": "fact / plan"})
    pace = fields.Float(allow_none=True, metadata={
        "description": "execution / the share of the year elapsed"})
    forecast = fields.Float(allow_none=True, metadata={
        "description": "the fact extended at the same pace to the year's end"})
    status = fields.String(allow_none=True, validate=validate.OneOf(
        [calc.ON_TRACK, calc.BEHIND, calc.LAGGING, calc.NO_PLAN]),
        metadata={"description": "null where hidden"})
    hidden = fields.Boolean(required=True, metadata={
        "description": "suppressed: under 5, or hidden so that such a count cannot be worked "
                       "out from the total"})
    restated = fields.Boolean(required=True, metadata={
        "description": "a frozen month-end figure whose fact, counted again today, differs"})
    live_fact = fields.Integer(allow_none=True, attribute="live", metadata={
        "description": "the restated figure's fact counted today, where your role may see it"})

    @ma.pre_dump
    def _suppressed(self, fig: calc.Figure, **_kw):
        if not fig.hidden:
            return fig
        return {"fact": None, "plan": fig.plan, "execution": None, "pace": None,
                "forecast": None, "status": None, "hidden": True, "restated": fig.restated,
                "live": None}


class FigureRowSchema(Strict):
    id = fields.Integer(allow_none=True, metadata={
        "description": "the region's (or district's) id; null in the total row"})
    kato = fields.String(required=True)
    name = fields.String(required=True)
    tier = fields.String(allow_none=True, validate=validate.OneOf(
        [calc.HIGH, calc.AVERAGE, calc.LAGGING]), metadata={"description": "null: no plan"})
    figures = fields.Dict(keys=fields.String(), values=fields.Nested(FigureSchema),
                          required=True, metadata={"description": "by indicator code"})


class PlaceSchema(Strict):
    id = fields.Integer(required=True)
    kato = fields.String(required=True)
    name = fields.String(required=True)


class ThresholdsSchema(Strict):
    on_track = fields.Float(required=True, metadata={"description": "pace at or above"})
    lagging = fields.Float(required=True, metadata={"description": "pace below"})
    lagging_indicators = fields.Integer(required=True, metadata={
        "description": "a region with this many lagging indicators lags"})


class IndicatorReportSchema(Strict):
    year = fields.Integer(required=True)
    as_of = fields.Date(required=True, metadata={"description": "the report date"})
    share_of_year = fields.Float(required=True)
    months_left = fields.Integer(required=True)
    region = fields.Nested(PlaceSchema, allow_none=True, metadata={
        "description": "the region whose districts are the rows; null: the rows are regions"})
    suppressed = fields.Boolean(required=True, metadata={
        "description": "counts under 5 are hidden for your role"})
    frozen_at = UtcDateTime(allow_none=True, metadata={
        "description": "the figures are those frozen at the month's end, taken then"})
    thresholds = fields.Nested(ThresholdsSchema, required=True)
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True)
    rows = fields.List(fields.Nested(FigureRowSchema), required=True)
    total = fields.Nested(FigureRowSchema, required=True, metadata={
        "description": "the country, or the whole region"})


def _cell(**kw):
    """A cell of a plan row, taken as it comes: the checks of the plan file decide what is
    wrong with it, so every bad row is reported at once, with the same reasons as for a file."""
    return fields.Raw(**kw)


class PlanRowSchema(Strict):
    indicator = _cell(required=True, metadata={"type": "string",
                                               "description": "indicator code"})
    region = _cell(required=True, metadata={"type": "string", "example": "430000000",
                                            "description": "the region's KATO code"})
    district = _cell(allow_none=True, metadata={
        "type": "string", "description": "a district's KATO code; absent or null: the whole "
                                         "region's plan"})
    year = _cell(required=True, metadata={"type": "integer"})
    target = _cell(required=True, metadata={"type": "integer", "minimum": 0})


class PlanLoadSchema(Strict):
    plans = fields.List(fields.Nested(PlanRowSchema), required=True,
                        validate=validate.Length(1, upload.MAX_ROWS))


class PlanLoadedSchema(Strict):
    loaded = fields.Integer(required=True, metadata={"description": "plans saved"})
