"""Plain factory functions: build rows with sensible defaults; the caller's session commits."""
from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select

from caseworker.auth.operations import create_user
from caseworker.domain.iin import make
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import District, Person, Provider, Region

PASSWORD = "pw-test-123"
_serial = itertools.count(1)


def region(kato: str) -> Region:
    return db.session.scalar(select(Region).where(Region.kato == kato))


def districts_of(kato: str) -> list[District]:
    return region(kato).districts


def user(login: str, role: str, district: District | None = None, region_kato: str | None = None,
         active: bool = True, password: str = PASSWORD):
    reg = district.region if district else (region(region_kato) if region_kato else None)
    u = create_user(login, f"Test {login}", password, role, region_id=reg.id if reg else None,
                    district_id=district.id if district else None)
    u.active = active
    db.session.flush()
    return u


def person(district: District, last="Ахметов", first="Ерлан", patronymic="Маратұлы",
           born=date(1990, 5, 17), sex="M", **extra) -> Person:
    while True:
        iin = make(born, sex, next(_serial))
        if iin:
            break
    p = Person(iin=iin, birth_date=born, sex=sex, last_name=last, first_name=first,
               patronymic=patronymic, name_search=search_key(last, first, patronymic),
               region_id=district.region_id, district_id=district.id,
               registered_on=date(2026, 3, 1), target_groups=[], **extra)
    db.session.add(p)
    db.session.flush()
    return p


def provider(region_id: int, name="ТОО «Арал Балық»", kind="employer") -> Provider:
    """A provider with a BIN of its own (not a checked one: the register's form checks BINs)."""
    p = Provider(name=name, name_search=search_key(name), bin=f"{990000000000 + next(_serial)}",
                 kind=kind, region_id=region_id, active=True)
    db.session.add(p)
    db.session.flush()
    return p


# --- casework: a district's team, contacts with tasks, employment plans with steps ----------

from datetime import datetime, timedelta  # noqa: E402

from caseworker import clock  # noqa: E402
from caseworker.models import EmploymentPlan, Interaction, PlanStep, User  # noqa: E402


def team(kato: str = "430000000", prefix: str = "") -> dict[str, User]:
    """Two caseworkers and a supervisor of a region's first district, and a caseworker, a
    supervisor of its second and the region's officer (logins are the keys, after `prefix`)."""
    first, second = districts_of(kato)[:2]
    users = {"cw": user(f"{prefix}cw", "caseworker", first),
             "cw2": user(f"{prefix}cw2", "caseworker", first),
             "sv": user(f"{prefix}sv", "supervisor", first),
             "cw.other": user(f"{prefix}cw.other", "caseworker", second),
             "sv.other": user(f"{prefix}sv.other", "supervisor", second),
             "officer": user(f"{prefix}officer", "regional_officer", region_kato=kato)}
    return users


def contact(person: Person, author: User, at: datetime | None = None, **extra) -> Interaction:
    """A contact (with a task when `next_action` and `due_on` are given), entered now."""
    values = {"channel": "phone", "topic": "job_search"} | extra
    item = Interaction(person_id=person.id, user_id=author.id,
                       at=at or clock.now().replace(microsecond=0), created_at=clock.utcnow(),
                       **values)
    db.session.add(item)
    db.session.flush()
    return item


def plan(person: Person, agreed_on: date, steps: tuple = (), goal: str = "работа сварщиком",
         **extra) -> EmploymentPlan:
    """An employment plan with its steps, each (text, due_on)."""
    made = EmploymentPlan(person_id=person.id, goal=goal, agreed_on=agreed_on,
                          review_every_days=90,
                          next_review_on=agreed_on + timedelta(days=90), **extra)
    made.steps = [PlanStep(text=text, due_on=due) for text, due in steps]
    db.session.add(made)
    db.session.flush()
    return made
