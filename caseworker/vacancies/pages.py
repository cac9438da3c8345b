"""What the vacancy pages show: the form's choices, the list's filters read from the query
string, and the values a form gives the operations."""
from __future__ import annotations

from sqlalchemy import select

from caseworker import clock, labels
from caseworker.domain.vacancies import QUOTA_GROUPS
from caseworker.extensions import db
from caseworker.forms import record_id
from caseworker.models import Measure, User
from caseworker.models.vacancy import SCHEDULES, VACANCY_STATUSES
from caseworker.options import options
from caseworker.paging import page_of
from caseworker.providers import queries as organisations
from caseworker.providers.pages import district_choices, pairs
from caseworker.people.pages import form_data
from caseworker.refusals import Refused
from caseworker.vacancies import operations, queries
from caseworker.vacancies.forms import VacancyForm


def occupation_choices(level: str | None = "unit", empty: str | None = None) -> list:
    rows = db.session.scalars(queries.occupations(level)).all()
    first = [("", empty)] if empty is not None else []
    return options(first + [(o.code, f"{o.code} {o.name}") for o in rows])


def prepare(form, user: User) -> None:
    employers = db.session.scalars(organisations.employers(user)).all()
    form.organisation_id.choices = options([("", "—")] + [(e.id, e.name) for e in employers])
    form.occupation_code.choices = occupation_choices(empty="—")
    form.schedule.choices = options([(s, str(labels.SCHEDULES[s])) for s in SCHEDULES])
    form.education_level.choices = options(
        [("", "—")] + [(k, str(v)) for k, v in labels.EDUCATION.items()])
    form.languages.choices = options([(k, str(v)) for k, v in labels.LANGUAGES.items()])
    measures = db.session.scalars(select(Measure).where(
        Measure.kind.in_(operations.SUBSIDISED_KINDS)).order_by(Measure.code)).all()
    form.measure_code.choices = options([("", "—")] + [(m.code, m.name) for m in measures])
    form.quota_groups.choices = options([(q, str(labels.QUOTA_GROUPS[q])) for q in QUOTA_GROUPS])


def prepare_end(form) -> None:
    form.status.choices = options([(s, str(labels.VACANCY_STATUSES[s]))
                                   for s in operations.ENDS])
    if form.on.data is None:
        form.on.data = clock.today()


def values_of(form) -> dict:
    """The form's data as the operations take it (empty choices as None)."""
    return {name: (getattr(form, name).data or None) if name in (
        "measure_code", "education_level", "title", "locality", "duties") else
        getattr(form, name).data for name in operations.FIELDS}


def checked(values: dict, user: User) -> dict:
    """Plain values (an imported row) run through the vacancy's form, as the page and the API
    do: the values the operations take, or refused with the first field's message."""
    form = VacancyForm(formdata=form_data(values, operations.FIELDS), meta={"csrf": False})
    prepare(form, user)
    if not form.validate():
        name, messages = next(iter(form.errors.items()))
        raise Refused("validation_error", str(messages[0]), field=name, status=422)
    return values_of(form)


def list_filters(args, user: User) -> dict:
    def _id(name):
        try:
            return record_id(args.get(name))
        except ValueError:
            return None
    status = args.get("status", "open")
    occupation = (args.get("occupation") or "")[:4]
    return {"district_id": _id("district_id"), "organisation_id": _id("organisation_id"),
            "status": status if status in VACANCY_STATUSES else "",
            "occupation": occupation if occupation.isdigit() else ""}


def list_context(user: User, args) -> dict:
    """The list of vacancies: its filters as typed, the page of vacancies they find, and the
    choices of the filters."""
    filters = list_filters(args, user)
    stmt = queries.vacancy_list(user, **filters)
    return {"filters": filters, "labels": labels,
            "result": page_of(stmt, args.get("page", 1, type=int)), **list_choices(user)}


def list_choices(user: User) -> dict:
    employers = db.session.scalars(organisations.provider_list(user, kind="employer")).all()
    return {"districts": pairs(district_choices(user, "")),
            "employers": [(e.id, e.name) for e in employers],
            "groups": pairs(occupation_choices(None, "")),
            "statuses": [(s, labels.VACANCY_STATUSES[s]) for s in VACANCY_STATUSES]}
