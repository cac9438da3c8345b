"""The demo's labour exchange side: in every district with a caseworker, an employer of its
own (a valid BIN, names in Kazakh and Russian) with vacancies of several occupations, one of
them a subsidised job of a measure, one set aside for a quota group, and one closed already;
entered and closed through the operations a caseworker's entry calls, so every one of them
keeps the rules. The demo's offers (`demo.offers`) are made of these vacancies."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from caseworker import policy
from caseworker.domain.bin import complete
from caseworker.extensions import db
from caseworker.models import District, Provider, User
from caseworker.providers import operations as organisations
from caseworker.vacancies import operations as vacancies

# (unit group, the position's title, monthly wage at full time, hours a week, schedule)
POSITIONS = (
    ("5223", "Продавец-консультант", 150_000, 40, "shift"),
    ("8322", "Водитель легкового автомобиля", 220_000, 40, "full_day"),
    ("7212", "Электрогазосварщик", 280_000, 40, "full_day"),
    ("5120", "Повар", 170_000, 40, "shift"),
    ("9112", "Уборщик служебных помещений", 90_000, 20, "part_time"),
    ("4110", "Делопроизводитель", 140_000, 40, "full_day"),
    ("7411", "Электромонтер", 240_000, 40, "full_day"),
    ("9313", "Подсобный рабочий", 120_000, 40, "full_day"),
)
SUBSIDISED = ("youth_practice", "social_job")


def demo_bin(rng: random.Random) -> str:
    """A BIN with a valid structure and check digit: registered in 2000-2025, a resident
    legal entity (now and then a joint venture), its head office (now and then a branch)."""
    while True:
        made = complete(f"{rng.randrange(0, 26):02d}{rng.randrange(1, 13):02d}"
                        f"{rng.choice('4446')}{rng.choice('0001')}{rng.randrange(10**5):05d}")
        if made is not None:
            return made


def _short(name: str) -> str:
    return name.removeprefix("г. ").split(" ")[0].strip("«»")


def add_vacancies(today: date, rng: random.Random) -> int:
    """Employers and their vacancies in every district that has a caseworker; returns the
    vacancies made."""
    workers: dict[int, User] = {}
    for user in db.session.scalars(select(User).where(policy.case_holders(), User.active.is_(
            True)).order_by(User.id)):
        workers.setdefault(user.district_id, user)
    taken = set(db.session.scalars(select(Provider.bin)))
    made = 0
    for district in db.session.scalars(select(District).where(
            District.id.in_(list(workers))).order_by(District.kato)):
        worker = workers[district.id]
        made += _district(district, worker, today, rng, taken)
    db.session.flush()
    return made


def _district(district: District, worker: User, today: date, rng: random.Random,
              taken: set[str]) -> int:
    place = _short(district.name_ru)
    number = demo_bin(rng)
    while number in taken:
        number = demo_bin(rng)
    taken.add(number)
    employer = organisations.save(None, {
        "name_ru": f"ТОО «{place} Сервис»", "name_kk": f"«{_short(district.name_kk)} Сервис» ЖШС",
        "bin": number, "kinds": ["employer"], "district_id": district.id,
        "legal_address": f"{district.name_ru}, ул. Абая, {rng.randrange(1, 90)}",
        "contact_person": "Сейтжанова Айгерим"}, worker)
    picks = rng.sample(POSITIONS, 4)
    for n, (code, title, wage, hours, schedule) in enumerate(picks):
        # opened at least five weeks ago: the demo's offers of them are made a month ago
        opened = today - timedelta(days=rng.randrange(35, 75))
        made = vacancies.create({
            "organisation_id": employer.id, "occupation_code": code, "title": title,
            "locality": None, "places": rng.randrange(1, 4), "wage": wage,
            "hours_per_week": hours, "schedule": schedule,
            "education_level": "secondary" if n else "vocational",
            "experience_months": 0 if n else 12, "languages": ["kk", "ru"] if n else ["ru"],
            "duties": None, "measure_code": rng.choice(SUBSIDISED) if n == 1 else None,
            "quota_groups": ["disability"] if n == 2 else [], "opened_on": opened,
            "closes_on": opened + timedelta(days=120)}, worker)
    vacancies.end(made, "closed", "Набор завершён", worker, made.version,
                  on=today - timedelta(days=5))  # the last one: closed already
    return len(picks)
