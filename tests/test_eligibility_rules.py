from datetime import date
from decimal import Decimal

import pytest

from caseworker.domain.derived import Facts, PastReferral
from caseworker.domain.eligibility import Context, evaluate
from caseworker.domain.money import benefit_kzt, for_household, rate_on

TODAY = date(2026, 11, 27)
PENSION = {2026: (Decimal(63), Decimal(61))}
CTX = Context(TODAY, PENSION)
YOUTH_PRACTICE = {"min_age": 18, "max_age": 35, "max_years_since_graduation": 3,
                  "requires_no_specialty_experience": True}
GRANT = {"min_age": 18, "target_groups_any": ["youth", "disability"],
         "requires_business_idea": True, "requires_completed": "bastau_business",
         "cooldown_years": 3}


def facts(**kw):
    base = dict(birth_date=date(2000, 5, 17), sex="M", registered_on=date(2026, 9, 1),
                education_level="higher", experience_months=0, graduation_year=2024)
    base.update(kw)
    return Facts(**base)


def status(rules, kind="x", **kw):
    return evaluate(rules, kind, facts(**kw), CTX).status


@pytest.mark.parametrize("born, expected", [
    (date(1990, 11, 28), "passed"),   # 35 until tomorrow
    (date(1990, 11, 27), "failed"),   # 36 today
    (date(2008, 11, 27), "passed"),   # 18 today
    (date(2008, 11, 28), "failed"),   # 18 tomorrow
])
def test_age_limits_on_the_birthday(born, expected):
    assert status(YOUTH_PRACTICE, birth_date=born) == expected


def test_29_february_birthday_counts_from_1_march():
    rules = {"max_age": 25}
    ctx_28 = Context(date(2026, 2, 28), PENSION)
    ctx_1 = Context(date(2026, 3, 1), PENSION)
    born = facts(birth_date=date(2000, 2, 29))
    assert evaluate(rules, "x", born, ctx_28).status == "passed"   # still 25
    assert evaluate(rules, "x", born, ctx_1).status == "failed"    # 26 on 1 March


@pytest.mark.parametrize("graduated_on, expected", [
    (date(2023, 11, 28), "passed"),   # three years from the diploma tomorrow
    (date(2023, 11, 27), "failed"),   # three years today
    (date(2024, 2, 29), "passed"),
    (date(2026, 12, 1), "failed"),    # a diploma of a later day does not count yet
])
def test_three_years_from_the_diploma_s_date_not_calendar_years(graduated_on, expected):
    assert status(YOUTH_PRACTICE, graduated_on=graduated_on,
                  graduation_year=graduated_on.year) == expected


@pytest.mark.parametrize("year, expected", [
    (2024, "passed"),    # any day of 2024 is less than three years before 27 November 2026
    (2023, "unknown"),   # depends on the day: the date of the diploma is asked for
    (2022, "failed"),    # every day of 2022 is more than three years ago
    (2026, "unknown"),   # this year's diploma may be of a later day
    (None, "unknown")])
def test_a_year_alone_decides_only_where_every_day_of_it_would(year, expected):
    verdict = evaluate(YOUTH_PRACTICE, "x", facts(graduation_year=year), CTX)
    assert verdict.status == expected
    if expected == "unknown":
        assert verdict.missing == ["graduated_on"]


@pytest.mark.parametrize("total, specialty, expected", [
    (0, None, "passed"),     # no work at all
    (40, 0, "passed"),       # worked, but not in the specialty: other work does not count
    (40, 6, "failed"),
    (40, None, "unknown"),   # worked: in the specialty or not is asked
    (None, None, "unknown"),
])
def test_youth_practice_asks_for_no_experience_in_the_specialty(total, specialty, expected):
    verdict = evaluate(YOUTH_PRACTICE, "x", facts(experience_months=total,
                                                  specialty_experience_months=specialty), CTX)
    assert verdict.status == expected
    if expected == "unknown":
        assert verdict.missing == ["specialty_experience_months"]


def test_soon_ineligible_within_three_months():
    verdict = evaluate(YOUTH_PRACTICE, "x", facts(birth_date=date(1991, 1, 15)), CTX)
    assert verdict.status == "passed" and verdict.soon_ineligible
    assert not evaluate(YOUTH_PRACTICE, "x", facts(), CTX).soon_ineligible


@pytest.mark.parametrize("sex, born, expected", [
    ("F", date(1965, 11, 28), "passed"), ("F", date(1965, 11, 27), "failed"),
    ("M", date(1963, 11, 28), "passed"), ("M", date(1963, 11, 27), "failed"),
])
def test_pension_age_by_sex(sex, born, expected):
    assert status({"below_pension_age": True}, sex=sex, birth_date=born) == expected


def test_grant_needs_bastau_first_and_a_cooldown():
    bastau = PastReferral("bastau_business", "training", "completed", date(2026, 3, 1))
    ok = dict(business_idea="пекарня", referrals=(bastau,))
    assert status(GRANT, "grant", **ok) == "passed"
    assert status(GRANT, "grant", business_idea="пекарня") == "failed"
    assert status(GRANT, "grant", referrals=(bastau,)) == "unknown"
    earlier = PastReferral("state_grant", "grant", "referred", date(2024, 1, 10))
    assert status(GRANT, "grant", business_idea="x", referrals=(bastau, earlier)) == "failed"
    void = PastReferral("state_grant", "grant", "cancelled", date(2024, 1, 10))
    assert status(GRANT, "grant", business_idea="x", referrals=(bastau, void)) == "passed"
    old = PastReferral("state_grant", "grant", "completed", date(2023, 11, 27))
    assert status(GRANT, "grant", business_idea="x", referrals=(bastau, old)) == "passed"


def test_target_groups_include_derived_ones():
    older = date(1980, 1, 1)
    assert status(GRANT | {"requires_completed": None, "cooldown_years": None},
                  birth_date=older, business_idea="x") == "failed"
    assert status({"target_groups_any": ["disability"]}, birth_date=older,
                  disability_group=3) == "passed"
    assert status({"target_groups_any": ["long_term_unemployed"]},
                  last_job_ended=date(2025, 11, 27)) == "passed"


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        evaluate({"shoe_size": 42}, "x", facts(), CTX)


def test_mci_on_decision_date():
    rates = [(date(2025, 1, 1), 3932), (date(2026, 1, 1), 4325)]
    assert rate_on(rates, date(2025, 12, 31)) == 3932
    assert rate_on(rates, date(2026, 1, 1)) == 4325
    assert benefit_kzt(Decimal(400), "MCI", 4325) == 1_730_000
    assert benefit_kzt(Decimal(35), "percent_of_wage", 4325) is None


def test_a_benefit_per_family_member_is_for_the_household():
    per_member = benefit_kzt(Decimal(35), "MCI", 4325)  # resettlement
    assert for_household(per_member, "one_off_per_family_member", 6) == 6 * 151_375
    assert for_household(per_member, "one_off_per_family_member", None) == 151_375
    assert for_household(1_730_000, "one_off", 6) == 1_730_000  # a grant is per person
    assert for_household(None, "one_off_per_family_member", 6) is None
