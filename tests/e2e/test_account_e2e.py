"""A user's sessions and second factor in the browser: the sessions page, enrolment with the
QR code, the recovery codes, the login's second step; in three languages, at a desk's width
and a phone's, passing axe-core. Time is fixed so that the codes are known."""
from datetime import datetime, timezone

import pyotp
import pytest

from caseworker import clock
from caseworker.extensions import db
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once
NOW = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)
LANGUAGES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


@pytest.fixture
def admin(app, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)
    with app.app_context():
        f.user("admin.account", "admin")
        db.session.commit()


def shots(page, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 800})


def language(page, code: str) -> None:
    page.get_by_role("button", name=LANGUAGES[code]).click()


def test_sessions_and_second_factor(live_server, page, admin):
    log_in(page, live_server, "admin.account")
    for code in ("ru", "kk", "en"):
        language(page, code)
        page.goto(live_server + "/account/sessions")
        shots(page, f"account-sessions-{code}")
        assert axe_violations(page) == []
    page.goto(live_server + "/account/second-factor")
    page.get_by_role("button", name="Set up").click()
    secret = page.locator("code").inner_text()
    for code in ("ru", "kk", "en"):
        language(page, code)
        shots(page, f"account-enrol-{code}")
        assert axe_violations(page) == []
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(NOW))
    page.get_by_role("button", name="Turn on").click()
    assert page.locator(".recovery-codes li").count() == 10
    shots(page, "account-recovery-codes-en")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server + "/login")
    page.get_by_label("Логин").fill("admin.account")
    page.get_by_label("Пароль").fill(f.PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(live_server + "/login/code")
    for code in ("ru", "kk", "en"):
        language(page, code)
        shots(page, f"account-code-{code}")
        assert axe_violations(page) == []
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(NOW.timestamp() + 30))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/admin/users?q=admin.account")
    page.get_by_role("link", name="admin.account").first.click()
    assert "Reset the second factor" in page.inner_text("main")
    shots(page, "account-admin-user-en")
    assert axe_violations(page) == []
