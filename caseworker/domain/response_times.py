"""How fast the organisations that receive referrals answer them: working days from the day a
person was sent to the day the organisation's answer happened, their median and 90th
percentile, and the share answered within the term.

Pure: the caller gives the answer times already counted in working days, as (days, how many)
pairs (the database groups equal ones), and the term (the same one the caseload's "waiting
for the provider" flag uses).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


def percentile(weighted: Iterable[tuple[int, int]], share: float) -> int | None:
    """The nearest-rank percentile of values given as (value, count) pairs: the least value
    that at least `share` of all the counted values do not exceed. None when nothing is
    counted. Nearest rank keeps it one of the values (a whole number of days)."""
    if not 0 < share <= 1:
        raise ValueError("share is a fraction above 0 and at most 1")
    pairs = sorted((value, count) for value, count in weighted if count > 0)
    total = sum(count for _value, count in pairs)
    if not total:
        return None
    rank, seen = math.ceil(share * total), 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value
    return pairs[-1][0]  # not reached: the last pair brings `seen` to `total`


@dataclass(frozen=True)
class AnswerTimes:
    answered: int
    median: int | None
    p90: int | None
    within: int  # answered within the term

    def within_share(self) -> float | None:
        return self.within / self.answered if self.answered else None


def answer_times(weighted: Iterable[tuple[int, int]], term: int) -> AnswerTimes:
    """The figures of one organisation's answers, each in working days after the day the
    person was sent (an answer on that same day takes 0 days)."""
    pairs = [(max(days, 0), count) for days, count in weighted if count > 0]
    return AnswerTimes(
        answered=sum(count for _days, count in pairs),
        median=percentile(pairs, 0.5), p90=percentile(pairs, 0.9),
        within=sum(count for days, count in pairs if days <= term))


def keeps_waiting(waiting_past_term: int, times: AnswerTimes, term: int) -> bool:
    """An organisation keeps people waiting when someone it was sent to has had no answer
    past the term, or when half its answers came after the term."""
    return waiting_past_term > 0 or (times.median is not None and times.median > term)
