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
    ("12345", "exactly 12 digits"), ("900140000001", "check digit"), ("900130000007", "5th digit"), ("901340000007", "month of registration")])
def test_bin_is_checked(app, client, world, bin_value, message):
    login(client, "sv")
    page = client.get("/organisations/new").get_data(as_text=True)
    response = client.post("/organisations/new", data={"csrf_token": csrf_from(page), "name_ru": "ТОО",
                                                   "bin": bin_value, "kinds": "employer"})
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Provider)) is None


def test_supervisor_adds_and_everyone_finds(app, client, world):
    login(client, "sv")
    page = client.get("/organisations/new").get_data(as_text=True)
    response = client.post("/organisations/new", data={
        "csrf_token": csrf_from(page), "name_ru": "ТОО «Арал Балық»", "bin": "900140000000",
        "kinds": "employer", "phone": "8 7243 32 10 10"})
    assert response.status_code == 302
    login(client, "cw")
    assert "Арал Балық" in client.get("/organisations/?q=арал").get_data(as_text=True)
    assert client.get("/organisations/new").status_code == 403


def test_two_supervisors_saving_one_provider_lose_nothing(app, client, world):
    with app.app_context():
        provider = Provider(name="ТОО «Арал»", name_search="тоо «арал»", bin="900140000000",
                            kinds=["employer"], region_id=f.districts_of("430000000")[0].region_id)
        db.session.add(provider)
        db.session.commit()
        url = f"/organisations/{provider.id}"
    login(client, "sv")
    mine, theirs = client.get(url).get_data(as_text=True), client.get(url).get_data(as_text=True)
    base = {"name_ru": "ТОО «Арал»", "bin": "900140000000", "kinds": "employer"}
    assert client.post(url, data={**base, "phone": "8 7243 32 10 10", "version": "1",
                                  "csrf_token": csrf_from(theirs)}).status_code == 302
    late = client.post(url, data={**base, "contact_person": "Ерлан Сапаров", "version": "1",
                                  "csrf_token": csrf_from(mine)})
    text = late.get_data(as_text=True)
    assert late.status_code == 409 and "Someone else saved this organisation" in text
    assert "Ерлан Сапаров" in text and "32 10 10" in text  # typed, and saved now
    with app.app_context():
        assert db.session.get(Provider, provider.id).contact_person is None
    again = client.post(url, data={**base, "contact_person": "Ерлан Сапаров", "version": "2",
                                   "phone": "8 7243 32 10 10", "csrf_token": csrf_from(text)})
    assert again.status_code == 302
    with app.app_context():
        saved = db.session.get(Provider, provider.id)
        assert "32 10 10" in saved.phone and saved.contact_person == "Ерлан Сапаров"


def test_kinds_district_and_deactivation(app, client, world):
    """An organisation of two kinds, in a district of the region; deactivated only with a
    reason and a tick, and then shown as such."""
    login(client, "sv")
    with app.app_context():
        district = f.districts_of("430000000")[1]
        other = f.districts_of("790000000")[0]
    page = client.get("/organisations/new").get_data(as_text=True)
    base = {"csrf_token": csrf_from(page), "name_ru": "ТОО «Сыр»", "name_kk": "«Сыр» ЖШС",
            "bin": "1204 4000 0018", "kinds": ["employer", "training"]}
    refused = client.post("/organisations/new", data={**base, "district_id": other.id})
    assert refused.status_code in (200, 422)  # not one of the region's: never saved
    assert client.post("/organisations/new", data={**base, "kinds": []}).status_code == 422
    assert client.post("/organisations/new", data={**base, "district_id": district.id}
                       ).status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(Provider))
        assert saved.kinds == ("employer", "training") and saved.bin == "120440000018"
        assert saved.district_id == district.id and saved.name_kk == "«Сыр» ЖШС"
        pid = saved.id
    listed = client.get(f"/organisations/?kind=training&district_id={district.id}&q=сыр")
    assert "ТОО «Сыр»" in listed.get_data(as_text=True)
    assert "ТОО «Сыр»" not in client.get("/organisations/?kind=microfinance").get_data(
        as_text=True)
    page = client.get(f"/organisations/{pid}").get_data(as_text=True)
    unconfirmed = client.post(f"/organisations/{pid}/deactivate", data={
        "csrf_token": csrf_from(page), "reason": "закрылось", "version": "1"})
    assert unconfirmed.status_code == 422
    done = client.post(f"/organisations/{pid}/deactivate", data={
        "csrf_token": csrf_from(page), "reason": "закрылось", "version": "1", "confirm": "y"})
    assert done.status_code == 302
    assert "ТОО «Сыр»" not in client.get("/organisations/").get_data(as_text=True)
    assert "закрылось" in client.get(f"/organisations/{pid}").get_data(as_text=True)
