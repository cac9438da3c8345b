"""One history, three doors: typed on its pages day by day (the clock at each event's day),
sent to the API today back-dated, and imported. The databases hold the same referrals (with
the amounts and rules of their days), the same letters' numbers, the same timelines and the
same plan-against-fact tables at twelve report dates.

The history is the handcrafted one of 2020-2025 (dated rules: amounts, ages, the split of a
region) and a generated one of 204 persons over two years (`generated.py`: a referral to a
measure of every kind, outcomes, follow-up checks, deregistrations and returns). The API and
the import take every person and are compared with each other. Typing all of them on the
pages would take several minutes, so the pages take a sample (`doors.PAGED`: the handcrafted
persons and every eleventh generated one, 25 persons) and are compared with the same sample
imported: typed = imported on the sample, sent = imported on all."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Measure
from tests.conftest import empty_tables
from tests.threeway import doors, world as w
from tests.threeway.history import HANDCRAFTED, PERSONS
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


def _handcrafted_hold(found: dict) -> None:
    """What the handcrafted history proves of the rules of its days."""
    letters = {(p, m, n) for p, m, n, _day, _status in found["letters"]}
    worker, founder2 = PERSONS["worker"].iin, PERSONS["founder2"].iin
    assert {(worker, "public_works", "63-2021-000001"),  # Semey, East Kazakhstan's then
            (founder2, "state_grant", "63-2022-000002"),  # before the split of 8 June 2022
            (worker, "public_works", "10-2022-000001")} <= letters  # Abai's after it
    ours = {p.iin for p in HANDCRAFTED.values()}
    grants = {r[0]: r[5] for r in found["referrals"] if r[1] == "state_grant" and r[0] in ours}
    assert grants == {PERSONS["founder"].iin: 200 * 2778,  # 200 MCI, MCI of June 2020
                      founder2: 400 * 3063}  # 400 MCI, MCI of March 2022
    youth = {r[0]: r[6] for r in found["referrals"] if r[1] == "youth_practice" and r[0] in ours}
    assert youth == {PERSONS["grad"].iin: 1, PERSONS["late_grad"].iin: 2}  # up to 29; to 35
    seed_day = found["indicators"][date(2020, 8, 19)]
    assert seed_day[("430000000", "youth_practice")] == (1, 4, 1)


# Under 3 minutes on SQLite (2:41 on a loaded 2-core machine, 46 s of CPU). It passes on
# PostgreSQL as well (`-m ""` with CASEWORKER_TEST_TARGET=postgresql): 21 minutes there on the
# machine loaded about 11, 128 s of the test's own CPU besides the server's, too long for the
# PostgreSQL pass, so it runs in the SQLite pass only.
@pytest.mark.once
def test_a_history_typed_back_dated_and_imported_gives_the_same_records(app, client, fresh,
                                                                         monkeypatch):
    made = fresh()
    doors.Pages(app, client, made, monkeypatch).enter()
    typed = state(app)
    made = fresh()
    doors.imported(app, made, doors.PAGED)
    assert _differences(typed, state(app)) == {}
    _handcrafted_hold(typed)

    made = fresh()
    doors.Api(app, client, made).enter()
    sent = state(app)
    made = fresh()
    doors.imported(app, made)
    assert _differences(sent, state(app)) == {}
    _handcrafted_hold(sent)

    # and the history is as large and as varied as it means to be
    assert len(sent["persons"]) == 210 and len(typed["persons"]) == len(doors.PAGED)
    with app.app_context():
        kinds = dict(db.session.execute(select(Measure.code, Measure.kind)).all())
    assert {kinds[r[1]] for r in sent["referrals"]} == set(kinds.values())
    entries = [kind for lines in sent["timelines"].values() for _day, kind, _d in lines]
    assert {"follow_up", "outcome", "deregistered", "change", "contact"} <= set(entries)
    assert sum(1 for episode in sent["episodes"] if episode[3] not in ("", "placed")) >= 15
    assert sum(1 for cells in sent["indicators"].values() for fig in cells.values()
               if fig[0]) >= 40
