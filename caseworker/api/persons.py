"""Persons through the API: search (IIN or name prefix, in the body), read, register, edit
with optimistic locking, and eligibility for every measure. Scoped and audited as the pages;
registering and editing call the pages' operations (people.operations), whose refusals the
blueprint answers as JSON errors with their codes (api.errors)."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseworker import clock, policy
from caseworker.api import forms, routes, schemas
from caseworker.api.errors import ApiError
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.measures import explain
from caseworker.measures.eligibility import verdicts
from caseworker.measures.queries import catalogue
from caseworker.people import operations, queries

TAG = {"tags": ["persons"]}


@routes.endpoint("POST", "/persons/search", schemas.PersonPageSchema, json=schemas.SearchSchema,
                 **TAG)
def person_search(args):
    """Find persons by IIN or by name prefix, within your scope"""
    policy.require(current_user, "person.view")
    if args.get("iin"):
        info = forms.parse_iin(args["iin"], clock.today())
        person = db.session.scalar(queries.by_iin(current_user, info.iin))
        return routes.shown({"items": [person] if person else [], "page": 1, "has_next": False},
                            "person.search_iin", "person", person.id if person else None)
    key = search_key(args.get("name") or "")
    if not key:
        message = _l("Give an IIN or the beginning of a name.")
        raise ApiError(422, "validation_error", message,
                       {"name": [{"code": "required", "message": str(message)}]})
    filters = queries.Filters(name=key, status=args.get("status", ""))
    return routes.found(queries.person_list(current_user, filters), args, "person.list", "person")


@routes.endpoint("GET", "/persons", schemas.PersonListSchema, query=schemas.PersonQuerySchema,
                 **TAG)
def person_list(args):
    """The persons you see, by name, with filters and paging (the total over all pages in the
    answer)"""
    policy.require(current_user, "person.view")
    filters = queries.Filters(
        name=args.get("name") or "", status=args.get("status") or "",
        segment=args.get("segment") or "", target_group=args.get("target_group") or "",
        caseworker_id=args.get("caseworker_id"), district_id=args.get("district_id"))
    return routes.page(queries.person_list(current_user, filters), args, "person.list", "person")


@routes.endpoint("GET", "/persons/<int(max=2147483647):person_id>", schemas.PersonSchema, **TAG)
def person_show(person_id: int):
    """A person's profile"""
    person = policy.get_person_or_404(person_id, current_user)
    return routes.shown(person, "person.view", "person", person.id)


@routes.endpoint("POST", "/persons", schemas.PersonSchema, json=schemas.PersonCreateSchema,
                 status=201, **TAG)
def person_register(args):
    """Register a person in your district (the rules of the registration form)"""
    policy.require(current_user, "person.register")
    today = clock.today()
    info = forms.parse_iin(args["iin"], today)
    values = forms.validated_profile(args, current_user.district_id, info.birth_date)
    person = operations.register(info, values, current_user, today,
                                 confirm_duplicate=bool(args.get("confirm_duplicate")),
                                 on=args.get("on"))
    db.session.commit()
    return person, 201


@routes.endpoint("PATCH", "/persons/<int(max=2147483647):person_id>", schemas.PersonSchema,
                 json=schemas.PersonPatchSchema, **TAG)
def person_update(args, person_id: int):
    """Change profile fields; send the version you read (409 when stale)"""
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "person.edit", person)
    operations.check_current(person, args["version"])
    values = {**forms.current_values(person),
              **{k: v for k, v in args.items() if k != "version"}}
    values = forms.validated_profile(values, person.district_id, person.birth_date)
    operations.update(person, values, current_user, clock.today(), version=args["version"])
    db.session.commit()
    return person


@routes.endpoint("GET", "/persons/<int(max=2147483647):person_id>/eligibility",
                 schemas.EligibilitySchema, **TAG)
def person_eligibility(person_id: int):
    """Every active measure with the person's verdict and its reasons"""
    person = policy.get_person_or_404(person_id, current_user)
    today = clock.today()
    rows = verdicts(person, db.session.scalars(catalogue(active_only=True)).all(), today)
    result = {"person_id": person.id, "on": today, "measures": [
        {"measure_code": m.code, "measure_name": m.name, "status": v.status,
         "rules_version": m.rules_version,
         "outcomes": [{"rule": o.rule, "status": o.status, "reason": o.reason,
                       "sentence": explain.sentence(o), "missing": o.missing}
                      for o in v.outcomes]}
        for m, v in rows]}
    return routes.shown(result, "person.eligibility", "person", person.id)
