"""Logout ends the session even for a copied cookie; two admins editing one user: the save
from the older form is refused with a message and changes nothing."""
import re

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import User
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.people_client import other_client

STALE = "Someone else saved this record first"


@pytest.fixture
def world(app):
    with app.app_context():
        users = f.staff(ad="admin", cw="caseworker")
        users["ad2"] = f.user("ad2", "admin")
        edited = f.user("case.worker", "caseworker", users["cw"].district)
        db.session.commit()
        return {"cw": edited.id, "district": edited.district_id, "cw_user": users["cw"].id}


def test_logout_ends_the_session_for_a_copied_cookie(app, client, world):
    login(client, "cw")
    name = app.config["SESSION_COOKIE_NAME"]
    copied = client.get_cookie(name).value
    assert client.get("/caseload").status_code == 200
    token = csrf_from(client.get("/caseload").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    thief = app.test_client()
    thief.set_cookie(name, copied)
    response = thief.get("/caseload")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login(client, "cw").request.path == "/"  # logging in again works


def _user_form(page: str, **changed) -> dict:
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    return {"csrf_token": csrf_from(page), "login": "case.worker", "full_name": "Caseworker",
            "role": "caseworker", "region_id": "", "active": "y", "password": "",
            "version": version, **changed}


def test_the_second_admin_saving_an_older_form_changes_nothing(app, client, world):
    login(client, "ad")
    second = other_client(app, client, "ad2")
    url = f"/admin/users/{world['cw']}"
    first_page, second_page = (c.get(url).get_data(as_text=True) for c in (client, second))
    district = str(world["district"])
    assert client.post(url, data=_user_form(first_page, district_id=district,
                                            active="")).status_code == 302
    late = second.post(url, data=_user_form(second_page, district_id=district,
                                            full_name="Renamed"))
    assert late.status_code == 409 and STALE in late.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, world["cw"])
        assert not user.active and user.full_name != "Renamed" and user.version == 2
    again = second.get(url).get_data(as_text=True)  # read again, then the change goes through
    assert second.post(url, data=_user_form(again, district_id=district, active="",
                                            full_name="Renamed")).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.id == world["cw"])) == \
            "Renamed"


def test_failed_logins_and_refused_accesses_are_audited_with_the_address(app, client, world):
    from caseworker.models import AuditEvent, Person
    with app.app_context():
        stranger = f.person(f.districts_of("790000000")[0]).id  # another region's person
        db.session.commit()
    client.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert login(client, "cw", "wrong-password").request.path == "/login"
    login(client, "cw")
    assert client.get(f"/people/{stranger}").status_code == 404
    assert client.get("/admin/users").status_code == 403
    with app.app_context():
        events = [(e.action, e.record_type, e.record_id, e.address) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(
                ["login.failed", "access.not_found", "access.forbidden"])).order_by(
                AuditEvent.id))]
        assert events == [("login.failed", "user", str(world["cw_user"]), "10.1.2.3"),
                          ("access.not_found", "person", str(stranger), "10.1.2.3"),
                          ("access.forbidden", None, None, "10.1.2.3")]
        assert db.session.get(Person, stranger) is not None


def test_login_limits_are_kept_in_redis_when_there_is_one(monkeypatch):
    from caseworker.config import ratelimit_storage
    monkeypatch.delenv("CASEWORKER_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("CASEWORKER_REDIS_URL", raising=False)
    assert ratelimit_storage() == "memory://"
    monkeypatch.setenv("CASEWORKER_REDIS_URL", "redis://127.0.0.1:6379/1")
    assert ratelimit_storage() == "redis://127.0.0.1:6379/1"
    monkeypatch.setenv("CASEWORKER_RATELIMIT_STORAGE_URI", "memcached://127.0.0.1:11211")
    assert ratelimit_storage() == "memcached://127.0.0.1:11211"
