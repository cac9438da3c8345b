"""What the benchmark measures: one Case per page and budget of DESIGN.md.

A feature that brings a page with a budget adds one row to CASES: who asks (a role, resolved
to a demo login in the largest district or region that has one), the path of request i, the
budget, and the SQL the page cannot do without (its floor), built from the app's own queries.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import Executable, func, select

from caseworker import policy
from caseworker.extensions import db
from caseworker.main import queries as home
from caseworker.models import Person, User


@dataclass(frozen=True)
class Subjects:
    """Who asks and about whom: a login per role, persons of the caseworker's district."""
    logins: dict[str, str]
    person_ids: list[int]


@dataclass(frozen=True)
class Case:
    name: str
    role: str
    path: Callable[[Subjects, int], str]
    budget_ms: float
    budget: str  # the line of DESIGN.md
    floor: Callable[[User, Subjects, int], list[Executable]]


def _home(subjects: Subjects, i: int) -> str:
    return "/"


def _person(subjects: Subjects, i: int) -> str:
    return f"/people/{subjects.person_ids[i % len(subjects.person_ids)]}"


def _person_select(user: User, subjects: Subjects, i: int) -> list[Executable]:
    person_id = subjects.person_ids[i % len(subjects.person_ids)]
    return [policy.scope_persons(select(Person).where(Person.id == person_id), user)]


def _overview(user: User) -> list[Executable]:
    return [home.persons_by_status(user), home.recent_persons(user)]


CASES = [
    Case("home of a caseworker", policy.CASEWORKER, _home, 50, "caseload page",
         lambda user, s, i: _overview(user)),
    Case("home of a supervisor", policy.SUPERVISOR, _home, 200, "supervisor review",
         lambda user, s, i: [*_overview(user), home.team(user)]),
    Case("home of a regional officer", policy.OFFICER, _home, 200, "all-regions page",
         lambda user, s, i: [home.persons_by_district(user), *_overview(user),
                             home.persons_by_region()]),
    Case("home of the analyst", policy.ANALYST, _home, 200, "all-regions page",
         lambda user, s, i: [home.persons_by_region()]),
    Case("person page", policy.CASEWORKER, _person, 50, "person page", _person_select),
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
