"""What the benchmark measures: one Case per page and budget of DESIGN.md.

A feature that brings a page with a budget adds one row to CASES: who asks (a role, resolved
to a demo login in the largest district or region that has one), the path of request i, the
budget, and the SQL the page cannot do without (its floor), run from the app's own queries
straight on the connection.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from flask import Flask
from sqlalchemy import Executable, func, select

from caseworker import clock, pdf, policy
from caseworker.casework import queries as caseload
from caseworker.extensions import db
from caseworker.indicators import summary as indicator_summary
from caseworker.indicators import tables as indicator_tables
from caseworker.main import queries as home
from caseworker.measures import allocations
from caseworker.measures import queries as measure_queries
from caseworker.models import Letter, Measure, Person, Referral, User, Vacancy
from caseworker.offers import queries as offer_queries
from caseworker.people import queries as people
from caseworker.payments import queries as payment_queries
from caseworker.people.pages import filters_from

PAGE = 50  # rows on a page of a list
PROACTIVE = "youth_practice"  # the proactive list measured: a measure with several rules
EXPORTED = "job_placement"  # the CSV export measured: the measure open to the most persons
EXPORT_ROWS = 100_000


@dataclass(frozen=True)
class Subjects:
    """Who asks and about whom: a login per role; persons of the caseworker's district (ids,
    IINs, name prefixes) and referrals of theirs that have a letter."""
    logins: dict[str, str]
    person_ids: list[int]
    iins: list[str] = ()
    prefixes: list[str] = ()
    letters: list[int] = ()
    region: int = 0  # the officer's region
    vacancies: list[int] = ()  # open vacancies of the caseworker's district


# Runs the SQL a page cannot do without, for the user asking and request i.
Floor = Callable[[User, Subjects, int], None]


@dataclass(frozen=True)
class Case:
    name: str
    role: str
    path: Callable[[Subjects, int], str]
    budget_ms: float
    budget: str  # the line of DESIGN.md
    floor: Floor
    floor_name: str
    form: Callable[[Subjects, int], dict] | None = None  # POST this form (answer: a redirect)
    requests: int | None = None  # timed requests, where fewer than the run's make sense
    # the page starts a background job: a request is followed to the job's end and its
    # result downloaded (`clients.fetch_job`)
    job: bool = False


def _home(subjects: Subjects, i: int) -> str:
    return "/"


def _person_id(subjects: Subjects, i: int) -> int:
    return subjects.person_ids[i % len(subjects.person_ids)]


def _person(subjects: Subjects, i: int) -> str:
    return f"/people/{_person_id(subjects, i)}"


def _selects(*makers: Callable[[User], Executable]) -> Floor:
    """A floor of plain selects, run on the connection without the ORM."""
    def run(user: User, subjects: Subjects, i: int) -> None:
        connection = db.session.connection()
        for make in makers:
            connection.execute(make(user)).all()
    return run


def _caseload(user: User, subjects: Subjects, i: int) -> None:
    """The caseload page's first page of rows and its counts."""
    today = clock.today()
    first = caseload.caseload(user, user.id, today, caseload.CaseloadFilter())
    db.session.connection().execute(first.limit(PAGE + 1)).all()
    caseload.caseload_counts([user.id], today)


def _person_row(user: User, subjects: Subjects, i: int) -> None:
    stmt = select(Person).where(Person.id == _person_id(subjects, i))
    db.session.connection().execute(policy.scope_persons(stmt, user)).all()


def _all_regions(user: User) -> Executable:
    return home.persons_by_region()


def _pick(values, i: int):
    return values[i % len(values)]


def _iin_form(subjects: Subjects, i: int) -> dict:
    return {"iin": _pick(subjects.iins, i)}


def _iin_row(user: User, subjects: Subjects, i: int) -> None:
    db.session.connection().execute(people.by_iin(user, _pick(subjects.iins, i))).all()


