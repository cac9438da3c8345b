import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import AuditEvent
from tests import factories as f
from tests.conftest import csrf_from, login


@pytest.fixture
def world(app):
    with app.app_context():
        where = f.places()
        ids = {
            "own": f.person(where["own"], last="Сейтқалиева", first="Айгүл", sex="F").id,
            "same_region": f.person(where["same_region"], last="Оспанов").id,
            "other_region": f.person(where["other_region"], last="Иванов", first="Иван",
                                     patronymic="Петрович").id,
        }
        f.everyone()
        db.session.commit()
        return ids


EXPECTED = {
    "caseworker": {"own": 200, "same_region": 404, "other_region": 404},
    "supervisor": {"own": 200, "same_region": 404, "other_region": 404},
    "regional_officer": {"own": 200, "same_region": 200, "other_region": 404},
    "analyst": {"own": 404, "same_region": 404, "other_region": 404},
    "admin": {"own": 404, "same_region": 404, "other_region": 404},
}


@pytest.mark.parametrize("role", EXPECTED)
def test_home_page_per_role(client, login_as, world, role):
    login_as(role)
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Log out" in page or "Выйти" in page or "Шығу" in page
    if role in ("analyst", "admin"):
        assert "Сейтқалиева" not in page and "Иванов" not in page


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("relation", ["own", "same_region", "other_region"])
def test_person_page_scope(client, login_as, world, role, relation):
    login_as(role)
    assert client.get(f"/people/{world[relation]}").status_code == EXPECTED[role][relation]


def test_caseworker_never_sees_another_district_in_lists(client, login_as, world):
    login_as("caseworker")
    page = client.get("/people/").get_data(as_text=True)
    assert "Сейтқалиева" in page
    assert "Оспанов" not in page and "Иванов" not in page


def test_lists_mask_the_iin(app, client, login_as, world):
    login_as("caseworker")
    page = client.get("/people/").get_data(as_text=True)
    with app.app_context():
        from caseworker.models import Person
        iin = db.session.get(Person, world["own"]).iin
    assert iin not in page and iin[:6] + "******" in page


def test_person_view_is_audited(app, client, login_as, world):
    login_as("caseworker")
    client.get(f"/people/{world['own']}")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.view"))
        assert event.record_type == "person" and event.record_id == str(world["own"])


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(f"/people/{world['own']}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_language_switch(client, login_as, world):
    login_as("caseworker")
    token = csrf_from(client.get("/").get_data(as_text=True))
    client.post("/language", data={"lang": "kk", "next": "/", "csrf_token": token})
    page = client.get("/").get_data(as_text=True)
    assert 'lang="kk"' in page and "Шығу" in page
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    assert "Log out" in client.get("/").get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_security_headers(client):
    headers = client.get("/login").headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_icon_is_served_where_browsers_look_for_it(client):
    asked = client.get("/favicon.ico")
    assert asked.status_code == 301 and asked.location.endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert 'rel="icon"' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("url, warned", [("http://127.0.0.1:5000", True),
                                         ("http://[::1]:80", True), ("http://0.0.0.0:5000", True),
                                         ("http://10.1.2.3", False),
                                         ("http://localhost:8000/", True),
                                         ("https://enbek-centre.example.kz", False)])
def test_the_admin_is_told_when_letters_print_an_address_only_the_server_opens(
        app, client, world, url, warned):
    from caseworker.config import local_only
    assert local_only(url) is warned
    login(client, "admin")
    before = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = url
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        app.config["PUBLIC_URL"] = before
    assert ("CASEWORKER_PUBLIC_URL" in page) is warned
