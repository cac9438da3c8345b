"""Facts derived from a profile: age, months unemployed, and the target groups that are
computed rather than ticked (youth, pre-retirement, long-term unemployed, rural)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caseworker.domain.dates import add_months, age, months_between

YOUTH_MAX_AGE = 35
LONG_TERM_MONTHS = 12
PRE_RETIREMENT_YEARS = 2


@dataclass(frozen=True)
class Facts:
    """What the derived groups and the profiling need to know about a person."""
    birth_date: date
    sex: str
    registered_on: date
    last_job_ended: date | None = None
    rural: bool = False
    education_level: str | None = None
    experience_months: int | None = None
    disability_group: int | None = None
    target_groups: tuple[str, ...] = ()


def pension_age_for(sex: str, year: int, table: dict[int, tuple[Decimal, Decimal]]) -> Decimal:
    """Pension age (years, may be fractional) for a sex in a year; the nearest year if absent."""
    known = sorted(table)
    year = min(max(year, known[0]), known[-1])
    men, women = table[year]
    return men if sex == "M" else women


def pension_date(born: date, sex: str, today: date,
                 table: dict[int, tuple[Decimal, Decimal]]) -> date:
    years = pension_age_for(sex, today.year, table)
    return add_months(born, int(years * 12))


def is_pre_retirement(facts: Facts, today: date, table) -> bool:
    at = pension_date(facts.birth_date, facts.sex, today, table)
    start = add_months(at, -12 * PRE_RETIREMENT_YEARS)
    return start <= today < at


def months_unemployed(facts: Facts, today: date) -> int:
    """Since the last job ended when that is known and later than registration's start,
    else since the current registration."""
    start = facts.registered_on
    if facts.last_job_ended and facts.last_job_ended < start:
        start = facts.last_job_ended
    return months_between(start, today)


def derived_groups(facts: Facts, today: date, table) -> set[str]:
    groups = set()
    if age(facts.birth_date, today) <= YOUTH_MAX_AGE:
        groups.add("youth")
    if is_pre_retirement(facts, today, table):
        groups.add("pre_retirement")
    if months_unemployed(facts, today) >= LONG_TERM_MONTHS:
        groups.add("long_term_unemployed")
    if facts.rural:
        groups.add("rural")
    if facts.disability_group:
        groups.add("disability")
    return groups


def all_groups(facts: Facts, today: date, table) -> set[str]:
    return set(facts.target_groups) | derived_groups(facts, today, table)
