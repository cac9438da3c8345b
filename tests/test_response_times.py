"""The organisations' response times, on plain values: nearest-rank percentiles of weighted
working days, the share answered within the term, and who keeps people waiting."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from caseworker.domain.response_times import answer_times, keeps_waiting, percentile


def test_the_median_and_90th_percentile_are_days_that_were_taken():
    days = [(1, 1), (2, 1), (3, 1), (4, 1), (20, 1)]
    assert percentile(days, 0.5) == 3 and percentile(days, 0.9) == 20
    assert percentile([(5, 9), (30, 1)], 0.9) == 5  # nine of ten within 5 days
    assert percentile([(5, 8), (30, 2)], 0.9) == 30


def test_counts_weigh_like_repeated_values_and_order_does_not_matter():
    assert percentile([(7, 3), (2, 1)], 0.5) == percentile([(2, 1), (7, 1), (7, 1), (7, 1)], 0.5)
    assert percentile([], 0.5) is None and percentile([(3, 0)], 0.5) is None


def test_a_share_outside_zero_to_one_is_refused():
    for share in (0, -0.1, 1.5):
        with pytest.raises(ValueError):
            percentile([(1, 1)], share)


def test_answer_times_count_the_answers_within_the_term():
    times = answer_times([(0, 2), (14, 1), (15, 1)], term=14)
    assert (times.answered, times.within, times.median, times.p90) == (4, 3, 0, 15)
    assert times.within_share() == 0.75
    nothing = answer_times([], term=14)
    assert nothing.answered == 0 and nothing.within_share() is None and nothing.median is None


def test_who_keeps_people_waiting():
    quick = answer_times([(2, 5)], term=14)
    slow = answer_times([(20, 3), (3, 2)], term=14)
    assert not keeps_waiting(0, quick, 14)
    assert keeps_waiting(1, quick, 14)  # someone waits past the term now
    assert keeps_waiting(0, slow, 14)  # half its answers came after the term


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 5)), min_size=1, max_size=30),
       st.floats(0.01, 1.0))
def test_a_percentile_is_the_least_value_that_covers_the_share(pairs, share):
    values = sorted(v for v, n in pairs for _ in range(n))
    found = percentile(pairs, share)
    covered = sum(1 for v in values if v <= found)
    assert found in values and covered >= share * len(values) - 1e-9
    assert all(sum(1 for v in values if v <= smaller) < share * len(values) - 1e-9
               for smaller in set(values) if smaller < found)
