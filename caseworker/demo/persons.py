"""Bulk generation of demo persons: plain rows, inserted in batches, no commit per row.

Everything that does not depend on the row (names with their search keys, IIN heads, dates,
cumulative weights) is computed once, so a row costs a few random numbers and lookups.
"""
from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import accumulate, permutations, product

from caseworker.demo import names
from caseworker.demo.iins import IinMaker
from caseworker.domain.names import fold_key, order_key, search_key

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
# Ticked groups: none for 60 %, one for 30 %, two for 10 % (ordered pairs, as a sample gives).
GROUP_SETS = ([()] * 6 * 90 + [(g,) for g in TICKED] * 3 * 9
              + list(permutations(TICKED, 2)))
STATUS_CUT = ((0.80, "active"), (0.92, "employed"), (1.0, "deregistered"))
DISABILITY_CUT = ((0.94, None), (0.95, 1), (0.97, 2), (1.0, 3))
PHONE_CODES = "0157"

# The columns of a person row, in the order `rows` yields them.
COLUMNS = (
    "iin", "birth_date", "sex", "last_name", "first_name", "patronymic", "name_search",
    "name_order", "name_fold", "phone", "email", "region_id", "district_id", "address", "rural",
    "household_size",
    "education_level", "specialty", "graduation_year", "experience_months", "last_job_ended",
    "disability_group", "target_groups", "business_idea", "consent_date", "consent_basis",
    "caseworker_id", "status", "registered_on", "created_at", "updated_at", "version",
    "occupation_codes", "occupation_code", "occupation_code_2", "occupation_code_3",
    "expected_wage", "last_wage",
)
MIDNIGHT = time()  # a person's row is created and updated at the start of their registration day
# The occupations demo persons want (ISCO-08 unit groups the demo's vacancies are of):
# chosen from the IIN's serial digits, so that the random stream of the rest is unchanged.
DEMO_OCCUPATIONS = ("5223", "5221", "7231", "8322", "9112", "4110", "2341", "7112", "5120",
                    "9313")


