"""The pure functions of money: commitments, a month's subsidy, rounding, working days, what is
left of an allocation."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.domain import money
from caseworker.domain.money import Benefit

MCI = 4325  # 2026

YOUTH = Benefit("youth_practice", "subsidised_job", Decimal(30), "MCI", "monthly", 12)
SOCIAL = Benefit("social_job", "subsidised_job", Decimal(35), "percent_of_wage", "monthly", 12)
PUBLIC = Benefit("public_works", "public_works", Decimal(20), "MCI", "monthly_minimum", 12)
SILVER = Benefit("silver_age", "subsidised_job", Decimal(30), "MCI", "monthly", 36)
GRANT = Benefit("state_grant", "grant", Decimal(400), "MCI", "one_off")
CREDIT = Benefit("microcredit", "credit", Decimal(8000), "MCI", "loan_maximum", 60)
COURSE = Benefit("short_training", "training", None, "none", "course", 6)
MOVE = Benefit("resettlement", "mobility", Decimal(35), "MCI", "one_off_per_family_member", 12)
PLACEMENT = Benefit("job_placement", "placement", None, "none", None)


def test_a_subsidised_job_commits_its_monthly_cap_for_its_months():
    assert money.commitment(YOUTH, 6, 1, MCI) == 6 * 30 * MCI
    # without a contract yet: the measure's longest duration; never more than it
    assert money.commitment(YOUTH, None, 1, MCI) == 12 * 30 * MCI
    assert money.commitment(YOUTH, 40, 1, MCI) == 12 * 30 * MCI
    # a wage below the cap commits the wage
    assert money.commitment(YOUTH, 3, 1, MCI, wage_kzt=100_000) == 300_000
    assert money.commitment(PUBLIC, 2, 1, MCI) == 2 * 20 * MCI


def test_a_share_of_the_wage_needs_the_wage():
    assert money.commitment(SOCIAL, 6, 1, MCI) is None
    assert money.commitment(SOCIAL, 6, 1, MCI, wage_kzt=150_001) == 6 * 52_500  # 52 500.35


def test_silver_age_pays_a_smaller_share_each_year():
    wage = 150_000  # 70 % = 105 000, 65 % = 97 500, 60 % = 90 000: all under the cap
    assert money.commitment(SILVER, 36, 1, MCI, wage_kzt=wage) == 12 * (105_000 + 97_500
                                                                         + 90_000)
    assert money.subsidy_share(SILVER, 0) == Fraction(70, 100)
    assert money.subsidy_share(SILVER, 12) == Fraction(65, 100)
    assert money.subsidy_share(SILVER, 40) == Fraction(60, 100)


def test_one_off_payments_and_the_loan_asked_for():
    assert money.commitment(GRANT, None, 4, MCI) == 400 * MCI
    assert money.commitment(CREDIT, None, 1, MCI) == 8000 * MCI
    assert money.commitment(CREDIT, None, 1, MCI, requested_kzt=5_000_000) == 5_000_000
    assert money.commitment(CREDIT, None, 1, MCI, requested_kzt=10**9) == 8000 * MCI


def test_a_course_commits_its_fee_and_resettlement_each_family_member():
    assert money.commitment(COURSE, None, 1, MCI, course_fee_kzt=180_000) == 180_000
    assert money.commitment(COURSE, None, 1, MCI) is None
    assert money.commitment(MOVE, None, 4, MCI) == 4 * 35 * MCI
    north = Benefit("resettlement", "mobility", Decimal(70), "MCI", "one_off_per_family_member")
    assert money.commitment(north, None, 3, MCI) == 3 * 70 * MCI  # the destination's rate
    assert money.commitment(MOVE, None, None, MCI) == 35 * MCI
    assert money.commitment(PLACEMENT, None, 1, MCI) is None
    assert money.commitment(GRANT, None, 1, None) is None  # no MCI known for the day


def test_a_month_subsidy_is_capped_prorated_and_rounded_half_up():
    cap = money.subsidy_cap(YOUTH, MCI)
    assert cap == 129_750
    assert money.month_subsidy(200_000, Fraction(1), cap, 21, 21) == 129_750
    assert money.month_subsidy(100_000, Fraction(1), cap, 21, 21) == 100_000
    # 100 000 x 10 / 21 = 47 619.047...
    assert money.month_subsidy(100_000, Fraction(1), cap, 10, 21) == 47_619
    # exactly half a tenge rounds up: 21 x 1 / 2 = 10.5
    assert money.month_subsidy(21, Fraction(1), None, 1, 2) == 11
    assert money.month_subsidy(100_000, Fraction(35, 100), None, 20, 20) == 35_000
    assert money.month_subsidy(100_000, Fraction(1), cap, 0, 20) == 0


@given(wage=st.integers(1, 2_000_000), days=st.integers(0, 23), working=st.integers(1, 23),
       share=st.sampled_from([Fraction(1), Fraction(35, 100), Fraction(7, 10)]),
       cap=st.one_of(st.none(), st.integers(1, 500_000)))
def test_a_subsidy_never_exceeds_the_cap_nor_the_share_of_the_wage(wage, days, working,
                                                                    share, cap):
    paid = money.month_subsidy(wage, share, cap, days, working)
    assert isinstance(paid, int) and paid >= 0
    assert paid <= money.round_half_up(wage * share)
    if cap is not None:
        assert paid <= cap


def test_rounding_is_half_up_never_to_even():
    assert [money.round_half_up(Fraction(n, 2)) for n in (1, 3, 5, -1, -3)] == [1, 2, 3, -1, -2]
    assert money.round_half_up(Decimal("2.4999")) == 2


def test_whole_tenge():
    assert money.is_whole_tenge(Decimal("150000")) and money.is_whole_tenge("150000.00")
    assert not money.is_whole_tenge(Decimal("150000.5"))
    assert not money.is_whole_tenge("NaN") and not money.is_whole_tenge("abc")


def test_working_days_of_a_five_day_week_and_the_months_of_a_contract():
    assert money.five_day_week(2026, 2) == 20
    assert money.five_day_week(2026, 3) == 22
    assert money.months_of(date(2026, 1, 15), date(2026, 3, 1)) == [
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert money.months_of(date(2025, 12, 31), date(2026, 1, 1)) == [
        date(2025, 12, 1), date(2026, 1, 1)]
    assert money.month_within(date(2026, 1, 1), date(2026, 1, 31), date(2026, 6, 30))
    assert not money.month_within(date(2026, 7, 1), date(2026, 1, 31), date(2026, 6, 30))


@pytest.mark.parametrize("allocated, committed, paid, left", [
    (1_000_000, 600_000, 100_000, 300_000), (500, 500, 0, 0), (100, 80, 30, -10)])
def test_funds_left(allocated, committed, paid, left):
    assert money.remaining_funds(allocated, committed, paid) == left


def test_a_letter_states_the_amount_with_its_period():
    letter = money.letter_amount
    assert letter(YOUTH, 4325, 1_557_000, 1) == money.LetterAmount("monthly_up_to", 129_750)
    assert letter(PUBLIC, 4325, None, 1) == money.LetterAmount("monthly_at_least", 86_500)
    assert letter(SOCIAL, 4325, None, 1) == money.LetterAmount("monthly_share",
                                                               percent=Decimal(35))
    assert letter(CREDIT, 4325, 5_000_000, 1) == money.LetterAmount("up_to", 5_000_000)
    assert letter(GRANT, 4325, 1_730_000, 3) == money.LetterAmount("total", 1_730_000)
    assert letter(MOVE, 4325, 605_500, 4) == money.LetterAmount("total", 605_500, members=4)
    assert letter(MOVE, 4325, 151_375, None).members == 1
    assert letter(COURSE, 4325, None, 1) is None and letter(PLACEMENT, 4325, None, 1) is None
    assert letter(YOUTH, None, None, 1) is None  # no MCI known for the day
