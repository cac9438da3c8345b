from datetime import datetime, timedelta

from caseworker.domain.lockout import locked_until

T0 = datetime(2026, 11, 27, 9, 0)
MIN15 = timedelta(minutes=15)


def at(*minutes):
    return [T0 + timedelta(minutes=m) for m in minutes]


def test_four_failures_do_not_lock():
    assert locked_until(at(0, 1, 2, 3), T0 + timedelta(minutes=4), 5, MIN15, MIN15) is None


def test_fifth_failure_within_window_locks_for_fifteen_minutes():
    failures = at(0, 1, 2, 3, 14)
    assert locked_until(failures, T0 + timedelta(minutes=20), 5, MIN15, MIN15) == T0 + timedelta(minutes=29)
    assert locked_until(failures, T0 + timedelta(minutes=29), 5, MIN15, MIN15) is None


def test_failures_spread_over_more_than_the_window_do_not_lock():
    assert locked_until(at(0, 4, 8, 12, 16), T0 + timedelta(minutes=17), 5, MIN15, MIN15) is None
