"""The demo's labour exchange side as far as offers need it: the classifier's unit groups the
demo persons want (with their groups above, where the classifier is not loaded), an employer
and open vacancies in every demo district (one closed), and, for persons of the demo
caseworkers, offers in every state through the offers' operations: waiting for an answer,
accepted (with the job's referral and letter), refused (suitable and not), no answer, an
answer voided, and two suitable refusals that wait for the supervisor's decision."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import exists, select

from caseworker import policy
from caseworker.demo.vacancies import demo_bin
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import (
    District, Occupation, Person, Provider, Referral, User, Vacancy)
from caseworker.models.referral import OPEN_STATUSES
from caseworker.offers import operations

UNITS = {  # ISCO-08 unit groups: kk, ru, en
    "5223": ("Дүкен сатушылары", "Продавцы-консультанты магазинов", "Shop sales assistants"),
    "5221": ("Дүкен иелері", "Владельцы магазинов", "Shopkeepers"),
    "7231": ("Автокөлік механиктері", "Механики автотранспортных средств",
             "Motor vehicle mechanics and repairers"),
    "8322": ("Жеңіл автокөлік және такси жүргізушілері", "Водители легковых автомобилей и такси",
             "Car, taxi and van drivers"),
    "9112": ("Кеңселер мен қонақүйлерді жинаушылар", "Уборщики офисов и гостиниц",
             "Cleaners and helpers in offices and hotels"),
    "4110": ("Жалпы кеңсе қызметкерлері", "Офисные служащие общего профиля",
             "General office clerks"),
    "2341": ("Бастауыш мектеп мұғалімдері", "Учителя начальной школы",
             "Primary school teachers"),
    "7112": ("Тас қалаушылар", "Каменщики", "Bricklayers and related workers"),
    "5120": ("Аспазшылар", "Повара", "Cooks"),
    "9313": ("Құрылыс жұмысшылары", "Строительные рабочие", "Building construction labourers"),
}
LEVELS = {1: "major", 2: "sub_major", 3: "minor", 4: "unit"}
JOBS = (("5223", 180_000, "Продавец-консультант"), ("7231", 220_000, "Автослесарь"),
        ("5120", 160_000, "Повар"), ("9112", 95_000, "Уборщица"))


def add_occupations() -> None:
    """The demo's unit groups and the groups above them, those the classifier lacks."""
    have = set(db.session.scalars(select(Occupation.code)))
    for unit, names in UNITS.items():
        for digits in range(1, 5):
            code = unit[:digits]
            if code in have:
                continue
            kk, ru, en = names if digits == 4 else (f"{code} тобы", f"Группа {code}",
                                                    f"Group {code}")
            db.session.add(Occupation(code=code, level=LEVELS[digits],
                                      parent_code=unit[:digits - 1] or None,
                                      name_kk=kk, name_ru=ru, name_en=en))
            have.add(code)
            db.session.flush()


def _employer(district: District, n: int) -> Provider:
    name = f"ТОО «Демо Еңбек {n}»"
    employer = Provider(name=name, name_search=search_key(name), bin=demo_bin(random.Random(f"offers-{n}")),
                        kinds=["employer"], region_id=district.region_id,
                        district_id=district.id, active=True)
    db.session.add(employer)
    db.session.flush()
    return employer


def add_vacancies(today: date) -> dict[int, list[Vacancy]]:
    """Open vacancies (and one closed) in every district that has demo caseworkers."""
    made: dict[int, list[Vacancy]] = {}
    workers = db.session.scalars(select(User).where(User.role == policy.CASEWORKER)).all()
    by_district = {u.district_id: u for u in workers if u.district_id}
    for n, (district_id, worker) in enumerate(sorted(by_district.items()), start=1):
        district = db.session.get(District, district_id)
        employer = _employer(district, n)
        for code, wage, title in JOBS + (("5223", 150_000, "Кассир"),):
            made.setdefault(district_id, []).append(Vacancy(
                organisation_id=employer.id, occupation_code=code, title=title,
                region_id=district.region_id, district_id=district.id, places=2, wage=wage,
                hours_per_week=40, schedule="full_day", opened_on=today - timedelta(60),
                entered_by_id=worker.id, languages=["kk"] if code == "2341" else [],
                quota_groups=["disability"] if code == "9112" else []))
        made[district_id][-1].status = "closed"
        made[district_id][-1].status_on = today - timedelta(5)
        db.session.add_all(made[district_id])
    db.session.flush()
    return made


def _fit_for(person: Person, vacancy: Vacancy) -> None:
    person.occupation_codes = [vacancy.occupation_code]
    person.last_wage, person.expected_wage = vacancy.wage - 30_000, vacancy.wage - 10_000


def add_offers(today: date) -> int:
    """Offers in every state for the first active persons of each demo caseworker."""
    add_occupations()
    vacancies = add_vacancies(today)
    made = 0
    for district_id, found in vacancies.items():
        worker = db.session.scalar(select(User).where(
            User.role == policy.CASEWORKER, User.district_id == district_id).limit(1))
        persons = db.session.scalars(select(Person).where(
            Person.district_id == district_id, Person.status == "active",
            Person.registered_on <= today - timedelta(40),
            ~exists().where(Referral.person_id == Person.id,
                            Referral.status.in_(OPEN_STATUSES)))
            .order_by(Person.id).limit(6)).all()
        if len(persons) < 6 or worker is None:
            continue
        shop, garage, kitchen, cleaning = found[:4]
        on = today - timedelta(30)
        for person, vacancy in zip(persons, (shop, garage, kitchen, cleaning, shop, shop)):
            _fit_for(person, vacancy)
        db.session.flush()
        waiting, accepted, refused, silent, voided, twice = persons
        operations.make_offer(waiting, shop.id, worker, on=today - timedelta(2))
        offer = operations.make_offer(accepted, garage.id, worker, on=on)
        operations.answer(offer, "accepted", worker, on=on + timedelta(3))
        offer = operations.make_offer(refused, kitchen.id, worker, on=on)
        operations.answer(offer, "refused", worker, on=on + timedelta(2), reason="schedule")
        offer = operations.make_offer(silent, cleaning.id, worker, on=on)
        operations.answer(offer, "no_answer", worker, on=on + timedelta(10))
        offer = operations.make_offer(voided, shop.id, worker, on=on)
        operations.answer(offer, "refused", worker, on=on + timedelta(1), reason="wage")
        operations.void_answer(offer, worker, "Ответ записан не тому человеку", True)
        for days in (20, 10):
            offer = operations.make_offer(twice, shop.id, worker, on=today - timedelta(days))
            operations.answer(offer, "refused", worker, on=today - timedelta(days - 1),
                              reason="distance")
        made += 7
    return made
