import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Provider
from tests import factories as f
from tests.conftest import csrf_from, login


@pytest.fixture
def world(app):
    with app.app_context():
        f.staff(sv="supervisor", cw="caseworker")
        db.session.commit()


@pytest.mark.parametrize("bin_value, message", [
    ("12345", "exactly 12 digits"), ("900101300008", "check digit")])
def test_bin_is_checked(app, client, world, bin_value, message):
    login(client, "sv")
    page = client.get("/providers/new").get_data(as_text=True)
    response = client.post("/providers/new", data={"csrf_token": csrf_from(page), "name": "ТОО",
                                                   "bin": bin_value, "kind": "employer"})
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Provider)) is None


def test_supervisor_adds_and_everyone_finds(app, client, world):
    login(client, "sv")
    page = client.get("/providers/new").get_data(as_text=True)
    response = client.post("/providers/new", data={
        "csrf_token": csrf_from(page), "name": "ТОО «Арал Балық»", "bin": "900101300007",
        "kind": "employer", "phone": "8 7243 32 10 10"})
    assert response.status_code == 302
    login(client, "cw")
    assert "Арал Балық" in client.get("/providers/?q=арал").get_data(as_text=True)
    assert client.get("/providers/new").status_code == 403


def test_two_supervisors_saving_one_provider_lose_nothing(app, client, world):
    with app.app_context():
        provider = Provider(name="ТОО «Арал»", name_search="тоо «арал»", bin="900101300007",
                            kinds=["employer"], region_id=f.districts_of("430000000")[0].region_id)
        db.session.add(provider)
        db.session.commit()
        url = f"/providers/{provider.id}"
    login(client, "sv")
    mine, theirs = client.get(url).get_data(as_text=True), client.get(url).get_data(as_text=True)
    base = {"name": "ТОО «Арал»", "bin": "900101300007", "kind": "employer"}
    assert client.post(url, data={**base, "phone": "8 7243 32 10 10", "version": "1",
                                  "csrf_token": csrf_from(theirs)}).status_code == 302
    late = client.post(url, data={**base, "contact_person": "Ерлан Сапаров", "version": "1",
                                  "csrf_token": csrf_from(mine)})
    text = late.get_data(as_text=True)
    assert late.status_code == 409 and "Someone else saved this provider" in text
    assert "Ерлан Сапаров" in text and "32 10 10" in text  # typed, and saved now
    with app.app_context():
        assert db.session.get(Provider, provider.id).contact_person is None
    again = client.post(url, data={**base, "contact_person": "Ерлан Сапаров", "version": "2",
                                   "phone": "8 7243 32 10 10", "csrf_token": csrf_from(text)})
    assert again.status_code == 302
    with app.app_context():
        saved = db.session.get(Provider, provider.id)
        assert "32 10 10" in saved.phone and saved.contact_person == "Ерлан Сапаров"
