"""A status change that a back-dated event made is placed in the timeline on the day the
event happened, not on the day it was entered, and stays marked as entered late (on which
day, by whom); a profile change typed today stays where it was entered."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from caseworker import clock
from caseworker.casework.timeline import by_save, timeline
from caseworker.extensions import db
from caseworker.models import Person, User
from caseworker.people import operations as people
from tests.people_client import page
from tests.test_dated_doors import LONG_AGO, TODAY, bearer, world  # noqa: F401 (a fixture)
from tests.test_timeline import NOON


def test_a_back_dated_deregistration_sets_the_status_on_its_day_marked_late(
        app, client, login_as, world):  # noqa: F811
    left = client.post(f"/api/v1/persons/{world['person']}/deregistration",
                       headers=bearer(world), json={"reason": "moved",
                                                    "on": LONG_AGO.isoformat()})
    assert left.status_code == 200, left.get_json()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        entries = timeline(world["person"])
        change = next(e for e in entries if e.kind == "change")
        assert [(c.field, c.old, c.new) for c in change.item] == [
            ("status", "active", "deregistered")]
        assert change.at.date() == LONG_AGO and change.late
        assert change.entered.date() in (TODAY, TODAY - timedelta(days=1))  # stored UTC
        # beside the deregistration it follows from, not on the day it was typed
        assert {(e.kind, e.at.date()) for e in entries[:2]} == {
            ("deregistered", LONG_AGO), ("change", LONG_AGO)}
        person = db.session.get(Person, world["person"])
        people.update(person, {"phone": "+77011234567"}, db.session.get(User, world["cw"]),
                      TODAY, version=person.version)
        db.session.commit()
        typed = timeline(world["person"])[0]
        # typed now: at the moment it was entered, on today's date where the centre is
        assert (typed.kind, clock.local(typed.at).date(), typed.late) == ("change", TODAY, False)
        name = db.session.get(User, world["cw"]).full_name
    login_as("cw")
    shown = page(client.get(f"/people/{world['person']}"))
    assert f"entered late, on {TODAY:%d.%m.%Y} by {name}" in shown
    assert f"{LONG_AGO:%d.%m.%Y}" in shown


def test_changes_of_one_moment_but_of_another_day_are_entries_of_their_own():
    def change(field, happened_on=None):
        return SimpleNamespace(user_id=1, at=NOON, field=field, happened_on=happened_on)
    day = (NOON - timedelta(days=40)).date()
    entries = by_save([change("status", day), change("phone"), change("rural")])
    assert [[c.field for c in e.item] for e in entries] == [["status"], ["phone", "rural"]]
    assert entries[0].at.date() == day and entries[0].late and not entries[1].late
