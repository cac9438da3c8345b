"""Bulk generation of demo persons: plain rows, inserted in batches, no commit per row."""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from caseworker.demo import names
from caseworker.domain.iin import make
from caseworker.domain.names import search_key

# Rough population of each region in thousands, so persons spread as people do.
POPULATION = {
    "750000000": 2200, "710000000": 1400, "790000000": 1200, "610000000": 2100,
    "190000000": 1500, "310000000": 1200, "350000000": 1130, "630000000": 730,
    "100000000": 610, "150000000": 930, "390000000": 830, "550000000": 750,
    "230000000": 700, "270000000": 690, "470000000": 770, "430000000": 830,
    "110000000": 790, "590000000": 530, "330000000": 700, "620000000": 220,
}
# Share of persons with a Russian name, by region (north and east higher).
RUSSIAN_SHARE = {"590000000": 0.45, "390000000": 0.4, "550000000": 0.35, "630000000": 0.35,
                 "110000000": 0.35, "350000000": 0.3, "750000000": 0.2, "710000000": 0.15}
EDUCATION = ("secondary", "secondary", "vocational", "vocational", "higher", "basic", "none")
SPECIALTIES = ("Сварщик", "Бухгалтер", "Повар", "Электрик", "Учитель", "Водитель",
               "Программист", "Медсестра", "Продавец", "Тракторист", "Швея", "Строитель")
TICKED = ("low_income", "asp_recipient", "large_family", "single_parent", "kandas",
          "laid_off", "released_from_prison", "carer", "neet", "orphan")


def _birth(rng: random.Random, today: date) -> date:
    age_days = int(rng.triangular(16 * 365.25, 63 * 365.25, 30 * 365.25))
    return today - timedelta(days=age_days)


def _names(rng: random.Random, sex: str, russian: bool) -> tuple[str, str, str]:
    if russian:
        first = rng.choice(names.RUSSIAN_MALE if sex == "M" else names.RUSSIAN_FEMALE)
        last = rng.choice(names.RUSSIAN_LAST)
        patronymic = names.russian_patronymic(rng.choice(names.RUSSIAN_MALE), sex)
    else:
        first = rng.choice(names.KAZAKH_MALE if sex == "M" else names.KAZAKH_FEMALE)
        last = rng.choice(names.KAZAKH_LAST)
        patronymic = names.kazakh_patronymic(rng.choice(names.KAZAKH_MALE), sex)
    if sex == "F":
        last = names.feminine(last)
    return last, first, patronymic


def generate(count: int, districts: list[tuple[int, int, str, bool]],
             caseworkers: dict[int, list[int]], today: date, seed: int = 2026,
             used_iins: set[str] | None = None) -> Iterator[dict]:
    """Yield `count` person rows. `districts`: (district id, region id, region KATO, urban);
    `caseworkers`: district id -> user ids that take its persons in turn."""
    rng = random.Random(seed)
    used = used_iins if used_iins is not None else set()
    by_region: dict[str, list[tuple[int, int, bool]]] = {}
    for district_id, region_id, kato, urban in districts:
        by_region.setdefault(kato, []).append((district_id, region_id, urban))
    katos = sorted(by_region)
    region_weights = [POPULATION.get(k, 500) for k in katos]
    turn: dict[int, int] = {}
    for _ in range(count):
        kato = rng.choices(katos, region_weights)[0]
        options = by_region[kato]
        # The first district (the regional centre) is larger than the others.
        district_id, region_id, urban = rng.choices(
            options, [3] + [1] * (len(options) - 1))[0]
        sex = "M" if rng.random() < 0.52 else "F"
        while True:
            born = _birth(rng, today)
            iin = make(born, sex, rng.randrange(1, 10000))
            if iin and iin not in used:
                used.add(iin)
                break
        last, first, patronymic = _names(rng, sex, rng.random() < RUSSIAN_SHARE.get(kato, 0.05))
        education = rng.choice(EDUCATION)
        registered = today - timedelta(days=int(rng.expovariate(1 / 200)))
        team = caseworkers.get(district_id)
        caseworker_id = None
        if team:
            turn[district_id] = turn.get(district_id, -1) + 1
            caseworker_id = team[turn[district_id] % len(team)]
        status = rng.choices(("active", "employed", "deregistered"), (80, 12, 8))[0]
        groups = rng.sample(TICKED, k=rng.choices((0, 1, 2), (60, 30, 10))[0])
        experience = 0 if rng.random() < 0.25 else rng.randrange(1, 300)
        yield {
            "iin": iin, "birth_date": born, "sex": sex, "last_name": last, "first_name": first,
            "patronymic": patronymic, "name_search": search_key(last, first, patronymic),
            "phone": f"+7 7{rng.choice('0157')}{rng.randrange(10)} {rng.randrange(1000000, 9999999)}",
            "email": None, "region_id": region_id, "district_id": district_id,
            "address": None, "rural": (not urban) and rng.random() < 0.7,
            "household_size": rng.randrange(1, 8),
            "education_level": education,
            "specialty": None if education in ("none", "basic") else rng.choice(SPECIALTIES),
            "graduation_year": None if education in ("none", "basic") else min(
                today.year, born.year + rng.randrange(17, 26)),
            "experience_months": experience,
            "last_job_ended": None if experience == 0 else registered - timedelta(
                days=rng.randrange(0, 400)),
            "disability_group": rng.choices((None, 1, 2, 3), (94, 1, 2, 3))[0],
            "target_groups": groups,
            "business_idea": "Небольшая пекарня" if rng.random() < 0.05 else None,
            "consent_date": registered, "consent_basis": "written",
            "caseworker_id": caseworker_id, "status": status, "registered_on": registered,
            "created_at": registered, "updated_at": registered, "version": 1,
        }
