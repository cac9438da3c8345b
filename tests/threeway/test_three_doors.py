"""One history, three doors: typed on its pages day by day (the clock at each event's day),
sent to the API today back-dated, and imported. The three databases hold the same referrals
(with the amounts and rules of their days), the same letters' numbers, the same timelines and
the same plan-against-fact tables at every report date."""
from __future__ import annotations

from datetime import date

import pytest

from caseworker.extensions import db
from tests.conftest import empty_tables
from tests.threeway import doors, world as w
from tests.threeway.history import PERSONS
from tests.threeway.state import state


@pytest.fixture
def fresh(app, monkeypatch):
    """A fresh state with the shared world in it, the clock at today's (b) and (c) day."""
    def make() -> dict:
        with app.app_context():
            empty_tables(app)
            w.at_day(monkeypatch, w.TODAY)
            made = w.build()
            db.session.commit()
            return made
    return make


def _apart(first, second):
    """What only one side has: by key for a mapping, by item for a list."""
    if isinstance(first, dict):
        return {key: _apart(first.get(key), second.get(key))
                for key in first.keys() | second.keys() if first.get(key) != second.get(key)}
    if isinstance(first, list) and isinstance(second, list):
        return {"only first": [i for i in first if i not in second],
                "only second": [i for i in second if i not in first]}
    return first, second


def _differences(first: dict, second: dict) -> dict:
    return {part: _apart(first[part], second[part]) for part in first
            if first[part] != second[part]}


@pytest.mark.once  # about 20 s on SQLite, over 40 s on PostgreSQL
def test_a_history_typed_back_dated_and_imported_gives_the_same_records(app, client, fresh,
                                                                         monkeypatch):
    made = fresh()
    doors.Pages(app, client, made, monkeypatch).enter()
    typed = state(app)

    made = fresh()
    doors.Api(app, client, made).enter()
    sent = state(app)

    made = fresh()
    doors.imported(app, client, made)
    loaded = state(app)

    assert _differences(typed, sent) == {}
    assert _differences(typed, loaded) == {}

    # and what they agree on is the history of its days
    letters = {(p, m, n) for p, m, n, _day, _status in typed["letters"]}
    worker, founder2 = PERSONS["worker"].iin, PERSONS["founder2"].iin
    assert {(worker, "public_works", "63-2021-000001"),  # Semey, East Kazakhstan's then
            (founder2, "state_grant", "63-2022-000002"),  # before the split of 8 June 2022
            (worker, "public_works", "10-2022-000001")} <= letters  # Abai's after it
    grants = {r[0]: r[5] for r in typed["referrals"] if r[1] == "state_grant"}
    assert grants == {PERSONS["founder"].iin: 200 * 2778,  # 200 MCI, MCI of June 2020
                      founder2: 400 * 3063}  # 400 MCI, MCI of March 2022
    youth = {r[0]: r[6] for r in typed["referrals"] if r[1] == "youth_practice"}
    assert youth == {PERSONS["grad"].iin: 1, PERSONS["late_grad"].iin: 2}  # up to 29; to 35
    seed_day = typed["indicators"][date(2020, 8, 19)]
    assert seed_day[("430000000", "youth_practice")] == (1, 4, 1)
