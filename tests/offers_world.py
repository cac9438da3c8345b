"""A small world for matching and offers: the occupations a test needs, an employer of
Kyzylorda with open vacancies in its first and second districts and a closed one, and persons
of the first district who want jobs of those groups; the api_world's staff and tokens."""
from __future__ import annotations

from datetime import timedelta

import pytest

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Occupation, Person, User, Vacancy
from tests import factories as f
from tests.api_world import build as api_world

TODAY = clock.today()
OPENED = TODAY - timedelta(days=40)
OCCUPATIONS = [("5", "major", None), ("52", "sub_major", "5"), ("522", "minor", "52"),
               ("5223", "unit", "522"), ("5221", "unit", "522"), ("7", "major", None),
               ("72", "sub_major", "7"), ("723", "minor", "72"), ("7231", "unit", "723")]


def occupations() -> None:
    for code, level, parent in OCCUPATIONS:
        if db.session.get(Occupation, code) is None:
            db.session.add(Occupation(code=code, level=level, parent_code=parent,
                                      name_kk=f"Кәсіп {code}", name_ru=f"Профессия {code}",
                                      name_en=f"Occupation {code}"))
    db.session.flush()


def vacancy(district, organisation_id: int, user, code="5223", **kw) -> Vacancy:
    v = Vacancy(organisation_id=organisation_id, occupation_code=code,
                title=kw.pop("title", "Продавец-консультант"), region_id=district.region_id,
                district_id=district.id, places=2, wage=kw.pop("wage", 180_000),
                hours_per_week=kw.pop("hours_per_week", 40), schedule="full_day",
                opened_on=kw.pop("opened_on", OPENED), status=kw.pop("status", "open"),
                entered_by_id=user.id, languages=kw.pop("languages", []),
                quota_groups=kw.pop("quota_groups", []), **kw)
    db.session.add(v)
    db.session.flush()
    return v


def build() -> dict:
    world = api_world()
    occupations()
    kz = f.districts_of("430000000")
    worker = db.session.get(User, world["ids"]["cw"])
    first = db.session.get(Person, world["first"])
    second = db.session.get(Person, world["second"])
    for person, codes in ((first, ["5223"]), (second, ["5221", "7231"])):
        person.occupation_codes, person.locality = codes, "Аральск"
        person.last_wage, person.expected_wage = 150_000, 170_000
    far = db.session.get(Person, world["far"])
    far.occupation_codes = ["5223"]
    db.session.flush()
    shop = vacancy(kz[0], world["provider"], worker, locality="Аральск")
    plant = vacancy(kz[0], world["provider"], worker, code="7231", title="Автослесарь",
                    wage=120_000)
    away = vacancy(kz[1], world["provider"], worker, code="5221", title="Кассир")
    closed = vacancy(kz[0], world["provider"], worker, status="closed",
                     status_on=TODAY - timedelta(days=1))
    db.session.commit()
    return world | {"shop": shop.id, "plant": plant.id, "away": away.id, "closed": closed.id,
                    "opened": OPENED.isoformat(), "today": TODAY.isoformat()}


@pytest.fixture
def offers_world(app):
    with app.app_context():
        return build()


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def before_opening() -> str:
    return (OPENED - timedelta(days=1)).isoformat()

