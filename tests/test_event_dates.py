"""The rules of an event's date (domain.event_dates), on plain values."""
from datetime import date, datetime

from caseworker.domain.event_dates import LATE_ENTRY_DAYS, day_problem, days_late, late

TODAY = date(2026, 12, 7)
BORN = date(1998, 4, 12)


def test_today_and_a_past_day_are_kept():
    assert day_problem(TODAY, TODAY, born=BORN, follows=date(2026, 3, 1)) is None
    assert day_problem(date(2026, 3, 1), TODAY, born=BORN, follows=date(2026, 3, 1)) is None
    assert day_problem(date(2020, 1, 1), TODAY) is None


def test_a_day_in_the_future_is_refused_first():
    assert day_problem(date(2026, 12, 8), TODAY, born=BORN) == "future"
    assert day_problem(date(2027, 1, 1), TODAY, follows=date(2027, 2, 1)) == "future"


def test_a_day_before_what_it_follows_gets_the_callers_code():
    follows = date(2026, 3, 1)
    assert day_problem(date(2026, 2, 28), TODAY, follows=follows) == "before_previous"
    assert day_problem(date(2026, 2, 28), TODAY, follows=follows,
                       before="referral_before_registration") == "referral_before_registration"


def test_a_day_before_birth_is_refused():
    assert day_problem(date(1998, 4, 11), TODAY, born=BORN) == "before_birth"
    assert day_problem(BORN, TODAY, born=BORN) is None
    assert day_problem(date(1, 1, 1), TODAY, born=BORN) == "before_birth"


def test_what_it_follows_is_named_before_birth():
    # a referral dated before the registration is that, even when also before birth
    assert day_problem(date(1990, 1, 1), TODAY, born=BORN, follows=date(2026, 3, 1),
                       before="x") == "x"


def test_late_is_more_than_the_days_allowed_after_it_happened():
    happened = date(2026, 11, 1)
    assert days_late(happened, date(2026, 11, 1)) == 0
    assert days_late(happened, date(2026, 10, 1)) == 0  # entered "before": not late
    assert days_late(None, TODAY) == 0 and days_late(happened, None) == 0
    on_the_limit = date(2026, 11, 1 + LATE_ENTRY_DAYS)
    assert not late(happened, on_the_limit)
    assert late(happened, date(2026, 11, 2 + LATE_ENTRY_DAYS))
    assert late(happened, datetime(2026, 12, 7, 9, 30))  # a wall-clock time: its day
    assert not late(None, datetime(2026, 12, 7, 9, 30)) and not late(happened, None)
    assert late(happened, date(2026, 11, 4), days=2) and not late(happened, TODAY, days=40)
