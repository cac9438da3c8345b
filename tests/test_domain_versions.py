"""Versions by date, pure: which one is in force on a day, where a new one fits, and a benefit
in tenge."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from caseworker.domain.money import benefit_kzt
from caseworker.domain.versions import in_force, overlap, place


@dataclass
class V:
    valid_from: date
    valid_to: date | None = None


ENBEK = V(date(2017, 1, 1), date(2021, 12, 31))
NOW = V(date(2022, 1, 1))


@pytest.mark.parametrize("day, expected", [
    (date(2016, 12, 31), None), (date(2017, 1, 1), ENBEK), (date(2020, 8, 19), ENBEK),
    (date(2021, 12, 31), ENBEK), (date(2022, 1, 1), NOW), (date(2099, 1, 1), NOW)])
def test_the_version_in_force_on_a_day(day, expected):
    assert in_force([NOW, ENBEK], day) is expected


def test_a_gap_and_a_closed_end_leave_days_without_a_version():
    ended = V(date(2017, 1, 1), date(2018, 6, 30))
    later = V(date(2019, 1, 1), date(2019, 12, 31))
    assert in_force([ended, later], date(2018, 7, 1)) is None
    assert in_force([ended, later], date(2020, 1, 1)) is None
    assert in_force([ended, later], date(2019, 5, 5)) is later


def test_periods_overlap_when_they_share_a_day():
    assert overlap(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31), None)
    assert not overlap(date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1), None)
    assert overlap(date(2020, 1, 1), None, date(2030, 1, 1), date(2030, 1, 2))
    assert not overlap(date(2021, 1, 1), None, date(2019, 1, 1), date(2020, 12, 31))


def test_a_new_version_closes_the_open_one_the_day_before():
    placed = place([ENBEK, NOW], date(2027, 1, 1), None)
    assert placed.clash is None and placed.closes is NOW
    assert placed.closed_on == date(2026, 12, 31)


@pytest.mark.parametrize("start, end, clash", [
    (date(2022, 1, 1), None, NOW),               # the same first day as the open one
    (date(2020, 1, 1), None, ENBEK),             # inside a closed version
    (date(2016, 1, 1), date(2017, 1, 1), ENBEK),  # its last day is the other's first
])
def test_a_version_that_would_share_a_day_with_another_clashes(start, end, clash):
    placed = place([ENBEK, NOW], start, end)
    assert placed.clash is clash and placed.closes is None


def test_a_version_fits_before_the_first_or_in_a_gap():
    assert place([ENBEK, NOW], date(2015, 1, 1), date(2016, 12, 31)).clash is None
    ended = V(date(2017, 1, 1), date(2018, 6, 30))
    placed = place([ended], date(2019, 1, 1), None)
    assert placed.clash is None and placed.closes is None


@pytest.mark.parametrize("amount, unit, mci, kzt", [
    (Decimal(200), "MCI", 2651, 530_200), (Decimal(200), "MCI", 2778, 555_600),
    (Decimal(400), "MCI", 3450, 1_380_000), (Decimal("30.5"), "MCI", 3, 92),
    (Decimal("85000.50"), "tenge", None, 85_001), (Decimal(35), "percent_of_wage", 3932, None),
    (None, "MCI", 3932, None), (Decimal(30), "MCI", None, None), (None, "none", 3932, None)])
def test_a_benefit_in_tenge(amount, unit, mci, kzt):
    assert benefit_kzt(amount, unit, mci) == kzt
