"""Demo data: users of every role in several regions and persons spread over all regions."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from caseworker.auth.operations import create_user, hash_password
from caseworker.demo.bulk import write_persons
from caseworker.demo.persons import rows
from caseworker.extensions import db
from caseworker.models import District, Person, Region, User

PASSWORD = "enbek-demo-2026"
# login suffix -> region KATO; each gets an officer, a supervisor and a caseworker in the
# region's first district (its centre).
DEMO_REGIONS = {
    "kyzylorda": "430000000", "shymkent": "790000000", "almaty": "750000000",
    "astana": "710000000", "turkistan": "610000000", "oral": "270000000",
}
PEOPLE = {
    "officer": ("Жанна Әбенова", "Ерлан Досов", "Айнұр Смағұлова"),
    "supervisor": ("Гүлмира Сейітова", "Бауыржан Қалиев", "Ольга Ким"),
    "caseworker": ("Әсел Нұрқасымова", "Данияр Бекенов", "Мадина Исаева", "Иван Петренко"),
}


def _pick(kind: str, index: int) -> str:
    options = PEOPLE[kind]
    return options[index % len(options)]


def create_users() -> dict[int, list[int]]:
    """The demo users; returns district id -> caseworker ids for assigning persons."""
    password = hash_password(PASSWORD)
    create_user("admin", "Администратор системы", PASSWORD, "admin").password_hash = password
    create_user("analyst", "Аналитик министерства", PASSWORD, "analyst").password_hash = password
    teams: dict[int, list[int]] = {}
    for i, (suffix, kato) in enumerate(DEMO_REGIONS.items()):
        region = db.session.scalar(select(Region).where(Region.kato == kato))
        districts = region.districts
        centre, other = districts[0], districts[1]
        specs = [
            ("officer", f"officer.{suffix}", None),
            ("supervisor", f"supervisor.{suffix}", centre),
            ("caseworker", f"caseworker.{suffix}", centre),
            ("caseworker", f"caseworker2.{suffix}", centre),
            ("supervisor", f"supervisor2.{suffix}", other),
            ("caseworker", f"caseworker3.{suffix}", other),
        ]
        for j, (role, login, district) in enumerate(specs):
            kind = role
            role_name = "regional_officer" if role == "officer" else role
            user = create_user(login, _pick(kind, i + j), PASSWORD, role_name,
                               region_id=region.id,
                               district_id=district.id if district else None)
            user.password_hash = password
            if role_name == "caseworker":
                teams.setdefault(district.id, []).append(user.id)
    db.session.flush()
    return teams


def person_rows(count: int, today: date, teams: dict[int, list[int]], seed: int = 2026):
    """The generator of `count` person rows (tuples in persons.COLUMNS order) for this
    database's districts; IINs already present are avoided in small databases."""
    districts = db.session.execute(
        select(District.id, District.region_id, Region.kato, District.urban)
        .join(Region, Region.id == District.region_id).order_by(District.kato)).all()
    used = set(db.session.scalars(select(Person.iin))) if count < 100_000 else None
    return rows(count, [tuple(r) for r in districts], teams, today, seed=seed, used_iins=used)


def add_persons(count: int, today: date, teams: dict[int, list[int]],
                progress: Callable[[int], None] | None = None, seed: int = 2026) -> int:
    """Insert `count` persons in big batches through the driver; the caller commits."""
    return write_persons(db.session.connection(), person_rows(count, today, teams, seed),
                         progress)


def is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None
