"""The use cases of vacancies: enter one, change it (from the version read), and end it
(filled, closed or cancelled, with the day and why). The page, the API and the import call
them; the rules are the domain's (`domain.vacancies`) and the register's."""
from __future__ import annotations

from datetime import date


from caseworker import audit, clock
from caseworker.domain import event_dates
from caseworker.domain import vacancies as rules
from caseworker.extensions import db
from caseworker.models import Measure, Occupation, Provider, User, Vacancy
from caseworker.providers import queries as organisations
from caseworker.refusals import Refused, flushed
from caseworker.vacancies import queries
from caseworker.voiding import reason_given

FIELDS = ("organisation_id", "occupation_code", "title", "locality", "places", "wage",
          "hours_per_week", "schedule", "education_level", "experience_months", "languages",
          "duties", "measure_code", "quota_groups", "opened_on", "closes_on")
ENDS = ("filled", "closed", "cancelled")
SUBSIDISED_KINDS = ("subsidised_job", "public_works")


def check_current(vacancy: Vacancy, version: int | None) -> None:
    if version != vacancy.version:
        raise Refused("stale")


def _check(values: dict, user: User) -> None:
    employer = db.session.get(Provider, values["organisation_id"] or 0)
    if employer is None or employer.region_id != user.region_id:
        raise Refused("employer_outside")
    if "employer" not in employer.kinds:
        raise Refused("not_employer")
    if not employer.active:
        raise Refused("employer_inactive")
    occupation = db.session.get(Occupation, values["occupation_code"] or "")
    if occupation is None or occupation.level != "unit":
        raise Refused("occupation_not_unit")
    if values.get("measure_code"):
        measure = db.session.get(Measure, values["measure_code"])
        if measure is None or measure.kind not in SUBSIDISED_KINDS:
            raise Refused("measure_not_subsidised")
    minimum = db.session.scalar(queries.minimum_wage_on(values["opened_on"]))
    found = rules.problems(values["opened_on"], values.get("closes_on"), values["places"],
                           values["wage"], values["hours_per_week"], minimum)
    if found:
        code = {"places": "vacancy_places", "hours": "vacancy_hours"}.get(found[0], found[0])
        if code == "wage_below_minimum":
            lowest = rules.minimum_wage_for(minimum, values["hours_per_week"])
            raise Refused(code, str(Refused(code).message) % {"minimum": f"{lowest:,}".replace(
                ",", "\u00a0")})
        raise Refused(code)


def create(values: dict, user: User, *, district_id: int | None = None,
           external_id: str | None = None) -> Vacancy:
    """A vacancy of the user's district (the district's team enters its own), open."""
    if district_id is not None and district_id != user.district_id:
        raise Refused("vacancy_district")
    if user.district_id is None:
        raise Refused("vacancy_district")
    _check(values, user)
    vacancy = Vacancy(district_id=user.district_id, region_id=user.district.region_id,
                      status="open", entered_by_id=user.id, entered_at=clock.utcnow(),
                      external_id=external_id,
                      **{name: values.get(name) for name in FIELDS})
    vacancy.languages = list(values.get("languages") or [])
    vacancy.quota_groups = list(values.get("quota_groups") or [])
    db.session.add(vacancy)
    flushed("import_duplicate_id")
    audit.record("vacancy.create", "vacancy", vacancy.id, user=user, on=vacancy.opened_on)
    return vacancy


def update(vacancy: Vacancy, values: dict, user: User, version: int | None) -> Vacancy:
    """Change an open vacancy from the version read (a stale one is refused)."""
    check_current(vacancy, version)
    if not vacancy.open:
        raise Refused("vacancy_not_open")
    _check(values, user)
    for name in FIELDS:
        value = values.get(name)
        setattr(vacancy, name, list(value or []) if name in ("languages", "quota_groups")
                else value)
    flushed("import_duplicate_id")
    audit.record("vacancy.update", "vacancy", vacancy.id, user=user)
    return vacancy


def end(vacancy: Vacancy, status: str, reason: str, user: User, version: int | None,
        on: date | None = None) -> Vacancy:
    """Filled, closed or cancelled on `on` (today when left out), with why: never from a
    vacancy ended already, never before it opened nor in the future."""
    check_current(vacancy, version)
    if not vacancy.open:
        raise Refused("vacancy_not_open")
    if status not in ENDS:
        raise Refused("vacancy_not_open")
    if not (reason or "").strip():
        raise Refused("vacancy_reason_required")
    on = on or clock.today()
    problem = event_dates.day_problem(on, clock.today(), follows=vacancy.opened_on,
                                      before="vacancy_end_before_open")
    if problem:
        raise Refused(problem, field="on")
    vacancy.status, vacancy.status_on, vacancy.status_reason = status, on, reason.strip()
    vacancy.status_at, vacancy.status_by_id = clock.utcnow(), user.id
    flushed("import_duplicate_id")
    audit.record(f"vacancy.{status}", "vacancy", vacancy.id, user=user, on=on)
    return vacancy


def reopen(vacancy: Vacancy, reason: str | None, user: User, version: int | None,
           confirmed: bool) -> Vacancy:
    """An ending recorded by mistake (filled, closed or cancelled: the wrong vacancy, the wrong
    day) taken back with a reason and a tick: the vacancy is open again as it was, and keeps
    who opened it, when, why and the day it had ended. Not while its employer is deactivated
    (reactivating the employer reopens none of its vacancies: this does, one by one)."""
    check_current(vacancy, version)
    if vacancy.open:
        raise Refused("vacancy_open")
    reason = reason_given(reason, confirmed, "reopen")
    if not vacancy.organisation.active:
        raise Refused("employer_inactive_reopen")
    vacancy.reopened_done_on, vacancy.reopen_reason = vacancy.status_on, reason
    vacancy.reopened_at, vacancy.reopened_by_id = clock.utcnow(), user.id
    vacancy.status, vacancy.status_on, vacancy.status_reason = "open", None, None
    vacancy.status_at = vacancy.status_by_id = vacancy.closed_by_event_id = None
    flushed("import_duplicate_id")
    audit.record("vacancy.reopened", "vacancy", vacancy.id, user=user)
    return vacancy


def close_with_employer(employer: Provider, event, user: User) -> list[Vacancy]:
    """The employer's deactivation (`event`, a step of its timeline): each of its open
    vacancies closed on that day with the same reason, as `end` closes one (audited, in the
    vacancy's history), pointing back at the step. Registered with the register's
    `on_deactivate`; a vacancy that cannot be closed then refuses the deactivation."""
    closed = list(db.session.scalars(organisations.open_vacancies(employer.id)))
    for vacancy in closed:
        end(vacancy, "closed", event.reason, user, vacancy.version, on=event.happened_on)
        vacancy.closed_by_event_id = event.id
    flushed("import_duplicate_id")
    return closed
