"""GET /api/v1/regions?on=YYYY-MM-DD: the regions and cities of republican significance of a
day, each with the districts it held then, with their names and KATO codes then."""
from __future__ import annotations

from datetime import date

from marshmallow import fields, validate

from caseworker import clock
from caseworker.api import routes
from caseworker.api.schemas import Strict
from caseworker.extensions import db
from caseworker.territories import queries

TAG = {"tags": ["regions"]}


class RegionsQuerySchema(Strict):
    on = fields.Date(metadata={"description": "YYYY-MM-DD; without it, today"},
                     validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31)))


class TerritoryUnitSchema(Strict):
    id = fields.Integer(required=True, metadata={
        "description": "the same unit on every day, whatever its name or code"})
    kato = fields.String(required=True, metadata={"description": "the KATO code of that day"})
    name_kk = fields.String(required=True)
    name_ru = fields.String(required=True)
    name_en = fields.String(required=True)


class RegionSchema(TerritoryUnitSchema):
    kind = fields.String(required=True, validate=validate.OneOf(("region", "city")), metadata={
        "description": "region, or city of republican significance"})
    districts = fields.List(fields.Nested(TerritoryUnitSchema), required=True, metadata={
        "description": "the districts and cities of regional significance it held that day"})


class RegionListSchema(Strict):
    on = fields.Date(required=True)
    items = fields.List(fields.Nested(RegionSchema), required=True)


@routes.endpoint("GET", "/regions", RegionListSchema, query=RegionsQuerySchema, **TAG)
def region_list(args):
    """The regions of a day with their districts, names and KATO codes then (a report for that
    day groups districts the same way)"""
    on = args.get("on") or clock.today()
    districts: dict[int, list] = {}
    for d in queries.districts_on(on):
        districts.setdefault(d.region_id, []).append(d)
    items = [{"id": r.id, "kato": r.kato, "name_kk": r.name_kk, "name_ru": r.name_ru,
              "name_en": r.name_en, "kind": r.kind, "districts": districts.get(r.id, [])}
             for r in queries.regions_on(on)]
    db.session.commit()
    return {"on": on, "items": items}
