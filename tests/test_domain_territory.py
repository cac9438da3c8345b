"""Territories by date as pure rules: a split, a rename, a code that changed, and the checks
that keep every district in exactly one existing region on every day of its life."""
from datetime import date

import pytest

from caseworker.domain import territory as t

EAST, ABAI, ASTANA = "630000000", "100000000", "710000000"
SEMEY = "101010000"
SPLIT = date(2022, 6, 8)
LIVES = {EAST: (None, None), ABAI: (SPLIT, None), ASTANA: (None, None)}
SEMEY_ROWS = t.chain(SEMEY, [t.Membership(SEMEY, EAST, None, date(2022, 6, 7))], ABAI)


def test_the_chain_puts_the_current_region_after_the_earlier_ones():
    assert SEMEY_ROWS == [t.Membership(SEMEY, EAST, None, date(2022, 6, 7)),
                          t.Membership(SEMEY, ABAI, SPLIT, None)]
    assert t.chain("x", [], EAST) == [t.Membership("x", EAST, None, None)]


@pytest.mark.parametrize("day,region", [
    (date(2020, 8, 19), EAST), (date(2022, 6, 7), EAST), (SPLIT, ABAI), (date(2023, 1, 1), ABAI)])
def test_a_split_moves_the_district_on_its_first_day(day, region):
    assert t.region_of(SEMEY_ROWS, SEMEY, day) == region


def test_a_district_nobody_holds_has_no_region():
    assert t.region_of(SEMEY_ROWS, "other", date(2020, 1, 1)) is None


NUR_SULTAN = t.Names("Нұр-Сұлтан қаласы", "г. Нур-Султан", "Nur-Sultan",
                     valid_from=date(2019, 3, 23), valid_to=date(2022, 9, 18))
ASTANA_NOW = t.Names("Астана қаласы", "г. Астана", "Astana")


@pytest.mark.parametrize("day,lang,name", [
    (date(2019, 3, 22), "en", "Astana"), (date(2019, 3, 23), "en", "Nur-Sultan"),
    (date(2020, 8, 19), "ru", "г. Нур-Султан"), (date(2022, 9, 18), "kk", "Нұр-Сұлтан қаласы"),
    (date(2022, 9, 19), "en", "Astana"), (date(2026, 1, 1), "ru", "г. Астана"),
    (date(2020, 8, 19), "xx", "г. Нур-Султан")])
def test_a_rename_is_a_dated_name_of_the_same_unit(day, lang, name):
    assert t.name_on(ASTANA_NOW, [NUR_SULTAN], day, lang) == name


def test_a_code_by_date():
    earlier = [t.Code("632810000", valid_to=date(2022, 6, 7))]
    assert t.code_on(SEMEY, earlier, date(2021, 12, 31)) == "632810000"
    assert t.code_on(SEMEY, earlier, SPLIT) == SEMEY


def test_memberships_that_cover_every_day_have_no_problem():
    assert t.problems(SEMEY, (None, None), SEMEY_ROWS, LIVES) == []
    # a district formed after the split may reach back to the region its territory was in
    late = t.chain("z", [t.Membership("z", EAST, None, date(2022, 6, 7))], ABAI)
    assert t.problems("z", (date(2025, 1, 1), None), late, LIVES) == []


def test_a_gap_between_two_regions_is_found():
    rows = [t.Membership(SEMEY, EAST, None, date(2022, 6, 1)),
            t.Membership(SEMEY, ABAI, SPLIT, None)]
    assert t.problems(SEMEY, (None, None), rows, LIVES) == [
        t.Problem("gap", SEMEY, date(2022, 6, 2), date(2022, 6, 7))]


def test_a_gap_before_the_district_was_formed_does_not_matter():
    rows = [t.Membership(SEMEY, ABAI, SPLIT, None)]
    assert t.problems(SEMEY, (SPLIT, None), rows, LIVES) == []
    assert t.problems(SEMEY, (None, None), rows, LIVES) == [
        t.Problem("gap", SEMEY, None, date(2022, 6, 7))]


def test_an_ended_membership_leaves_the_district_in_no_region():
    rows = [t.Membership(SEMEY, EAST, None, date(2022, 6, 7))]
    assert t.problems(SEMEY, (None, None), rows, LIVES) == [
        t.Problem("gap", SEMEY, SPLIT, None)]
    assert t.problems(SEMEY, (None, date(2022, 6, 7)), rows, LIVES) == []


def test_two_regions_at_once_are_found():
    rows = [t.Membership(SEMEY, EAST, None, None), t.Membership(SEMEY, ABAI, SPLIT, None)]
    assert [p.kind for p in t.problems(SEMEY, (None, None), rows, LIVES)] == ["overlap"]


def test_a_region_that_did_not_exist_cannot_hold_a_district():
    rows = [t.Membership(SEMEY, ABAI, None, None)]
    assert t.problems(SEMEY, (None, None), rows, LIVES) == [
        t.Problem("no_region", SEMEY, None, None, ABAI)]
    ended = {**LIVES, EAST: (None, date(2022, 6, 7))}
    assert t.problems(SEMEY, (None, None), SEMEY_ROWS, ended) == []
    assert [p.kind for p in t.problems(
        "k", (None, None), [t.Membership("k", EAST, None, None)], ended)] == ["no_region"]


def test_no_membership_at_all_is_a_gap():
    assert t.problems("k", (None, None), [], LIVES) == [t.Problem("gap", "k", None, None)]
