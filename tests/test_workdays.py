"""Working days on a five-day week with Kazakhstan's holidays and transferred days off (the
pure functions; the calendars here are written out by hand from the 2018-2020 decrees)."""
from datetime import date

from hypothesis import given, strategies as st

from caseworker.domain.workdays import (
    EMPTY, ONE_DAY, WorkCalendar, add_working_days, answered_by, is_working_day, on_or_after,
    passed_since, working_days_between, working_days_in_month)

# End of 2018 and start of 2019: Saturday 29 December worked, Monday 31 December off in its
# place (government decree for 2018); 1-2 January New Year; 7 January Christmas.
NEW_YEAR = WorkCalendar(
    non_working=frozenset({date(2018, 12, 31), date(2019, 1, 1), date(2019, 1, 2),
                           date(2019, 1, 7)}),
    working=frozenset({date(2018, 12, 29)}), years=frozenset({2018, 2019}))
# March 2018: Saturday 3 March worked for Friday 9 March off; 8 March; Nauryz 21-23 March.
MARCH_2018 = WorkCalendar(
    non_working=frozenset({date(2018, 3, 8), date(2018, 3, 9), date(2018, 3, 21),
                           date(2018, 3, 22), date(2018, 3, 23)}),
    working=frozenset({date(2018, 3, 3)}), years=frozenset({2018}))
# 2020: 8 March a Sunday, off on Monday 9 March by the Labour Code; 2023: Orthodox
# Christmas on Saturday 7 January is not moved (no day off on Monday 9 January).
MOVED = WorkCalendar(
    non_working=frozenset({date(2020, 3, 8), date(2020, 3, 9), date(2023, 1, 7)}),
    years=frozenset({2020, 2023}))


def test_a_plain_week_without_a_calendar():
    assert [is_working_day(date(2026, 11, d)) for d in range(23, 30)] == [
        True, True, True, True, True, False, False]
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday -> Monday
    assert add_working_days(date(2026, 11, 27), 0) == date(2026, 11, 27)
    assert EMPTY.knows(date(2026, 1, 1)) is False


def test_a_worked_saturday_counts_and_the_moved_day_off_does_not():
    assert is_working_day(date(2018, 12, 29), NEW_YEAR)
    assert not is_working_day(date(2018, 12, 31), NEW_YEAR)
    assert add_working_days(date(2018, 12, 28), 1, NEW_YEAR) == date(2018, 12, 29)


def test_counting_across_the_year_boundary():
    # Friday 28 December 2018: Saturday 29th worked, then nothing until Thursday 3 January.
    assert add_working_days(date(2018, 12, 28), 2, NEW_YEAR) == date(2019, 1, 3)
    assert working_days_between(date(2018, 12, 28), date(2019, 1, 3), NEW_YEAR) == 2
    assert add_working_days(date(2019, 1, 3), -2, NEW_YEAR) == date(2018, 12, 28)
    assert working_days_between(date(2019, 1, 3), date(2018, 12, 28), NEW_YEAR) == -2
    # 14 working days from 27 December 2018: 28, 29 Dec; 3, 4, 8-11, 14-18, 21 Jan.
    assert add_working_days(date(2018, 12, 27), 14, NEW_YEAR) == date(2019, 1, 21)


def test_a_holiday_on_a_weekend_moves_to_monday_where_the_rule_says_so():
    assert not is_working_day(date(2020, 3, 9), MOVED)
    assert add_working_days(date(2020, 3, 6), 1, MOVED) == date(2020, 3, 10)
    assert is_working_day(date(2023, 1, 9), MOVED)  # Christmas on a Saturday is not moved
    assert add_working_days(date(2023, 1, 6), 1, MOVED) == date(2023, 1, 9)


def test_working_days_in_a_month():
    assert working_days_in_month(2026, 2) == 20
    # March 2018: 22 weekdays, less 8, 9, 21, 22, 23 March, plus Saturday 3 March.
    assert working_days_in_month(2018, 3, MARCH_2018) == 18
    assert working_days_in_month(2018, 12, NEW_YEAR) == 21  # 21 weekdays -31st +29th
    assert working_days_in_month(2019, 1, NEW_YEAR) == 20  # 23 weekdays -1st -2nd -7th


CALENDARS = st.sampled_from([EMPTY, NEW_YEAR, MARCH_2018, MOVED])


@given(start=st.dates(date(2017, 11, 1), date(2023, 3, 1)), n=st.integers(-40, 40),
       calendar=CALENDARS)
def test_adding_and_counting_agree(start, n, calendar):
    end = add_working_days(start, n, calendar)
    assert working_days_between(start, end, calendar) == n
    assert n == 0 or is_working_day(end, calendar)
    assert (end > start) == (n > 0) and (end < start) == (n < 0)


def test_a_term_ending_on_a_day_off_ends_on_the_next_working_day():
    assert on_or_after(date(2018, 12, 28), NEW_YEAR) == date(2018, 12, 28)
    assert on_or_after(date(2018, 12, 30), NEW_YEAR) == date(2019, 1, 3)  # Sun, 31, 1, 2
    assert on_or_after(date(2018, 12, 29), NEW_YEAR) == date(2018, 12, 29)  # worked Saturday


def test_the_day_from_which_a_term_has_passed():
    # by Monday 21 January 2019, 14 working days have passed since 27 December 2018
    assert passed_since(date(2019, 1, 21), 14, NEW_YEAR) == date(2018, 12, 27)
    assert answered_by(date(2018, 12, 27), 14, NEW_YEAR) == date(2019, 1, 21)
    # on a Sunday the count is that of the Friday before
    assert passed_since(date(2026, 11, 29), 1) == date(2026, 11, 26)


@given(st.dates(date(2018, 6, 1), date(2019, 6, 1)), st.integers(0, 40))
def test_passed_since_is_the_latest_day_with_n_working_days_behind(today, n):
    day = passed_since(today, n, NEW_YEAR)
    assert working_days_between(day, today, NEW_YEAR) == n
    assert working_days_between(day + ONE_DAY, today, NEW_YEAR) < n or n == 0
