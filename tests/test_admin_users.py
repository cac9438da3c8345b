import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import User
from tests import factories as f
from tests.conftest import csrf_from, login


@pytest.fixture
def world(app):
    with app.app_context():
        f.staff(ad="admin", cw="caseworker")
        db.session.commit()
        return {"district": f.places()["same_region"].id}


def test_only_admins(client, world):
    login(client, "cw")
    assert client.get("/admin/users").status_code == 403


def test_create_validate_and_deactivate(app, client, world):
    login(client, "ad")
    page = client.get("/admin/users/new").get_data(as_text=True)
    base = {"csrf_token": csrf_from(page), "login": "new.worker", "full_name": "Нұрлан Ахметов",
            "role": "caseworker", "region_id": "", "district_id": "", "active": "y",
            "password": "steppe-wind-2026"}
    missing = client.post("/admin/users/new", data=base)
    assert "works in a district" in missing.get_data(as_text=True)
    weak = client.post("/admin/users/new", data={**base, "district_id": str(world["district"]),
                                                  "password": "qwerty123"})
    assert "too common" in weak.get_data(as_text=True)
    ok = client.post("/admin/users/new", data={**base, "district_id": str(world["district"])})
    assert ok.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == "new.worker"))
        assert user.district_id == world["district"] and user.region_id is not None
        user_id = user.id
    other = app.test_client()
    assert login(other, "new.worker", "steppe-wind-2026").request.path == "/"
    page = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    client.post(f"/admin/users/{user_id}", data={**base, "csrf_token": csrf_from(page),
                                                 "version": "1",
                                                 "district_id": str(world["district"]),
                                                 "active": "", "password": ""})
    assert other.get("/").status_code == 302  # deactivated: the session has ended


def test_a_bare_post_changes_nothing(app, client, world):
    from caseworker.models import Measure
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.login == "cw"))
    login(client, "ad")
    page = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert client.post(f"/admin/users/{user_id}",
                       data={"csrf_token": csrf_from(page)}).status_code == 200
    assert client.post("/measures/public_works/edit",
                       data={"csrf_token": csrf_from(page)}).status_code == 200
    with app.app_context():
        assert db.session.get(User, user_id).active
        measure = db.session.get(Measure, "public_works")
        assert measure.active and measure.rules and measure.rules_version == 1


@pytest.mark.parametrize("change", [{"active": ""}, {"role": "caseworker"}])
def test_an_admin_cannot_lock_themselves_out(app, client, world, change):
    with app.app_context():
        me = f.user("the.admin", "admin")
        db.session.commit()
        my_id, name = me.id, me.full_name
    login(client, "the.admin")
    page = client.get(f"/admin/users/{my_id}").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "login": "the.admin", "full_name": name, "role": "admin",
            "region_id": "", "district_id": "", "active": "y", "password": "", "version": "1",
            **change}
    if change.get("role") == "caseworker":
        data["district_id"] = str(world["district"])
    refused = client.post(f"/admin/users/{my_id}", data=data)
    assert refused.status_code == 200
    assert "cannot deactivate your own account" in refused.get_data(as_text=True)
    with app.app_context():
        me = db.session.get(User, my_id)
        assert me.active and me.role == "admin"
    assert client.get("/admin/users").status_code == 200  # still signed in


@pytest.mark.parametrize("role, region, district, message", [
    ("caseworker", "other", "kyzylorda", "This district is in another region"),
    ("regional_officer", "kyzylorda", "kyzylorda", "leave it empty for this role"),
    ("analyst", "kyzylorda", "", "leave the region empty"),
])
def test_an_area_that_does_not_fit_the_role_is_refused(app, client, world, role, region,
                                                        district, message):
    from caseworker.models import District, Region
    with app.app_context():
        kyzylorda = db.session.get(District, world["district"])
        other = db.session.scalar(select(Region).where(Region.id != kyzylorda.region_id))
        areas = {"kyzylorda": (str(kyzylorda.region_id), str(kyzylorda.id)),
                 "other": (str(other.id), "")}
    login(client, "ad")
    page = client.get("/admin/users/new").get_data(as_text=True)
    response = client.post("/admin/users/new", data={
        "csrf_token": csrf_from(page), "login": "new.worker", "full_name": "Нұрлан Ахметов",
        "role": role, "region_id": areas[region][0] if region else "",
        "district_id": areas[district][1] if district else "", "active": "y",
        "password": "steppe-wind-2026"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.login == "new.worker")) is None


def test_the_password_rule_speaks_of_the_users_login(client, world):
    login(client, "ad")
    page = client.get("/admin/users/new").get_data(as_text=True)
    response = client.post("/admin/users/new", data={
        "csrf_token": csrf_from(page), "login": "new.worker", "full_name": "Нұрлан Ахметов",
        "role": "caseworker", "region_id": "", "district_id": str(world["district"]),
        "active": "y", "password": "new.worker-2026"})
    text = response.get_data(as_text=True)
    assert "must not contain the user&#39;s login" in text and "your login" not in text


@pytest.mark.parametrize("change", [{"district_id": "other"}, {"active": ""},
                                    {"role": "supervisor"}])
def test_a_caseworker_with_active_persons_is_not_moved_away_from_them(app, client, world,
                                                                        change):
    with app.app_context():
        worker = f.user("case.worker", "caseworker", f.districts_of("430000000")[0])
        held = f.person(worker.district, caseworker_id=worker.id)
        db.session.commit()
        worker_id, district_id, name = worker.id, worker.district_id, worker.full_name
    data = {"login": "case.worker", "full_name": name, "role": "caseworker", "region_id": "",
            "district_id": str(district_id), "active": "y", "password": "", "version": "1"}
    data.update({k: (str(world["district"]) if v == "other" else v) for k, v in change.items()})
    login(client, "ad")
    page = client.get(f"/admin/users/{worker_id}").get_data(as_text=True)
    refused = client.post(f"/admin/users/{worker_id}", data={**data, "csrf_token": csrf_from(page)})
    assert refused.status_code == 200 and "still holds active persons" in refused.get_data(
        as_text=True)
    with app.app_context():
        kept = db.session.get(User, worker_id)
        assert (kept.district_id, kept.active, kept.role) == (district_id, True, "caseworker")
        db.session.get(type(held), held.id).caseworker_id = None  # handed over
        db.session.commit()
    moved = client.post(f"/admin/users/{worker_id}", data={**data, "csrf_token": csrf_from(page)})
    assert moved.status_code == 302