def _names(subjects: Subjects, i: int) -> str:
    return f"/people/?name={quote(_pick(subjects.prefixes, i))}"


def _name_rows(user: User, subjects: Subjects, i: int) -> None:
    stmt = people.person_list(user, filters_from({"name": _pick(subjects.prefixes, i)}))
    connection = db.session.connection()
    connection.execute(stmt.limit(PAGE)).all()
    connection.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).all()


def _candidates(code: str, limit: int | None) -> Floor:
    def run(user: User, subjects: Subjects, i: int) -> None:
        stmt = measure_queries.candidates(db.session.get(Measure, code), user, clock.today())
        result = db.session.connection().execution_options(yield_per=1000).execute(
            stmt if limit is None else stmt.limit(limit))
        for _ in result:
            pass
    return run


def _letter(subjects: Subjects, i: int) -> str:
    return f"/referrals/{_pick(subjects.letters, i)}/letter.pdf"


def _weasyprint(user: User, subjects: Subjects, i: int) -> None:
    pdf.minimal()


def _review(user: User, subjects: Subjects, i: int) -> None:
    members = db.session.connection().execute(caseload.team(user.district_id)).all()
    caseload.caseload_counts([m.id for m in members], clock.today())


def _indicator_facts(user: User, subjects: Subjects, i: int) -> None:
    today = clock.today()
    indicator_summary.facts(indicator_tables.period(today.year, None, today))


def _allocation_money(user: User, subjects: Subjects, i: int) -> None:
    """The region's allocations with their places used and their money (each allocation's
    running totals)."""
    rows = allocations.region_table(user.region_id, clock.today().year)
    payment_queries.funds_by_allocation([row.allocation for row in rows])


def _money_by_month(user: User, subjects: Subjects, i: int) -> None:
    today = clock.today()
    period = indicator_tables.period(today.year, None, today)
    indicator_summary.by_month(period, "funds_used", user.region_id)


def _vacancy_candidates(subjects: Subjects, i: int) -> str:
    return f"/vacancies/{_pick(subjects.vacancies, i)}/candidates"


def _candidate_rows(user: User, subjects: Subjects, i: int) -> None:
    vacancy = db.session.get(Vacancy, _pick(subjects.vacancies, i))
    db.session.execute(offer_queries.candidates(vacancy, user)).all()


CASES = [
    Case("caseload (home of a caseworker)", policy.CASEWORKER, _home, 50, "caseload page",
         _caseload, "raw SQL: rows and counts"),
    Case("home of a supervisor", policy.SUPERVISOR, _home, 200, "supervisor review",
         _selects(home.persons_by_status, home.recent_persons, home.team), "raw SQL"),
    Case("home of a regional officer", policy.OFFICER, _home, 200, "all-regions page",
         _selects(home.persons_by_district, home.persons_by_status, home.recent_persons,
                  _all_regions), "raw SQL"),
    Case("home of the analyst", policy.ANALYST, _home, 200, "all-regions page",
         _selects(_all_regions), "raw SQL"),
    Case("person page (with eligibility for every measure)", policy.CASEWORKER, _person, 50,
         "person page; a person's eligibility", _person_row, "raw SQL: the person's row"),
    Case("search by IIN", policy.CASEWORKER, lambda s, i: "/people/find", 50, "search by IIN",
         _iin_row, "raw SQL: the lookup", form=_iin_form),
    Case("search by name prefix", policy.CASEWORKER, _names, 100, "search by name prefix",
         _name_rows, "raw SQL: first page and count"),
    Case("proactive list, first page", policy.CASEWORKER,
         lambda s, i: f"/measures/{PROACTIVE}/candidates", 300, "proactive list",
         _candidates(PROACTIVE, PAGE + 1), "raw SQL: first page"),
    Case("referral letter PDF", policy.CASEWORKER, _letter, 80, "one referral letter PDF",
         _weasyprint, "WeasyPrint `<p>x</p>`"),
    Case("supervisor review of the district", policy.SUPERVISOR, lambda s, i: "/review", 200,
         "supervisor review", _review, "raw SQL: team and counts"),
    Case("all-regions plan against fact", policy.OFFICER, lambda s, i: "/indicators/", 200,
         "all-regions page", _indicator_facts, "raw SQL: every region's facts (summary)"),
    Case(f"CSV export of the region's candidates ({EXPORTED})", policy.OFFICER,
         lambda s, i: f"/measures/{EXPORTED}/candidates?format=csv", 10_000,
         "CSV export of 100,000 rows", _candidates(EXPORTED, None),
         "raw SQL: every row, streamed", requests=3, job=True),
    Case("allocation page of a region (places and money)", policy.OFFICER,
         lambda s, i: "/measures/allocations", 200, "a region's allocation page",
         _allocation_money, "raw SQL: allocations, places used, money totals"),
    Case("a region's money chart (payments by month)", policy.OFFICER,
         lambda s, i: f"/indicators/charts/money/{s.region}.svg", 200,
         "a region's money chart", _money_by_month, "raw SQL: the region's days (summary)"),
    Case("first page of candidates for a vacancy", policy.CASEWORKER, _vacancy_candidates,
         300, "first page of candidates for a vacancy", _candidate_rows,
         "raw SQL: the narrowed pool (offers.queries.POOL rows)"),
]


