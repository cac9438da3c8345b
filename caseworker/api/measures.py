"""The measures catalogue and the proactive list of eligible persons for a measure."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from caseworker import clock, policy
from caseworker.api import routes, schemas
from caseworker.api.errors import ApiError
from caseworker.extensions import db
from caseworker.measures import queries, versions
from caseworker.models import Measure, Person

TAG = {"tags": ["measures"]}
MEASURE_FIELDS = ("code", "kind", "name_kk", "name_ru", "name_en", "notes_kk", "notes_ru",
                  "notes_en", "active")
VERSION_FIELDS = ("valid_from", "valid_to", "needs_approval", "over_funds", "benefit_amount",
                  "benefit_unit", "benefit_period", "amount_by_region", "max_months", "rules",
                  "source", "source_kk", "source_ru", "source_en")


@routes.endpoint("GET", "/measures", schemas.MeasureListSchema, query=schemas.MeasuresQuerySchema,
                 **TAG)
def measure_list(args):
    """The measures catalogue as it stood on a day: each measure in force with its version of
    that day (rules as data, benefit, duration, approval, what a referral beyond the funds left
    needs, first and last day)"""
    on = args.get("on") or clock.today()
    items = [{**{name: getattr(m, name) for name in MEASURE_FIELDS},
              **{name: getattr(v, name) for name in VERSION_FIELDS}, "rules_version": v.number}
             for m, v in versions.catalogue_on(on)]
    db.session.commit()
    return {"on": on, "items": items}


@routes.endpoint("GET", "/measures/<code>/candidates", schemas.PersonPageSchema,
                 query=schemas.CandidatesQuerySchema, **TAG)
def measure_candidates(args, code: str):
    """Active persons in your scope who pass every rule of the measure and were not yet
    referred to it (the proactive list), longest out of work first"""
    policy.require(current_user, "person.view")  # the roles that see persons
    measure = db.session.scalar(select(Measure).where(Measure.code == code))
    if measure is None:
        raise ApiError(404)
    stmt = queries.candidates(measure, current_user, clock.today())
    if args.get("district") is not None:
        stmt = stmt.where(Person.district_id == args["district"])
    return routes.found(stmt, args, "person.list", "measure", measure.code)
