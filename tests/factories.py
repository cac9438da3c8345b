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