def _largest(column, ids) -> int:
    """The one of `ids` (district or region ids) with the most persons."""
    counts = db.session.execute(select(column, func.count()).where(column.in_(ids))
                                .group_by(column).order_by(func.count().desc())).first()
    return counts[0] if counts else min(ids)


def _login(role: str, **where) -> str:
    stmt = select(User.login).where(User.role == role, User.active.is_(True))
    for name, value in where.items():
        stmt = stmt.where(getattr(User, name) == value)
    return db.session.scalar(stmt.order_by(User.login).limit(1))


def choose(app: Flask, sample: int = 200, seed: int = 1) -> Subjects:
    """The caseworker and supervisor of the demo district with the most persons, the officer
    of the demo region with the most, the analyst, and `sample` persons of that district."""
    with app.app_context():
        workers = db.session.execute(select(User.district_id, User.region_id)
                                     .where(User.role == policy.CASEWORKER)).all()
        district = _largest(Person.district_id, {d for d, _ in workers})
        officers = db.session.scalars(select(User.region_id)
                                      .where(User.role == policy.OFFICER)).all()
        region = _largest(Person.region_id, set(officers))
        ids = db.session.scalars(select(Person.id).where(Person.district_id == district)).all()
        chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
        persons = db.session.execute(select(Person.iin, Person.name_search)
                                     .where(Person.id.in_(chosen))).all()
        letters = db.session.scalars(
            select(Referral.id).join(Letter, Letter.referral_id == Referral.id)
            .join(Person, Person.id == Referral.person_id)
            .where(Person.district_id == district, Letter.status == "genuine")
            .order_by(Referral.id).limit(sample)).all()
        logins = {
            policy.CASEWORKER: _login(policy.CASEWORKER, district_id=district),
            policy.SUPERVISOR: _login(policy.SUPERVISOR, district_id=district),
            policy.OFFICER: _login(policy.OFFICER, region_id=region),
            policy.ANALYST: _login(policy.ANALYST),
        }
        vacancies = db.session.scalars(select(Vacancy.id).where(
            Vacancy.district_id == district, Vacancy.status == "open")
            .order_by(Vacancy.id)).all()
        db.session.rollback()
    return Subjects(logins, chosen, [p.iin for p in persons],
                    [p.name_search[:3] for p in persons], letters, region, vacancies)


def user_of(role: str, subjects: Subjects) -> User:
    """The asking user, loaded in the current app context."""
    return db.session.scalar(select(User).where(User.login == subjects.logins[role]))
