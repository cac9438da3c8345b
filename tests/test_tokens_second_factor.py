"""API tokens and the second factor: where it is required, a token is made on the tokens page
only in a session that passed it (a code at login, or a first one at enrolment); a token of a
user who must have one and has none is refused with a code; `flask api-token create` is the
operator's command and is audited as such."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from caseworker.auth.second_factor import store_secret
from caseworker.extensions import db
from caseworker.models import ApiToken, AuditEvent, User
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.test_second_factor import NOW, code, fixed, second_step, text  # noqa: F401

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _tokens(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ApiToken))


def _make_token(client, name: str):
    page = text(client.get("/api-tokens"))
    once = re.search(r'name="once" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/api-tokens", data={"csrf_token": csrf_from(page), "once": once,
                                            "name": name})


def _enrolled(app, login_name: str) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == login_name))
        store_secret(user, SECRET)
        user.totp_enabled = True
        db.session.commit()


def test_a_token_needs_a_session_that_passed_the_second_factor(app, client, fixed,
                                                               monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    monkeypatch.setitem(app.config, "REQUIRE_2FA_ROLES", None)
    login(client, "ad.2fa")  # a session from before the second factor was set up
    _enrolled(app, "ad.2fa")
    refused = _make_token(client, "ELE")
    assert refused.status_code == 200 and "logged in with the second factor" in text(refused)
    assert _tokens(app) == 0
    client.post("/logout", data={"csrf_token": csrf_from(text(refused))})
    assert second_step(client, "ad.2fa", code(SECRET)).status_code == 302
    made = _make_token(client, "ELE")
    assert "shown only once" in text(made) and _tokens(app) == 1


def test_a_first_code_at_enrolment_passes_it_too(app, client, fixed, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    monkeypatch.setitem(app.config, "REQUIRE_2FA_ROLES", None)
    login(client, "of.2fa")
    assert client.get("/api-tokens").headers["Location"].endswith("/account/second-factor")
    page = text(client.get("/account/second-factor"))
    client.post("/account/second-factor/start", data={"csrf_token": csrf_from(page)})
    page = text(client.get("/account/second-factor"))
    secret = re.search(r'<code class="text-break">([A-Z2-7]+)</code>', page).group(1)
    client.post("/account/second-factor/confirm",
                data={"csrf_token": csrf_from(page), "code": code(secret)})
    assert "shown only once" in text(_make_token(client, "Reports")) and _tokens(app) == 1


def test_optional_users_make_tokens_with_the_password_alone(app, client, fixed):
    login(client, "ad.2fa")  # not required (REQUIRE_SECOND_FACTOR off), none set up
    assert "shown only once" in text(_make_token(client, "ELE")) and _tokens(app) == 1


def test_tokens_of_a_user_who_must_enrol_are_refused_until_they_do(app, runner, client,
                                                                   monkeypatch):
    with app.app_context():
        f.user("an.tok", "analyst")
        db.session.commit()
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    monkeypatch.setitem(app.config, "REQUIRE_2FA_ROLES", None)
    made = runner.invoke(args=["api-token", "create", "an.tok", "--name", "Stats"])
    assert made.exit_code == 0 and "must set up a second factor first" in made.output
    auth = {"Authorization": f"Bearer {made.output.strip().splitlines()[-1]}"}
    refused = client.get("/api/v1/measures", headers=auth)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "second_factor_not_enrolled"
    _enrolled(app, "an.tok")
    assert client.get("/api/v1/measures", headers=auth).status_code == 200
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", False)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "api_token.create_by_operator"))
        token = db.session.scalar(select(ApiToken))
        assert event.user_id is None and event.record_id == str(token.id)
        assert not db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "api_token.create"))
