import os
import time

import pytest

from caseworker import create_app
from caseworker.extensions import db
from tests import factories as f
from tests.conftest import csrf_from, login


@pytest.fixture
def worker(app):
    with app.app_context():
        f.user("cw.session", "caseworker", f.districts_of("430000000")[0])
        db.session.commit()


def text(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("field, age", [("seen", 31 * 60), ("started", 12 * 3600 + 5)])
def test_idle_and_absolute_timeouts(client, worker, field, age):
    login(client, "cw.session")
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session[field] = time.time() - age
    response = client.get("/people/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/").status_code == 302


def test_active_session_goes_on(client, worker):
    login(client, "cw.session")
    with client.session_transaction() as session:
        session["seen"] = time.time() - 29 * 60
    assert client.get("/").status_code == 200


def test_password_change_rules_and_other_sessions_end(app, client, worker):
    other = app.test_client()
    login(client, "cw.session")
    login(other, "cw.session")
    page = text(client.get("/account/password"))
    weak = client.post("/account/password", data={
        "csrf_token": csrf_from(page), "current": f.PASSWORD, "new": "qwerty123",
        "repeat": "qwerty123"})
    assert "at least 10 characters" in text(weak) and "too common" in text(weak)
    wrong = client.post("/account/password", data={
        "csrf_token": csrf_from(page), "current": "nope", "new": "steppe-wind-2026",
        "repeat": "steppe-wind-2026"})
    assert "current password is not right" in text(wrong)
    done = client.post("/account/password", data={
        "csrf_token": csrf_from(page), "current": f.PASSWORD, "new": "steppe-wind-2026",
        "repeat": "steppe-wind-2026"})
    assert done.status_code == 302
    assert client.get("/").status_code == 200       # this session goes on
    assert other.get("/").status_code == 302        # the other one has ended
    assert login(other, "cw.session", "steppe-wind-2026").request.path == "/"


def limited_app(app, storage: str):
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1", "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage, "LOGIN_RATE_PER_LOGIN": "3 per 15 minutes",
        "LOGIN_RATE_PER_ADDRESS": "5 per 15 minutes"})


STORAGES = ["memory://"]
if os.environ.get("CASEWORKER_TEST_REDIS_URL"):
    STORAGES.append(os.environ["CASEWORKER_TEST_REDIS_URL"])


@pytest.mark.parametrize("storage", STORAGES)
def test_login_is_rate_limited_per_login_and_per_address(app, worker, storage):
    limited = limited_app(app, storage)
    from caseworker.extensions import limiter
    with limited.app_context():
        limiter.reset()
    client = limited.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    codes = [login(client, f"someone.{storage[:5]}", "bad").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    other = [login(client, f"other.{i}", "bad").status_code for i in range(3)]
    assert 429 in other  # five attempts from one address in all
    # logins that succeed do not count: a centre's staff share one address
    with limited.app_context():
        limiter.reset()
    staff = limited.test_client()
    for _ in range(7):  # more than the five attempts an address may fail
        assert login(staff, "cw.session").request.path == "/"
    page = client.get("/login", headers={"Accept-Language": "kk"})
    assert page.status_code == 200
