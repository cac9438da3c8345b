"""The input boundary at the doors the probe found failing: a NUL or ESC byte and a date of
0001-01-01 are refused with a message (no 500 on PostgreSQL, nothing stored on SQLite)."""
from sqlalchemy import func, select

from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import Interaction, LoginFailure, Person, Provider, User
from tests import factories as f
from tests.conftest import csrf_from, login
from tests import people_client
from tests.people_client import page, post_form

world = people_client.world
CONTROL = "This text holds invisible control characters"
WINDOW = "Enter a date between 1900-01-01 and 2199-12-31."
PROFILE = {"version": "1", "last_name": "Әбенова", "first_name": "Гүлнар", "rural": "0",
           "phone": "+7 701 111 22 33", "consent_date": "2026-03-01", "consent_basis": "written"}


def auth_header(login_name: str) -> dict:
    user = db.session.scalar(select(User).where(User.login == login_name))
    secret = tokens.create(user, "test")[1]
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_nul_in_the_anonymous_login_form_is_refused(app, client, world):
    token = csrf_from(page(client.get("/login")))
    response = client.post("/login", data={"login": "ab\x00c", "password": "x",
                                           "csrf_token": token})
    assert response.status_code == 200 and CONTROL in page(response)
    with app.app_context():
        assert count(LoginFailure) == 0


def _profile_saved(app, client, world, **changed):
    login(client, "cw")
    url = f"/people/{world['own']}/edit"
    response = post_form(client, url, {**PROFILE, **changed})
    with app.app_context():
        person = db.session.get(Person, world["own"])
        assert person.version == 1 and person.address is None  # nothing saved
    return page(response)


def test_profile_text_with_nul_or_esc_is_refused(app, client, world):
    assert CONTROL in _profile_saved(app, client, world, address="ул. Абая\x00 5")
    assert CONTROL in _profile_saved(app, client, world, address="\x1b[2J")
    assert CONTROL in _profile_saved(app, client, world, last_name="Әбе\nнова")


def test_a_consent_date_of_year_one_is_refused(app, client, world):
    assert WINDOW in _profile_saved(app, client, world, consent_date="0001-01-01")


def test_a_consent_date_before_birth_is_refused(app, client, world):
    text = _profile_saved(app, client, world, consent_date="1950-01-01")
    assert "The consent cannot be given before the person was born." in text


def test_a_contact_note_with_nul_is_refused(app, client, world):
    login(client, "cw")
    response = post_form(client, f"/people/{world['own']}/interactions", {
        "at": "2026-11-20T10:00", "channel": "phone", "topic": "job_search",
        "note": "позвонил\x00"}, form_url=f"/people/{world['own']}")
    assert CONTROL in page(response)
    with app.app_context():
        assert count(Interaction) == 0


def test_a_provider_name_with_nul_is_refused(app, client, world):
    login(client, "sv")
    response = post_form(client, "/organisations/new", {"name_ru": "ТОО\x00",
                                                        "bin": "900140000000",
                                                        "kinds": "employer"})
    assert CONTROL in page(response)
    with app.app_context():
        assert count(Provider) == 0


def test_the_api_patch_refuses_nul(app, client, world):
    with app.app_context():
        header = auth_header("cw")
    response = client.patch(f"/api/v1/persons/{world['own']}", headers=header,
                            json={"version": 1, "skills": "Excel\x00", "address": "\x1b"})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"skills", "address"} and CONTROL in fields["skills"][0]["message"]
    with app.app_context():
        assert db.session.get(Person, world["own"]).version == 1
