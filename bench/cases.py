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
from datetime import date

from flask import Flask
from sqlalchemy import Executable, func, select

from caseworker import policy
from caseworker.casework import queries as caseload
from caseworker.extensions import db
from caseworker.main import queries as home
from caseworker.models import Person, User

PAGE = 50  # rows on a page of a list


@dataclass(frozen=True)
class Subjects:
    """Who asks and about whom: a login per role, persons of the caseworker's district."""
    logins: dict[str, str]
    person_ids: list[int]


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
    today = date.today()
    first = caseload.caseload(user, user.id, today, caseload.CaseloadFilter())
    db.session.connection().execute(first.limit(PAGE + 1)).all()
    caseload.caseload_counts([user.id], today)


def _person_row(user: User, subjects: Subjects, i: int) -> None:
    stmt = select(Person).where(Person.id == _person_id(subjects, i))
    db.session.connection().execute(policy.scope_persons(stmt, user)).all()


def _all_regions(user: User) -> Executable:
    return home.persons_by_region()


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
    Case("person page", policy.CASEWORKER, _person, 50, "person page", _person_row,
         "raw SQL: the person's row"),
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
        logins = {
            policy.CASEWORKER: _login(policy.CASEWORKER, district_id=district),
            policy.SUPERVISOR: _login(policy.SUPERVISOR, district_id=district),
            policy.OFFICER: _login(policy.OFFICER, region_id=region),
            policy.ANALYST: _login(policy.ANALYST),
        }
        db.session.rollback()
    return Subjects(logins, random.Random(seed).sample(ids, min(sample, len(ids))))


def user_of(role: str, subjects: Subjects) -> User:
    """The asking user, loaded in the current app context."""
    return db.session.scalar(select(User).where(User.login == subjects.logins[role]))
