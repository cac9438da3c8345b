"""A transfer decided on a day and a segment set by hand as of a day: the pages' date fields
(today by default, the refusal beside the field, nothing changed), through the operations'
rules (not in the future, not before the request or the registration)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Person, TransferRequest
from tests.conftest import csrf_from, login
from tests.people_client import page, world  # noqa: F401 (the fixture)
from tests.test_people_transfers import _ask_transfer, _holder

TODAY = clock.today()
TOMORROW = TODAY + timedelta(days=1)


def _requested(app, days_ago: int) -> None:
    with app.app_context():
        db.session.execute(update(TransferRequest).values(
            requested_at=clock.utcnow() - timedelta(days=days_ago)))
        db.session.commit()


def _decision(app, request_id):
    with app.app_context():
        found = db.session.get(TransferRequest, request_id)
        return found.status, found.decided_on


def test_a_transfer_is_decided_on_the_day_typed(app, client, world):
    _ask_transfer(app, client, world)
    _requested(app, days_ago=10)
    other, request_id, inbox = _holder(app, client)
    assert f'id="on-{request_id}" name="on" value="{TODAY.isoformat()}"' in inbox
    url = f"/people/transfers/{request_id}"
    for day, message in ((TOMORROW, "The date cannot be in the future."),
                         (TODAY - timedelta(days=11), "on or after the day it was requested")):
        refused = other.post(url, data={"decision": "approve", "on": day.isoformat(),
                                        "csrf_token": csrf_from(inbox)})
        assert message in page(refused) and f'id="on-{request_id}-error"' in page(refused)
        assert f'value="{day.isoformat()}"' in page(refused)
        assert _decision(app, request_id) == ("pending", None)
    day = TODAY - timedelta(days=4)
    other.post(url, data={"decision": "approve", "on": day.isoformat(),
                          "csrf_token": csrf_from(inbox)})
    assert _decision(app, request_id) == ("approved", day)
    assert day.strftime("%d.%m.%Y") in page(other.get("/people/transfers"))


def _segment(client, person_id, **data):
    url = f"/people/{person_id}"
    token = csrf_from(page(client.get(url)))
    return client.post(url + "/segment", data={"csrf_token": token, "segment": "C",
                                               "reason": "недавно освободилась", **data})


def test_a_segment_is_set_by_hand_as_of_a_day(app, client, world):
    with app.app_context():
        registered = db.session.get(Person, world["own"]).registered_on
    login(client, "sv")
    shown = page(client.get(f"/people/{world['own']}"))
    assert f'id="segment-on" name="on" type="date" value="{TODAY.isoformat()}"' in shown
    for day, message in ((TOMORROW, "The date cannot be in the future."),
                         (registered - timedelta(days=1), "earlier than the last registration")):
        refused = _segment(client, world["own"], on=day.isoformat())
        assert refused.status_code == 422 and message in page(refused)
        assert 'id="segment-on-error"' in page(refused)
        with app.app_context():
            assert db.session.scalar(select(Person.segment_override).where(
                Person.id == world["own"])) is None
    assert _segment(client, world["own"], on=registered.isoformat()).status_code == 302
    with app.app_context():
        person = db.session.get(Person, world["own"])
        assert (person.segment_override, person.segment_on) == ("C", registered)
    assert f"as of {registered.strftime('%d.%m.%Y')}" in page(client.get(
        f"/people/{world['own']}"))


def test_the_api_sets_a_segment_and_decides_a_transfer_on_a_day(app, client, world):
    from caseworker.api import tokens
    from caseworker.models import User
    _ask_transfer(app, client, world)
    _requested(app, days_ago=10)
    with app.app_context():
        secrets = {login: tokens.create(db.session.scalar(select(User).where(
            User.login == login)), "test")[1] for login in ("sv", "sv.sh")}
        request_id = db.session.scalar(select(TransferRequest.id))
        registered = db.session.get(Person, world["own"]).registered_on
        db.session.commit()

    def send(method, url, who, body):
        return client.open("/api/v1" + url, method=method, json=body,
                           headers={"Authorization": f"Bearer {secrets[who]}"})
    early = send("PUT", f"/persons/{world['own']}/segment", "sv", {
        "segment": "B", "reason": "так", "on": (registered - timedelta(days=1)).isoformat()})
    assert early.status_code == 422
    assert early.get_json()["error"]["code"] == "before_registration"
    done = send("PUT", f"/persons/{world['own']}/segment", "sv", {"segment": "B",
                                                                   "reason": "так"})
    assert (done.get_json()["segment"], done.get_json()["segment_on"]) == ("B",
                                                                            TODAY.isoformat())
    url = f"/transfers/{request_id}/decision"
    refused = send("POST", url, "sv.sh", {"decision": "approve",
                                          "on": (TODAY - timedelta(days=11)).isoformat()})
    assert refused.get_json()["error"]["code"] == "decided_before_request"
    day = (TODAY - timedelta(days=2)).isoformat()
    decided = send("POST", url, "sv.sh", {"decision": "approve", "on": day})
    assert decided.status_code == 200
    assert (decided.get_json()["status"], decided.get_json()["decided_on"]) == ("approved", day)
