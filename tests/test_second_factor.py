"""The second factor through the pages: enrolment with a first code, login with a code or a
recovery code (each once), wrong codes counted and audited, required roles, an admin's reset.
Time is fixed: codes are made for NOW."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pyotp
import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.auth.second_factor import store_secret
from caseworker.extensions import db
from caseworker.models import AuditEvent, RecoveryCode, User
from tests import factories as f
from tests.conftest import csrf_from, login

NOW = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)


@pytest.fixture
def fixed(monkeypatch, app):
    moment = {"at": NOW}
    monkeypatch.setattr(clock, "utc_now", lambda: moment["at"])
    with app.app_context():
        f.user("of.2fa", "regional_officer", region_kato="430000000")
        f.user("ad.2fa", "admin")
        db.session.commit()
    return moment


def text(response) -> str:
    return response.get_data(as_text=True)


def code(secret: str, at: datetime = NOW) -> str:
    return pyotp.TOTP(secret).at(at)


def enrol(client, app, login_name: str) -> tuple[str, list[str]]:
    login(client, login_name)
    page = text(client.get("/account/second-factor"))
    client.post("/account/second-factor/start", data={"csrf_token": csrf_from(page)})
    page = text(client.get("/account/second-factor"))
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'<code class="text-break">([A-Z2-7]+)</code>', page).group(1)
    wrong = client.post("/account/second-factor/confirm",
                        data={"csrf_token": csrf_from(page), "code": "000000"})
    assert wrong.status_code == 422 and "not right" in text(wrong)
    done = text(client.post("/account/second-factor/confirm",
                            data={"csrf_token": csrf_from(page), "code": code(secret)}))
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>", done)
    assert len(codes) == 10 and "not shown again" in done
    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == login_name))
        assert user.totp_enabled
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10 and not set(codes) & set(stored)  # hashed
    client.post("/logout", data={"csrf_token": csrf_from(done)})
    return secret, codes


def second_step(client, login_name: str, typed: str):
    response = login(client, login_name, follow=False)
    assert response.headers["Location"].endswith("/login/code")
    page = text(client.get("/login/code"))
    return client.post("/login/code", data={"csrf_token": csrf_from(page), "code": typed})


def test_enrol_then_log_in_with_a_code_once(app, client, fixed):
    secret, _ = enrol(client, app, "ad.2fa")
    assert client.get("/admin/users").status_code == 302  # the password alone is not a login
    fixed["at"] = NOW.replace(minute=1)
    assert second_step(client, "ad.2fa", code(secret, fixed["at"])).status_code == 302
    assert client.get("/admin/users").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(text(client.get("/")))})
    replay = second_step(client, "ad.2fa", code(secret, fixed["at"]))  # the same code again
    assert replay.status_code == 200 and "not right" in text(replay)
    assert client.get("/admin/users").status_code == 302
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"second_factor.enrol", "second_factor.failed", "login"} <= actions


def test_a_recovery_code_works_once(app, client, fixed):
    _, codes = enrol(client, app, "ad.2fa")
    assert second_step(client, "ad.2fa", codes[0].upper()).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_from(text(client.get("/")))})
    assert second_step(client, "ad.2fa", codes[0]).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "second_factor.recovery_used"))


def test_wrong_codes_lock_the_login(app, client, fixed):
    enrol(client, app, "ad.2fa")  # its one wrong confirmation counts too
    for _ in range(app.config["LOGIN_LOCK_FAILURES"] - 1):
        assert second_step(client, "ad.2fa", "123456").status_code == 200
    locked = login(client, "ad.2fa")  # the right password no longer leads to the code
    assert "locked" in text(locked) and client.get("/admin/users").status_code == 302


def test_the_code_step_needs_a_password_first(client, fixed):
    assert client.get("/login/code").headers["Location"].endswith("/login")


def test_required_roles_enrol_before_anything_else(app, client, fixed):
    app.config["REQUIRE_SECOND_FACTOR"] = True
    try:
        login(client, "of.2fa")
        page = client.get("/")
        assert page.status_code == 302 and page.headers["Location"].endswith(
            "/account/second-factor")
        assert "requires a second factor" in text(client.get("/account/second-factor"))
        client.post("/logout", data={"csrf_token": csrf_from(text(client.get(
            "/account/second-factor")))})
        app.config["REQUIRE_2FA_ROLES"] = ["caseworker"]  # named roles instead of the policy's
        login(client, "of.2fa")
        assert client.get("/").status_code == 200
    finally:
        app.config["REQUIRE_SECOND_FACTOR"], app.config["REQUIRE_2FA_ROLES"] = False, None


def test_turning_off_needs_a_code_and_is_refused_where_required(app, client, fixed):
    secret, _ = enrol(client, app, "of.2fa")
    fixed["at"] = NOW.replace(minute=2)
    second_step(client, "of.2fa", code(secret, fixed["at"]))
    page = text(client.get("/account/second-factor"))
    assert "10 recovery codes left" in page
    app.config["REQUIRE_SECOND_FACTOR"] = True
    try:
        refused = client.post("/account/second-factor/off", data={
            "csrf_token": csrf_from(page), "code": code(secret, NOW.replace(minute=3))})
        assert refused.status_code == 409
    finally:
        app.config["REQUIRE_SECOND_FACTOR"] = False
    fixed["at"] = NOW.replace(minute=4)
    client.post("/account/second-factor/off", data={
        "csrf_token": csrf_from(page), "code": code(secret, fixed["at"])})
    with app.app_context():
        assert not db.session.scalar(select(User).where(User.login == "of.2fa")).totp_enabled


def test_admin_resets_a_second_factor(app, client, fixed):
    enrol(client, app, "of.2fa")
    admin = app.test_client()
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(admin, "ad.2fa")
    with app.app_context():
        target = db.session.scalar(select(User.id).where(User.login == "of.2fa"))
    page = text(admin.get(f"/admin/users/{target}"))
    assert "Reset the second factor" in page
    admin.post(f"/admin/users/{target}/second-factor/reset", data={"csrf_token": csrf_from(page)})
    with app.app_context():  # not ticked: nothing is reset
        assert db.session.get(User, target).totp_enabled
    admin.post(f"/admin/users/{target}/second-factor/reset",
               data={"csrf_token": csrf_from(page), "confirm": "y"})
    with app.app_context():
        user = db.session.get(User, target)
        assert not user.totp_enabled and user.totp_secret is None
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "user.second_factor_reset"))
    # the password alone again, and then a password of their own before anything else
    assert login(client, "of.2fa").request.path == "/account/password"
    assert client.get("/").headers["Location"].endswith("/account/password")
    page = text(client.get("/account/password"))
    client.post("/account/password", data={"csrf_token": csrf_from(page), "current": f.PASSWORD,
                                            "new": "steppe-wind-2026", "repeat": "steppe-wind-2026"})
    assert client.get("/").status_code == 200


def test_codes_are_rate_limited(app, fixed):
    from caseworker.extensions import limiter
    from tests.test_sessions import limited_app
    limited = limited_app(app, "memory://")
    with limited.app_context():
        limiter.reset()
        user = db.session.scalar(select(User).where(User.login == "ad.2fa"))
        store_secret(user, pyotp.random_base32())
        user.totp_enabled = True
        db.session.commit()
    client = limited.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, "ad.2fa", follow=False)
    token = csrf_from(text(client.get("/login/code")))
    codes = [client.post("/login/code", data={"csrf_token": token, "code": "000000"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    with limited.app_context():
        limiter.reset()
