"""The doors only translate: each use case's operation is made to refuse with a code no door
knows, and the page (and the API, where the use case has one) shows that refusal. A door that
decided on its own would not show it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import Person, RegistrationEpisode, TransferRequest, User
from caseworker.people import operations
from caseworker.refusals import Refused
from tests import people_client
from tests.conftest import csrf_from, login
from tests.people_client import NEW_IIN, other_client, page, post_form, register

MADE_UP = "A made-up refusal"
world = people_client.world


@pytest.fixture
def refusing(monkeypatch):
    """Make the operation called `name` refuse with a made-up code."""
    def _refuse(name: str):
        def refuse(*_args, **_kwargs):
            raise Refused("made_up", MADE_UP)
        monkeypatch.setattr(operations, name, refuse)
    return _refuse


@pytest.fixture
def api(app, world):
    with app.app_context():
        secret = tokens.create(db.session.get(User, world["cw"]), "doors")[1]
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def api_refusal(response) -> dict:
    assert response.status_code == 409, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert (error["code"], error["message"]) == ("made_up", MADE_UP)
    return error


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


API_PERSON = {"iin": NEW_IIN, "last_name": "Серікова", "first_name": "Дана",
              "consent_date": "2026-11-20", "consent_basis": "written"}


@pytest.mark.parametrize("operation", ["check_registrable", "register"])
def test_registration_shows_the_operations_refusal(app, client, world, api, refusing,
                                                   operation):
    refusing(operation)
    login(client, "cw")
    shown = register(client)  # check_registrable refuses the first step, register the second
    assert shown.status_code == 409 and MADE_UP in page(shown)
    api_refusal(client.post("/api/v1/persons", json=API_PERSON, headers=api))
    with app.app_context():
        assert count(Person) == 2  # the world's two


def test_an_edit_shows_the_operations_refusal(app, client, world, api, refusing):
    refusing("update")
    login(client, "cw")
    url = f"/people/{world['own']}/edit"
    shown = post_form(client, url, {"version": "1", "last_name": "Әбенова",
                                    "first_name": "Гүлнар", "rural": "0",
                                    "consent_date": "2026-03-01", "consent_basis": "written"})
    assert shown.status_code == 409 and MADE_UP in page(shown)
    assert 'value="Әбенова"' in page(shown)  # the form as typed
    api_refusal(client.patch(f"/api/v1/persons/{world['own']}", headers=api,
                             json={"version": 1, "skills": "Excel", "consent_basis": "written",
                                   "consent_date": "2026-03-01"}))


@pytest.mark.parametrize("operation, path, data", [
    ("deregister", "deregister", {"leave-reason": "moved", "leave-on": "2026-11-01"}),
    ("reregister", "return", {"on": "2026-11-01"}),
    ("set_segment", "segment", {"segment": "C", "reason": "недавно освободилась"}),
])
def test_the_file_forms_show_the_operations_refusal(app, client, world, refusing, operation,
                                                    path, data):
    refusing(operation)
    with app.app_context():
        db.session.add(RegistrationEpisode(person_id=world["own"],
                                           registered_on=db.session.get(
                                               Person, world["own"]).registered_on))
        db.session.commit()
    login(client, "cw")
    show = f"/people/{world['own']}"
    sent = post_form(client, f"{show}/{path}", data, show)
    assert sent.status_code == 422  # the page again, the form open, the message on it
    assert MADE_UP in page(sent)


def test_a_transfer_request_shows_the_operations_refusal(app, client, world, refusing):
    refusing("request_transfer")
    with app.app_context():
        iin = db.session.get(Person, world["other"]).iin
    login(client, "cw")
    first = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    shown = client.post("/people/transfers/request", follow_redirects=True,
                        data={"iin": iin, "csrf_token": csrf_from(page(first))})
    assert MADE_UP in page(shown)
    with app.app_context():
        assert count(TransferRequest) == 0


def test_a_transfer_decision_shows_the_operations_refusal(app, client, world, refusing):
    with app.app_context():
        db.session.add(TransferRequest(person_id=world["other"],
                                       from_district_id=world["other_district"],
                                       to_district_id=world["district"],
                                       requested_by_id=world["cw"]))
        db.session.commit()
        request_id = db.session.scalar(select(TransferRequest.id))
    refusing("decide_transfer")
    holder = other_client(app, client, "sv.sh")
    inbox = page(holder.get("/people/transfers"))
    shown = holder.post(f"/people/transfers/{request_id}", follow_redirects=True,
                        data={"decision": "approve", "csrf_token": csrf_from(inbox)})
    assert MADE_UP in page(shown)
    with app.app_context():
        assert db.session.get(TransferRequest, request_id).status == "pending"
