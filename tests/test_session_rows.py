"""Sessions as rows: the own sessions page, ending one or all others, an admin ending a user's
sessions, expired rows removed by the schedule, anonymous pages creating none."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import AuditEvent, User, UserSession
from tests import factories as f
from tests.conftest import csrf_from, login

PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


@pytest.fixture
def users(app):
    with app.app_context():
        f.user("cw.rows", "caseworker", f.districts_of("430000000")[0])
        f.user("ad.rows", "admin")
        db.session.commit()


def browser(app, agent="Mozilla/5.0 (Windows NT 10.0) Firefox/133.0"):
    client = app.test_client()
    client.environ_base.update(HTTP_ACCEPT_LANGUAGE="en", HTTP_USER_AGENT=agent)
    return client


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(UserSession))


def text(response) -> str:
    return response.get_data(as_text=True)


def test_anonymous_pages_create_no_session(app, client):
    for path in ("/healthz", "/login", "/verify"):
        client.get(path)
    assert rows(app) == 0


def test_own_sessions_listed_and_one_ended(app, users):
    desk, phone = browser(app), browser(app, PHONE)
    login(desk, "cw.rows")
    login(phone, "cw.rows")
    page = text(desk.get("/account/sessions"))
    assert "Firefox / Windows" in page and "Chrome / Android" in page and "This session" in page
    assert "127.0.0.1" in page
    with app.app_context():
        other = db.session.scalar(select(UserSession.id).where(UserSession.agent == PHONE))
    done = desk.post(f"/account/sessions/{other}/end", data={"csrf_token": csrf_from(page)})
    assert done.status_code == 303
    assert phone.get("/").status_code == 302          # the phone is logged out
    assert desk.get("/").status_code == 200           # this one goes on
    again = desk.post(f"/account/sessions/{other}/end", data={"csrf_token": csrf_from(page)},
                      follow_redirects=True)
    assert "has ended already" in text(again)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.end"))


def test_someone_elses_session_cannot_be_ended(app, users):
    mine, theirs = browser(app), browser(app)
    login(mine, "cw.rows")
    login(theirs, "ad.rows")
    with app.app_context():
        admins = db.session.scalar(select(UserSession.id).order_by(UserSession.id.desc()))
    page = text(mine.get("/account/sessions"))
    mine.post(f"/account/sessions/{admins}/end", data={"csrf_token": csrf_from(page)})
    assert theirs.get("/admin/users").status_code == 200


def test_end_all_others(app, users):
    clients = [browser(app) for _ in range(3)]
    for c in clients:
        login(c, "cw.rows")
    page = text(clients[0].get("/account/sessions"))
    clients[0].post("/account/sessions/end-others", data={"csrf_token": csrf_from(page)})
    assert [c.get("/").status_code for c in clients] == [200, 302, 302]
    assert rows(app) == 1


def test_logout_ends_only_this_session(app, users):
    desk, phone = browser(app), browser(app, PHONE)
    login(desk, "cw.rows")
    login(phone, "cw.rows")
    desk.post("/logout", data={"csrf_token": csrf_from(text(desk.get("/")))})
    assert desk.get("/").status_code == 302 and phone.get("/").status_code == 200


def test_admin_ends_a_users_sessions(app, users):
    worker, admin = browser(app), browser(app)
    login(worker, "cw.rows")
    login(admin, "ad.rows")
    with app.app_context():
        target = db.session.scalar(select(UserSession.user_id).order_by(UserSession.id))
    page = text(admin.get(f"/admin/users/{target}"))
    assert "Firefox / Windows" in page and "End all sessions" in page
    admin.post(f"/admin/users/{target}/sessions/end", data={"csrf_token": csrf_from(page)})
    assert worker.get("/").status_code == 302
    assert admin.get("/admin/users").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "user.sessions_end", AuditEvent.record_id == str(target)))


def test_expired_rows_refused_and_removed_by_the_schedule(app, users, monkeypatch):
    worker = browser(app)
    login(worker, "cw.rows")
    later = clock.utc_now() + timedelta(minutes=31)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    with worker.session_transaction() as cookie:  # the cookie's own clock says fresh
        cookie["seen"] = cookie["started"] = later.timestamp()
    assert worker.get("/").status_code == 302     # the row is past the idle limit
    from caseworker.auth.upkeep import expired_sessions
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "1 expired sessions removed" in expired_sessions().message
        db.session.commit()
    assert rows(app) == 0


def test_a_password_an_admin_sets_is_changed_at_the_next_login(app, users):
    worker, admin = browser(app), browser(app)
    login(admin, "ad.rows")
    with app.app_context():
        target = db.session.scalar(select(User).where(User.login == "cw.rows"))
        url, version = f"/admin/users/{target.id}", target.version
        district = target.district_id
    page = text(admin.get(url))
    saved = admin.post(url, data={
        "csrf_token": csrf_from(page), "login": "cw.rows", "full_name": "Test cw.rows",
        "role": "caseworker", "region_id": "", "district_id": str(district), "active": "y",
        "password": "given-by-admin-2026", "version": str(version)})
    assert saved.status_code == 302
    assert login(worker, "cw.rows", "given-by-admin-2026").request.path == "/account/password"
    assert worker.get("/people/").headers["Location"].endswith("/account/password")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "user.password_reset", AuditEvent.record_id == str(target.id)))