def _wanted(iin: str) -> tuple:
    """(codes, first, second, third, wage asked, last wage) of a demo person."""
    serial = int(iin[7:11])
    first = DEMO_OCCUPATIONS[serial % len(DEMO_OCCUPATIONS)]
    codes = (first,) if serial % 3 else (first, DEMO_OCCUPATIONS[(serial // 7) % 10])
    wage = 90_000 + (serial % 17) * 10_000
    return (codes, codes[0], codes[1] if len(codes) > 1 else None, None, wage,
            wage - 20_000 if serial % 4 else None)


def _phone(code: str, digit: int, number: int) -> str:
    """A mobile number written as the app writes one (domain.phones.normalise)."""
    return f"+7 7{code}{digit} {number // 10000} {number // 100 % 100:02d} {number % 100:02d}"


def _name_pool(first: tuple[str, ...], last: tuple[str, ...], fathers: tuple[str, ...],
               sex: str, patronymic) -> list[tuple[str, str, str, str, str, str]]:
    """Every (last, first, patronymic, search key, order key, folded order key) a person of
    this kind can get."""
    pool = []
    for l_name, f_name, father in product(last, first, fathers):
        l_name = names.feminine(l_name) if sex == "F" else l_name
        p_name = patronymic(father, sex)
        key = search_key(l_name, f_name, p_name)
        pool.append((l_name, f_name, p_name, key, order_key(key), fold_key(key)))
    return pool


def _name_pools() -> dict[tuple[bool, str], list[tuple[str, ...]]]:
    return {
        (False, "M"): _name_pool(names.KAZAKH_MALE, names.KAZAKH_LAST, names.KAZAKH_MALE, "M",
                                 names.kazakh_patronymic),
        (False, "F"): _name_pool(names.KAZAKH_FEMALE, names.KAZAKH_LAST, names.KAZAKH_MALE, "F",
                                 names.kazakh_patronymic),
        (True, "M"): _name_pool(names.RUSSIAN_MALE, names.RUSSIAN_LAST, names.RUSSIAN_MALE, "M",
                                names.russian_patronymic),
        (True, "F"): _name_pool(names.RUSSIAN_FEMALE, names.RUSSIAN_LAST, names.RUSSIAN_MALE,
                                "F", names.russian_patronymic),
    }


def _cut(table, r: float):
    for limit, value in table:
        if r < limit:
            return value
    return table[-1][1]


class _Days(dict):
    """today minus n days, made once per n."""

    def __init__(self, today: date):
        super().__init__()
        self.today = today

    def __missing__(self, n: int) -> date:
        value = self[n] = self.today - timedelta(days=n)
        return value


def expected_persons(count: int, districts: list[tuple[int, int, str, bool]]) -> dict[int, float]:
    """District id -> how many of `count` persons `rows` puts there, on average."""
    options, cumulative = _district_picker(districts)
    shares = [b - a for a, b in zip([0.0, *cumulative], cumulative)]
    return {option[0]: count * share / cumulative[-1] for option, share in zip(options, shares)}


def _district_picker(districts: list[tuple[int, int, str, bool]]):
    """Cumulative weights over all districts: regions by population, and within a region
    the first district (the regional centre) three times as large as each other one."""
    by_region: dict[str, list[tuple[int, int, bool]]] = {}
    for district_id, region_id, kato, urban in districts:
        by_region.setdefault(kato, []).append((district_id, region_id, urban))
    options, weights = [], []
    for kato in sorted(by_region):
        members = by_region[kato]
        shares = [3] + [1] * (len(members) - 1)
        for member, share in zip(members, shares):
            options.append((*member, kato))
            weights.append(POPULATION.get(kato, 500) * share / sum(shares))
    return options, list(accumulate(weights))


def rows(count: int, districts: list[tuple[int, int, str, bool]],
         caseworkers: dict[int, list[int]], today: date, seed: int = 2026,
         used_iins: set[str] | None = None) -> Iterator[tuple]:
    """Yield `count` person rows as tuples in COLUMNS order (target_groups as a tuple)."""
    rng = random.Random(seed)
    rand = rng.random
    options, cumulative = _district_picker(districts)
    total = cumulative[-1]
    pools = _name_pools()
    days = _Days(today)
    iins = IinMaker(used_iins)
    turn: dict[int, int] = {}
    for _ in range(count):
        district_id, region_id, urban, kato = options[
            min(bisect(cumulative, rand() * total), len(options) - 1)]
        sex = "M" if rand() < 0.52 else "F"
        while True:
            age_days = int(rng.triangular(16 * 365.25, 63 * 365.25, 30 * 365.25))
            born = days[age_days]
            iin = iins.make(born, sex, 1 + int(rand() * 9999))
            if iin:
                break
        pool = pools[(rand() < RUSSIAN_SHARE.get(kato, 0.05), sex)]
        last, first, patronymic, name_key, name_order, name_fold = pool[int(rand() * len(pool))]
        education = EDUCATION[int(rand() * len(EDUCATION))]
        schooled = education not in ("none", "basic")
        registered = days[int(rng.expovariate(1 / 200))]
        team = caseworkers.get(district_id)
        caseworker_id = None
        if team:
            turn[district_id] = n = turn.get(district_id, -1) + 1
            caseworker_id = team[n % len(team)]
        status = _cut(STATUS_CUT, rand())
        groups = GROUP_SETS[int(rand() * len(GROUP_SETS))]
        experience = 0 if rand() < 0.25 else 1 + int(rand() * 299)
        yield (
            iin, born, sex, last, first, patronymic, name_key, name_order, name_fold,
            _phone(PHONE_CODES[int(rand() * 4)], int(rand() * 10),
                   1000000 + int(rand() * 8999999)),
            None, region_id, district_id, None, (not urban) and rand() < 0.7,
            1 + int(rand() * 7), education,
            SPECIALTIES[int(rand() * len(SPECIALTIES))] if schooled else None,
            min(today.year, born.year + 17 + int(rand() * 9)) if schooled else None,
            experience,
            None if experience == 0 else registered - timedelta(days=int(rand() * 400)),
            _cut(DISABILITY_CUT, rand()), groups,
            "Небольшая пекарня" if rand() < 0.05 else None,
            registered, "written", caseworker_id, status, registered,
            datetime.combine(registered, MIDNIGHT), datetime.combine(registered, MIDNIGHT), 1,
            *_wanted(iin),
        )


def generate(count: int, districts: list[tuple[int, int, str, bool]],
             caseworkers: dict[int, list[int]], today: date, seed: int = 2026,
             used_iins: set[str] | None = None) -> Iterator[dict]:
    """Yield `count` person rows as dicts. `districts`: (district id, region id, region KATO,
    urban); `caseworkers`: district id -> user ids that take its persons in turn."""
    groups = COLUMNS.index("target_groups")
    for row in rows(count, districts, caseworkers, today, seed, used_iins):
        values = dict(zip(COLUMNS, row))
        values["target_groups"] = list(row[groups])
        values["occupation_codes"] = list(values["occupation_codes"])
        yield values
