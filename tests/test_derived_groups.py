"""The computed target groups on the day of the decision: youth (up to 35), NEET youth (not in
employment, education or training), recent graduates (within three years of the diploma's
date, of technical and vocational or higher education)."""
from datetime import date
from decimal import Decimal

import pytest

from caseworker.domain.derived import Facts, PastReferral, all_groups, derived_groups

PENSION = {2026: (Decimal(63), Decimal(61))}


def facts(**kw):
    base = dict(birth_date=date(1991, 6, 1), sex="F", registered_on=date(2025, 3, 1),
                education_level="higher", graduated_on=date(2024, 6, 20),
                graduation_year=2024)
    return Facts(**{**base, **kw})


def groups(on, **kw):
    return derived_groups(facts(**kw), on, PENSION)


def test_youth_is_judged_on_the_decision_date():
    assert "youth" in groups(date(2026, 5, 31))       # 34 on the day of the decision
    assert "youth" in groups(date(2027, 5, 31))       # 35
    assert "youth" not in groups(date(2027, 6, 1))    # 36 on that day
    assert "neet" not in groups(date(2027, 6, 1))


def test_neet_youth_is_not_in_training():
    training = PastReferral("short_training", "training", "started", date(2026, 1, 10))
    finished = PastReferral("short_training", "training", "completed", date(2025, 5, 10))
    assert "neet" in groups(date(2026, 3, 1))
    assert "neet" in groups(date(2026, 3, 1), referrals=(finished,))
    assert "neet" not in groups(date(2026, 3, 1), referrals=(training,))
    # ticked by hand, a computed group is ignored: the profile decides
    assert "neet" not in all_groups(facts(target_groups=("neet",)), date(2027, 6, 1), PENSION)


@pytest.mark.parametrize("on, level, graduate", [
    (date(2027, 6, 19), "higher", True),       # the day before the third anniversary
    (date(2027, 6, 20), "higher", False),      # three years from the diploma's date
    (date(2025, 1, 1), "vocational", True),
    (date(2024, 6, 19), "higher", False),      # before the diploma
    (date(2025, 1, 1), "secondary", False),    # school is not TVET or higher education
])
def test_a_graduate_within_three_years_of_the_diploma(on, level, graduate):
    assert ("graduate" in groups(on, education_level=level)) is graduate


def test_a_graduation_year_alone_counts_only_where_it_decides():
    assert "graduate" in groups(date(2026, 11, 27), graduated_on=None, graduation_year=2024)
    assert "graduate" not in groups(date(2026, 11, 27), graduated_on=None,
                                    graduation_year=2023)  # unknown without the day
