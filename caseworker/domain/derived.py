"""Facts derived from a profile: age, months unemployed, and the target groups that are
computed rather than ticked (youth, pre-retirement, long-term unemployed, rural)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caseworker.domain.dates import age, months_between, months_cutoff, reached

YOUTH_MAX_AGE = 35
REGISTRATION_MIN_AGE = 16  # the working age at which a person may be registered as unemployed
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
    business_idea: str | None = None
    graduation_year: int | None = None
    labour_surplus_region: bool = False
    referrals: tuple[PastReferral, ...] = ()


@dataclass(frozen=True)
class PastReferral:
    measure: str
    kind: str
    status: str
    on: date  # the day it was proposed


def pension_age_for(sex: str, year: int, table: dict[int, tuple[Decimal, Decimal]]) -> Decimal:
    """Pension age (years, may be fractional) for a sex in a year; the nearest year if absent."""
    known = sorted(table)
    year = min(max(year, known[0]), known[-1])
    men, women = table[year]
    return men if sex == "M" else women


def pension_months(sex: str, today: date, table) -> int:
    return int(pension_age_for(sex, today.year, table) * 12)


def is_pre_retirement(facts: Facts, today: date, table) -> bool:
    """Within the two years before the pension age for the person's sex and this year."""
    months = pension_months(facts.sex, today, table)
    return (reached(facts.birth_date, months - 12 * PRE_RETIREMENT_YEARS, today)
            and not reached(facts.birth_date, months, today))


def below_pension_age(facts: Facts, today: date, table) -> bool:
    return not reached(facts.birth_date, pension_months(facts.sex, today, table), today)


def unemployed_since(facts: Facts) -> date:
    if facts.last_job_ended and facts.last_job_ended < facts.registered_on:
        return facts.last_job_ended
    return facts.registered_on


def months_unemployed(facts: Facts, today: date) -> int:
    """Since the last job ended when that is known and later than registration's start,
    else since the current registration."""
    return months_between(unemployed_since(facts), today)


def derived_groups(facts: Facts, today: date, table) -> set[str]:
    groups = set()
    if not reached(facts.birth_date, 12 * (YOUTH_MAX_AGE + 1), today):
        groups.add("youth")
    if is_pre_retirement(facts, today, table):
        groups.add("pre_retirement")
    if unemployed_since(facts) <= months_cutoff(today, LONG_TERM_MONTHS):
        groups.add("long_term_unemployed")
    if facts.rural:
        groups.add("rural")
    if facts.disability_group:
        groups.add("disability")
    return groups


# Groups that only the profile decides: a ticked code for one of these is ignored.
COMPUTED_ONLY = frozenset({"youth", "pre_retirement", "long_term_unemployed", "rural"})


def all_groups(facts: Facts, today: date, table) -> set[str]:
    return (set(facts.target_groups) - COMPUTED_ONLY) | derived_groups(facts, today, table)


def too_young_to_register(born: date, today: date) -> bool:
    return age(born, today) < REGISTRATION_MIN_AGE
