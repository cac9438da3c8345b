"""Vacancies through the API: those you see (your district's; the region's for its officer),
listed with filters and paging, read, entered, changed from the version read, and ended. The
writes run the page's form over the JSON and call the same operations as the pages
(vacancies.operations.create, update, end, reopen)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, validate

from caseworker import policy
from caseworker.api import forms, routes, schemas
from caseworker.domain.vacancies import QUOTA_GROUPS
from caseworker.models import Vacancy
from caseworker.models.vacancy import SCHEDULES, VACANCY_STATUSES
from caseworker.paging import listed
from caseworker.refusals import Refused, committed
from caseworker.vacancies import operations, pages, queries
from caseworker.vacancies.forms import VacancyForm

TAG = {"tags": ["vacancies"]}
ID = "/vacancies/<int(max=2147483647):vacancy_id>"
BIG = validate.Range(1, 2**31 - 1)


VacancySchema = schemas.mirror(
    "VacancySchema", Vacancy,
    """id organisation_id occupation_code title region_id district_id locality places wage
    hours_per_week schedule education_level experience_months languages duties measure_code
    quota_groups opened_on closes_on status status_on status_reason external_id version""",
    schemas.Reopened,
    wage=fields.Integer(required=True, metadata={"description": "tenge a month"}),
    languages=schemas.strings(), quota_groups=schemas.strings())


class VacancyQuerySchema(schemas.PageQuerySchema):
    district_id = fields.Integer(validate=BIG)
    occupation = fields.String(validate=validate.Regexp(r"^[0-9]{1,4}$"), metadata={
        "description": "a group's code at any level: the vacancies of its unit groups"})
    status = fields.String(validate=validate.OneOf(VACANCY_STATUSES))
    organisation_id = fields.Integer(validate=BIG)


class VacancyInSchema(schemas.Strict):
    """The vacancy form's fields; its rules apply (a unit group, an employer of your region,
    places >= 1, the minimum wage of the opening date pro rata, the dates in order)."""
    organisation_id = fields.Integer(required=True, validate=BIG)
    occupation_code = fields.String(required=True, validate=validate.Length(max=10))
    title = fields.String(allow_none=True, validate=validate.Length(max=200))
    locality = fields.String(allow_none=True, validate=validate.Length(max=200))
    places = fields.Integer(required=True, validate=validate.Range(0, 10_000))
    wage = fields.Integer(required=True, validate=validate.Range(0, 100_000_000))
    hours_per_week = fields.Integer(load_default=40, validate=validate.Range(0, 168))
    schedule = fields.String(load_default="full_day", validate=validate.OneOf(SCHEDULES))
    education_level = fields.String(allow_none=True, validate=validate.Length(max=30))
    experience_months = fields.Integer(allow_none=True, validate=validate.Range(0, 600))
    languages = fields.List(fields.String(validate=validate.Length(max=10)),
                            validate=validate.Length(max=4))
    duties = fields.String(allow_none=True, validate=validate.Length(max=4000))
    measure_code = fields.String(allow_none=True, validate=validate.Length(max=40))
    quota_groups = fields.List(fields.String(validate=validate.OneOf(QUOTA_GROUPS)),
                               validate=validate.Length(max=len(QUOTA_GROUPS)))
    opened_on = fields.Date(required=True)
    closes_on = fields.Date(allow_none=True)


class VacancyPatchSchema(VacancyInSchema):
    organisation_id = fields.Integer(validate=BIG)
    occupation_code = fields.String(validate=validate.Length(max=10))
    places = fields.Integer(validate=validate.Range(0, 10_000))
    wage = fields.Integer(validate=validate.Range(0, 100_000_000))
    hours_per_week = fields.Integer(validate=validate.Range(0, 168))
    schedule = fields.String(validate=validate.OneOf(SCHEDULES))
    opened_on = fields.Date()
    version = fields.Integer(required=True, metadata={
        "description": "the version read; a stale one gives 409 stale"})
    status = fields.String(validate=validate.OneOf(operations.ENDS), metadata={
        "description": "to end the vacancy (with reason and, optionally, on); nothing else "
                       "may change in the same request"})
    reason = fields.String(validate=validate.Length(max=1000))
    on = fields.Date()


VacancyPageSchema = schemas.page_schema("VacancyPage", VacancySchema)


def _values(args: dict) -> dict:
    form = forms.validated(VacancyForm, args, operations.FIELDS,
                           lambda f: pages.prepare(f, current_user))
    return pages.values_of(form)


def _vacancy(vacancy_id: int, action: str) -> Vacancy:
    return policy.get_or_404(Vacancy, vacancy_id, current_user, action)


@routes.endpoint("GET", "/vacancies", VacancyPageSchema, query=VacancyQuerySchema, **TAG)
def vacancy_list(args):
    """The vacancies you see, newest first, with filters and paging"""
    policy.require(current_user, "vacancy.view")
    stmt = queries.vacancy_list(current_user, args.get("district_id"),
                                args.get("occupation") or "", args.get("status") or "",
                                args.get("organisation_id"))
    return listed(stmt, args["page"], args["per_page"])


@routes.endpoint("GET", ID, VacancySchema, **TAG)
def vacancy_show(vacancy_id: int):
    """A vacancy you see"""
    return _vacancy(vacancy_id, "vacancy.view")


@routes.endpoint("POST", "/vacancies", VacancySchema, json=VacancyInSchema, status=201, **TAG)
def vacancy_create(args):
    """Enter a vacancy of your district (caseworkers and supervisors)"""
    policy.require(current_user, "vacancy.edit")
    values = _values(args)
    return committed(lambda: operations.create(values, current_user)), 201


@routes.endpoint("PATCH", ID, VacancySchema, json=VacancyPatchSchema, **TAG)
def vacancy_update(args, vacancy_id: int):
    """Change an open vacancy of your district from the version you read (409 stale when
    someone saved it since); or end it: status filled, closed or cancelled with a reason"""
    vacancy = _vacancy(vacancy_id, "vacancy.edit")
    version = args.pop("version")
    if "status" in args:
        others = sorted(set(args) - {"status", "reason", "on"})
        if others:
            raise Refused("validation_error", _l("Ending a vacancy changes nothing else: send "
                                                "its other fields in a request of their own."),
                          field=others[0], status=422)
        return committed(lambda: operations.end(vacancy, args["status"],
                                                args.get("reason") or "", current_user,
                                                version, on=args.get("on")))
    args.pop("reason", None), args.pop("on", None)
    operations.check_current(vacancy, version)
    current = {name: getattr(vacancy, name) for name in operations.FIELDS}
    values = _values(current | args)
    return committed(lambda: operations.update(vacancy, values, current_user, version))


class VacancyReopenSchema(schemas.ReopenSchema):
    version = fields.Integer(required=True, metadata={"description": "the version you read"})


@routes.endpoint("POST", ID + "/reopen", VacancySchema, json=VacancyReopenSchema, **TAG)
def vacancy_reopen(args, vacancy_id: int):
    """Open again a vacancy ended (filled, closed, cancelled) by mistake, with a reason, from
    the version you read: it keeps who opened it, when, why and the day it had ended (409
    vacancy_open, stale, employer_inactive_reopen)"""
    vacancy = _vacancy(vacancy_id, "vacancy.edit")
    return committed(lambda: operations.reopen(vacancy, args["reason"], current_user,
                                               args["version"], confirmed=True))
