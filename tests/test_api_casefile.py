"""The integrator's API on a person's file: contacts (list, record, void), deregistration and
return, a referral's outcomes and the voiding of a follow-up check. Each write is the page's
use case: its refusals come back with their codes, and a refused request changes nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import FollowUp, Interaction, Person, RegistrationEpisode
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import TODAY, bearer, count, error_of


def contact(client, world, person="second", who="cw", **body):
    return client.post(f"/api/v1/persons/{world[person]}/contacts", headers=bearer(world, who),
                       json={"channel": "phone", "topic": "job_search", **body})


def test_a_contact_is_recorded_listed_and_voided(app, client, world):
    made = contact(client, world, at=f"{world['yesterday']}T09:30:00", note="звонок",
                   next_action="принести диплом", due_on=TODAY.isoformat())
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["at"] == f"{world['yesterday']}T09:30:00" and body["due_on"] == TODAY.isoformat()
    listed = client.get(f"/api/v1/persons/{world['second']}/contacts?per_page=1",
                        headers=bearer(world)).get_json()
    assert listed["total"] == 1 and [c["id"] for c in listed["items"]] == [body["id"]]
    voided = client.post(f"/api/v1/contacts/{body['id']}/void", headers=bearer(world),
                         json={"reason": "не тот человек"})
    assert voided.status_code == 200 and voided.get_json()["voided_at"]
    error_of(client.post(f"/api/v1/contacts/{body['id']}/void", headers=bearer(world),
                         json={"reason": "again"}), 409, "already_void")


def test_a_contact_without_a_time_is_now_and_an_offset_is_converted(app, client, world):
    made = contact(client, world, note="визит").get_json()
    assert made["at"].startswith(TODAY.isoformat()[:4])
    # midnight UTC is 05:00 in Kazakhstan (UTC+5)
    shifted = contact(client, world, at=f"{world['yesterday']}T00:00:00+00:00", note="x")
    assert shifted.status_code == 201 and shifted.get_json()["at"].endswith("T05:00:00")


@pytest.mark.parametrize("body, status, code, field", [
    ({"note": ""}, 422, "contact_empty", "note"),
    ({"at": "2001-01-01T10:00:00", "note": "x"}, 422, None, "at"),
    ({"at": "2100-01-01T10:00:00", "note": "x"}, 422, "contact_future", "at"),
    ({"note": "x", "next_action": "позвонить"}, 422, "due_date_required", "due_on"),
    ({"note": "x", "channel": "pigeon"}, 422, "validation_error", "channel"),
    ({"note": "x", "at": "вчера"}, 422, "validation_error", "at"),
    ({"note": "x", "at": "0001-01-01T00:00:00+05:00"}, 422, "validation_error", "at"),
])
def test_a_bad_contact_is_refused_with_its_field_and_nothing_is_written(
        app, client, world, body, status, code, field):
    error = error_of(contact(client, world, **body), status, code)
    assert field in error["fields"]
    assert count(app, Interaction) == 0


def test_contacts_of_another_district_are_not_found(app, client, world):
    for path in (f"/api/v1/persons/{world['elsewhere']}/contacts",
                 f"/api/v1/persons/{world['far']}/contacts"):
        error_of(client.get(path, headers=bearer(world)), 404, "not_found")
        error_of(client.post(path, headers=bearer(world), json={
            "channel": "phone", "topic": "other", "note": "x"}), 404)
    made = contact(client, world, person="elsewhere", who="cw2", note="x").get_json()
    error_of(client.post(f"/api/v1/contacts/{made['id']}/void", headers=bearer(world),
                         json={"reason": "x"}), 404)
    # the officer reads the region's contacts, and records none
    assert client.get(f"/api/v1/persons/{world['elsewhere']}/contacts",
                      headers=bearer(world, "officer")).status_code == 200
    error_of(contact(client, world, person="elsewhere", who="officer", note="x"), 403)
    assert count(app, Interaction) == 1


def test_a_person_is_deregistered_and_returns_on_the_days_given(app, client, world):
    url = f"/api/v1/persons/{world['second']}"
    left = client.post(url + "/deregistration", headers=bearer(world), json={
        "reason": "moved", "on": world["yesterday"]})
    assert left.status_code == 200 and left.get_json()["status"] == "deregistered"
    error_of(client.post(url + "/deregistration", headers=bearer(world),
                         json={"reason": "moved"}), 409, "not_registered")
    error_of(client.post(url + "/return", headers=bearer(world), json={"on": "2025-06-01"}),
             422, "before_deregistration")
    back = client.post(url + "/return", headers=bearer(world), json={})
    assert back.status_code == 200 and back.get_json()["status"] == "active"
    assert back.get_json()["registered_on"] == TODAY.isoformat()
    error_of(client.post(url + "/return", headers=bearer(world), json={}), 409, "on_register")
    with app.app_context():
        episodes = db.session.scalars(select(RegistrationEpisode).where(
            RegistrationEpisode.person_id == world["second"]).order_by(
                RegistrationEpisode.id)).all()
        assert [(e.deregistered_on and e.deregistered_on.isoformat(), e.reason)
                for e in episodes] == [(world["yesterday"], "moved"), (None, None)]


@pytest.mark.parametrize("body, code", [
    ({"reason": "no_such"}, "reason_required"),
    ({"reason": "moved", "on": "2100-01-01"}, "future"),
    ({"reason": "moved", "on": "2025-06-01"}, "before_registration"),
    ({"on": "2020-01-01"}, "validation_error"),
])
def test_a_bad_deregistration_changes_nothing(app, client, world, body, code):
    error_of(client.post(f"/api/v1/persons/{world['second']}/deregistration",
                         headers=bearer(world), json=body), 409 if code == "x" else 422, code)
    with app.app_context():
        assert db.session.get(Person, world["second"]).status == "active"


def test_deregistration_and_return_are_refused_outside_the_scope(app, client, world):
    for who, person, status in (("cw", "elsewhere", 404), ("cw", "far", 404),
                                ("officer", "second", 403), ("analyst", "second", 404)):
        error_of(client.post(f"/api/v1/persons/{world[person]}/deregistration",
                             headers=bearer(world, who), json={"reason": "moved"}), status)
        error_of(client.post(f"/api/v1/persons/{world[person]}/return",
                             headers=bearer(world, who), json={}), status)
    with app.app_context():
        assert {p.status for p in db.session.scalars(select(Person))} == {"active", "employed"}


def test_outcomes_are_listed_and_a_check_is_voided(app, client, world):
    listed = client.get(f"/api/v1/referrals/{world['referral']}/outcomes",
                        headers=bearer(world))
    assert listed.status_code == 200
    [outcome] = listed.get_json()
    assert outcome["kind"] == "permanent_job" and len(outcome["follow_ups"]) == 3
    error_of(client.post(f"/api/v1/follow-ups/{world['checked']}/void", headers=bearer(world),
                         json={"reason": " "}), 422, "void_reason_required")
    error_of(client.post(f"/api/v1/follow-ups/{world['open_check']}/void",
                         headers=bearer(world), json={"reason": "x"}), 409, "not_checked")
    voided = client.post(f"/api/v1/follow-ups/{world['checked']}/void", headers=bearer(world),
                         json={"reason": "ошибка"})
    assert voided.status_code == 200 and voided.get_json()["voided_at"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowUp).where(
            FollowUp.voided_at.is_(None))) == 3  # a new open check took its place
    error_of(client.get(f"/api/v1/referrals/{world['far_referral']}/outcomes",
                        headers=bearer(world)), 404)
    error_of(client.post(f"/api/v1/follow-ups/{world['open_check']}/void",
                         headers=bearer(world, "cw2"), json={"reason": "x"}), 404)
