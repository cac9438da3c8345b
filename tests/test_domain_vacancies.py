"""A vacancy's rules on plain values: places, hours, dates, the minimum wage pro rata."""
from datetime import date

import pytest

from caseworker.domain.vacancies import minimum_wage_for, problems

D = date(2024, 3, 1)


@pytest.mark.parametrize("hours, minimum", [(40, 85000), (48, 85000), (20, 42500),
                                            (30, 63750), (1, 2125), (7, 14875)])
def test_the_minimum_pro_rata(hours, minimum):
    assert minimum_wage_for(85000, hours) == minimum


def test_pro_rata_rounds_up_to_a_whole_tenge():
    assert minimum_wage_for(70000, 13) == 22750 and minimum_wage_for(42500, 13) == 13813


def test_a_good_vacancy_has_no_problems():
    assert problems(D, date(2024, 4, 1), 2, 85000, 40, 85000) == []
    assert problems(D, D, 1, 42500, 20, 85000) == []  # closes the day it opens
    assert problems(D, None, 1, 90000, 40, None) == []  # no minimum known: not judged


@pytest.mark.parametrize("args, code", [
    ((D, None, 0, 90000, 40, 85000), "places"),
    ((D, None, 1, 84999, 40, 85000), "wage_below_minimum"),
    ((D, None, 1, 42499, 20, 85000), "wage_below_minimum"),
    ((D, date(2024, 2, 29), 1, 90000, 40, 85000), "closes_before_opens"),
    ((D, None, 1, 90000, 0, 85000), "hours"),
    ((D, None, 1, 90000, 61, 85000), "hours"),
])
def test_each_rule(args, code):
    assert problems(*args) == [code]
