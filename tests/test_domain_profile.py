from datetime import date
from decimal import Decimal

import pytest

from caseworker.domain.dates import (
    add_months, age, date_out_of_window, months_between, plan_years, start_within_plans)
from caseworker.domain.derived import (
    Facts, derived_groups, is_pre_retirement, months_unemployed, too_young_to_register)
from caseworker.domain.phones import normalise
from caseworker.domain.profiling import profile, segment_for, unknowns

TODAY = date(2026, 11, 27)
PENSION = {2026: (Decimal(63), Decimal(61)), 2025: (Decimal(63), Decimal(61))}


def facts(**kw):
    base = dict(birth_date=date(1990, 5, 17), sex="M", registered_on=date(2026, 9, 1),
                education_level="higher", experience_months=60)
    base.update(kw)
    return Facts(**base)


@pytest.mark.parametrize("born, today, expected", [
    (date(1990, 11, 27), TODAY, 36), (date(1990, 11, 28), TODAY, 35),
    (date(2000, 2, 29), date(2026, 2, 28), 25), (date(2000, 2, 29), date(2026, 3, 1), 26),
    (date(2000, 2, 29), date(2028, 2, 29), 28),
])
def test_age_on_boundaries_and_29_february(born, today, expected):
    assert age(born, today) == expected


def test_months_between_and_add_months():
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 0
    assert months_between(date(2025, 11, 27), TODAY) == 12
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_youth_up_to_35_inclusive():
    assert "youth" in derived_groups(facts(birth_date=date(1990, 11, 28)), TODAY, PENSION)
    assert "youth" not in derived_groups(facts(birth_date=date(1990, 11, 27)), TODAY, PENSION)


@pytest.mark.parametrize("sex, born, expected", [
    ("F", date(1966, 11, 27), True),   # 60 today, pension at 61
    ("F", date(1967, 11, 28), False),  # 58 and a day short of 59
    ("F", date(1965, 11, 27), False),  # 61: pension age reached
    ("M", date(1964, 11, 27), True),   # 62
    ("M", date(1965, 11, 28), False),  # 60
])
def test_pre_retirement_by_sex(sex, born, expected):
    assert is_pre_retirement(facts(sex=sex, birth_date=born), TODAY, PENSION) == expected


def test_long_term_from_last_job_or_registration():
    assert months_unemployed(facts(last_job_ended=date(2025, 11, 27)), TODAY) == 12
    assert "long_term_unemployed" in derived_groups(
        facts(last_job_ended=date(2025, 11, 27)), TODAY, PENSION)
    assert months_unemployed(facts(), TODAY) == 2


def test_profile_factor_by_factor():
    found, score, segment = profile(facts(
        last_job_ended=date(2024, 6, 1), education_level="none", experience_months=0,
        disability_group=2, rural=True, target_groups=("released_from_prison",)), TODAY, PENSION)
    codes = {f.code: f.points for f in found}
    assert codes == {"unemployed_24": 4, "education_low": 3, "no_experience": 2,
                     "disability": 3, "rural": 1, "barrier_groups": 1}
    assert score == 14 and segment == "C"
    assert profile(facts(), TODAY, PENSION)[2] == "A"


def test_segment_thresholds():
    assert [segment_for(s) for s in (0, 3, 4, 7, 8)] == ["A", "A", "B", "B", "C"]


@pytest.mark.parametrize("raw, expected", [
    ("+7 701 234 56 78", "+7 701 234 56 78"), ("87012345678", "+7 701 234 56 78"),
    ("8 (7242) 21-34-56", "+7 724 221 34 56"), ("+77012345678", "+7 701 234 56 78"),
    ("+7 601 234 56 78", None), ("12345", None), ("+7 701 234 56 7x", None),
])
def test_phone_format(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("born, today, too_young", [
    (date(2010, 11, 27), date(2026, 11, 27), False),  # 16 today
    (date(2010, 11, 28), date(2026, 11, 27), True),   # 16 tomorrow
    (date(2008, 2, 29), date(2024, 2, 28), True),     # born on 29 February: 16 on 29 February
    (date(2008, 2, 29), date(2024, 3, 1), False),
])
def test_registration_starts_at_sixteen(born, today, too_young):
    assert too_young_to_register(born, today) is too_young


def test_start_dates_within_the_plan_years():
    today = date(2026, 11, 27)
    assert start_within_plans(date(2025, 1, 1), today) and start_within_plans(date(2027, 12, 31),
                                                                               today)
    assert not start_within_plans(date(2024, 12, 31), today)
    assert not start_within_plans(date(2028, 1, 1), today)


def test_a_date_that_follows_another_lies_in_its_window():
    first = date(2026, 1, 31)
    assert date_out_of_window(date(2026, 1, 30), first, 12) == "before"
    assert date_out_of_window(first, first, 12) is None
    assert date_out_of_window(date(2027, 1, 31), first, 12) is None
    assert date_out_of_window(date(2027, 2, 1), first, 12) == "after"
    assert date_out_of_window(date(2026, 2, 28), first, 1) is None  # a month after 31 January
    assert date_out_of_window(date(2026, 3, 1), first, 1) == "after"


def test_plans_and_reports_are_of_the_registers_years_up_to_next_year():
    assert plan_years(date(2026, 11, 27)) == (2015, 2027)
    assert plan_years(date(2027, 1, 1)) == (2015, 2028)


def test_a_file_with_gaps_has_a_provisional_segment():
    assert unknowns(facts(last_job_ended=date(2026, 1, 5))) == []
    assert unknowns(facts()) == ["last_job_ended"]  # worked 60 months: when did it end?
    assert unknowns(facts(experience_months=0)) == []  # never worked: no last job to date
    gaps = facts(education_level=None, experience_months=None)
    assert unknowns(gaps) == ["education_level", "experience_months", "last_job_ended"]
    assert profile(gaps, TODAY, PENSION)[2] == "A"  # what the score alone would say
