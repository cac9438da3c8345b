"""Facts derived from a profile: age, months unemployed, and the target groups that are
computed rather than ticked (youth, NEET youth, recent graduates, pre-retirement, long-term
unemployed, rural). Each is judged on a day, `on`: the decision date of a referral (the day it
was proposed), or today for what a page shows now; an age is the age on that day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from caseworker.domain.dates import age, months_between, months_cutoff, reached

YOUTH_MAX_AGE = 35
GRADUATE_MONTHS = 36  # a graduate until three years from the day of the diploma
GRADUATE_LEVELS = ("vocational", "higher")  # technical and vocational, higher education
TRAINING_KIND = "training"  # a measure of this kind under way: in training, so not NEET
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
    graduated_on: date | None = None
    specialty_experience_months: int | None = None
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


def is_youth(facts: Facts, on: date) -> bool:
    """Under 36 (up to 35 years) on the day, the decision date."""
    return not reached(facts.birth_date, 12 * (YOUTH_MAX_AGE + 1), on)


def graduated_within(facts: Facts, months: int, on: date) -> bool | None:
    """Whether the diploma is less than `months` old on `on`: True, False, or None when only
    the year is known and the year does not decide (the date is needed). A diploma of a later
    day than `on` does not count."""
    if facts.graduated_on is not None:
        return facts.graduated_on <= on and not reached(facts.graduated_on, months, on)
    if facts.graduation_year is None:
        return None
    first, last = date(facts.graduation_year, 1, 1), date(facts.graduation_year, 12, 31)
    if first > on:
        return False
    if not reached(first, months, on) and last <= on:
        return True  # whatever the day of that year, less than `months` ago
    if reached(last, months, on):
        return False
    return None


def in_training(facts: Facts) -> bool:
    """On a training measure now: a referral of the training kind that has started."""
    return any(r.kind == TRAINING_KIND and r.status == "started" for r in facts.referrals)


def is_graduate(facts: Facts, on: date) -> bool:
    """A graduate of technical and vocational or higher education within three years of the
    diploma's date (not calendar years); a year alone counts only where it decides."""
    return (facts.education_level in GRADUATE_LEVELS
            and graduated_within(facts, GRADUATE_MONTHS, on) is True)


def is_neet(facts: Facts, on: date) -> bool:
    """Youth not in employment, education or training: under 36 on the day, registered as
    unemployed (so not employed) and not on a training measure."""
    return is_youth(facts, on) and not in_training(facts)


def derived_groups(facts: Facts, today: date, table) -> set[str]:
    """The computed groups on `today` (for a referral: its decision date)."""
    groups = set()
    if is_youth(facts, today):
        groups.add("youth")
    if is_neet(facts, today):
        groups.add("neet")
    if is_graduate(facts, today):
        groups.add("graduate")
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
COMPUTED_ONLY = frozenset({"youth", "neet", "graduate", "pre_retirement",
                           "long_term_unemployed", "rural"})


def all_groups(facts: Facts, today: date, table) -> set[str]:
    return (set(facts.target_groups) - COMPUTED_ONLY) | derived_groups(facts, today, table)


def too_young_to_register(born: date, today: date) -> bool:
    return age(born, today) < REGISTRATION_MIN_AGE
