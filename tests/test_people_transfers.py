"""Transfers: the new district asks for a person's file, a supervisor of the old one decides."""
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Person, TransferRequest
from tests import factories as f
from tests.conftest import csrf_from, login
from tests import people_client
from tests.people_client import other_client, page, post_form

KYZYLORDA = f.PEOPLE_REGIONS[0]
world = people_client.world


def _ask_transfer(app, client, world):
    """The Kyzylorda caseworker asks for the Shymkent person; returns the person's IIN and
    the registration page the request was made from."""
    with app.app_context():
        iin = db.session.get(Person, world["other"]).iin
    login(client, "cw")
    first = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    client.post("/people/transfers/request",
                data={"iin": iin, "note": "переехал", "csrf_token": csrf_from(page(first))})
    return iin, first


def _holder(app, client):
    """The supervisor of the person's district, logged in, with the request's id and the
    transfers page."""
    other = other_client(app, client, "sv.sh")
    with app.app_context():
        request_id = db.session.scalar(select(TransferRequest.id))
    return other, request_id, page(other.get("/people/transfers"))


def test_transfer_end_to_end(app, client, world):
    iin, first = _ask_transfer(app, client, world)
    again = client.post("/people/transfers/request", follow_redirects=True, data={
        "iin": iin, "note": "ещё раз", "csrf_token": csrf_from(page(first))})
    assert "already waiting" in page(again) and f"IIN {iin[:6]}******" in page(again)
    assert client.get(f"/people/{world['other']}").status_code == 404
    other, request_id, inbox = _holder(app, client)
    assert "Waiting for a decision" in inbox
    other.post(f"/people/transfers/{request_id}",
               data={"decision": "approve", "csrf_token": csrf_from(inbox)})
    assert other.get(f"/people/{world['other']}").status_code == 404
    after = page(other.get("/people/transfers"))  # the old district: no link, where it went
    assert f"/people/{world['other']}" not in after and "The file is in" in after
    assert f"/people/{world['other']}" in page(client.get("/people/transfers"))
    shown = client.get(f"/people/{world['other']}")
    assert shown.status_code == 200 and "transfer from" in page(shown)
    with app.app_context():
        moved = db.session.get(Person, world["other"])
        assert moved.district.region.kato == KYZYLORDA and moved.caseworker_id == world["cw"]


def test_a_rejection_says_why(app, client, world):
    _ask_transfer(app, client, world)
    other, request_id, inbox = _holder(app, client)
    url = f"/people/transfers/{request_id}"
    bare = other.post(url, data={"decision": "reject", "reason": " ",
                                 "csrf_token": csrf_from(inbox)})
    assert bare.status_code == 200 and "Say why the transfer is rejected" in page(bare)
    assert other.post(url, data={"decision": "maybe", "reason": "x",
                                 "csrf_token": csrf_from(inbox)}).status_code == 400
    with app.app_context():
        assert db.session.get(TransferRequest, request_id).status == "pending"
    other.post(url, data={"decision": "reject", "reason": "живёт по-прежнему у нас",
                          "csrf_token": csrf_from(inbox)})
    with app.app_context():
        done = db.session.get(TransferRequest, request_id)
        assert (done.status, done.decision_note) == ("rejected", "живёт по-прежнему у нас")
    twice = other.post(url, data={"decision": "approve", "csrf_token": csrf_from(inbox)},
                       follow_redirects=True)  # an old tab
    assert "decided already: Rejected" in page(twice)
    assert "живёт по-прежнему у нас" in page(client.get("/people/transfers"))


def test_caseworker_cannot_approve_a_transfer(app, client, world):
    login(client, "cw.sh")
    assert client.get("/people/transfers").status_code == 200
