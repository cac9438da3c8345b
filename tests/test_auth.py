from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import AuditEvent, LoginFailure
from caseworker.models.types import utcnow
from tests import factories as f
from tests.conftest import csrf_from, login

GENERIC = "Wrong login or password, or the account is not active."
LOCKED = "Too many failed attempts. This login is locked for 15 minutes."


@pytest.fixture
def caseworker(app):
    with app.app_context():
        u = f.user("caseworker.test", "caseworker", f.districts_of("430000000")[0])
        db.session.commit()
        return u.id


def text_of(response):
    return response.get_data(as_text=True)


def test_login_page_has_a_form(client):
    page = text_of(client.get("/login", headers={"Accept-Language": "en"}))
    assert 'type="password"' in page and "csrf_token" in page


def test_login_and_logout(client, caseworker):
    response = login(client, "caseworker.test")
    assert response.status_code == 200
    assert "Log out" in text_of(response) or "Выйти" in text_of(response)
    token = csrf_from(text_of(client.get("/")))
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=True)
    assert response.request.path == "/login"
    assert client.get("/").status_code == 302


def test_login_is_case_insensitive_for_the_login(client, caseworker):
    assert login(client, "CaseWorker.Test").request.path == "/"


@pytest.mark.parametrize("name, password", [
    ("caseworker.test", "wrong"), ("nobody", "pw-test-123")])
def test_wrong_login_gets_one_generic_message(client, caseworker, name, password):
    client.get("/", headers={"Accept-Language": "en"})
    response = login(client, name, password)
    assert response.request.path == "/login"
    assert GENERIC in text_of(client.get("/login")) or GENERIC in text_of(response)


def test_inactive_user_cannot_log_in(app, client):
    with app.app_context():
        f.user("gone", "caseworker", f.districts_of("430000000")[0], active=False)
        db.session.commit()
    response = login(client, "gone")
    assert response.request.path == "/login"
    assert GENERIC in text_of(response)


@pytest.mark.parametrize("name", ["caseworker.test", "no.such.login"])
def test_lockout_after_five_failures_same_for_existing_and_missing(app, client, caseworker, name):
    for _ in range(5):
        assert GENERIC in text_of(login(client, name, "bad"))
    response = login(client, name, "pw-test-123")
    assert LOCKED in text_of(response)
    assert response.request.path == "/login"
    with app.app_context():
        assert len(db.session.scalars(select(LoginFailure).where(
            LoginFailure.login == name)).all()) == 5


def test_lock_ends_after_fifteen_minutes(app, client, caseworker):
    with app.app_context():
        old = utcnow() - timedelta(minutes=16)
        for i in range(5):
            db.session.add(LoginFailure(login="caseworker.test", at=old + timedelta(seconds=i)))
        db.session.commit()
    assert login(client, "caseworker.test").request.path == "/"


def test_post_without_csrf_token_is_refused(client, caseworker):
    response = client.post("/login", data={"login": "caseworker.test", "password": "pw-test-123"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target, expected", [
    ("/people/1", "/people/1"), ("https://evil.example/", "/"), ("//evil.example", "/"),
    ("/\\evil.example", "/"), ("javascript:alert(1)", "/"),
])
def test_next_redirect_is_safe(client, caseworker, target, expected):
    page = client.get("/login?next=" + target)
    token = csrf_from(text_of(page))
    response = client.post("/login", data={"login": "caseworker.test", "password": "pw-test-123",
                                           "csrf_token": token, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_login_is_audited_without_personal_data(app, client, caseworker):
    login(client, "caseworker.test")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login"))
        assert event.user_id == caseworker and event.role == "caseworker"
        assert event.request_id and event.address == "127.0.0.1"


def test_bumping_the_session_counter_ends_sessions(app, client, caseworker):
    login(client, "caseworker.test")
    assert client.get("/").status_code == 200
    with app.app_context():
        from caseworker.models import User
        db.session.get(User, caseworker).session_counter += 1
        db.session.commit()
    assert client.get("/").status_code == 302
