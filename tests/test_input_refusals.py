"""The other server errors the probe found, now refusals with a message and nothing saved:
odd ids and an overlong token on the referral form, a signalling NaN as an amount, a CSV
cell over the csv module's limit."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import IndicatorPlan, MeasureVersion, Referral
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA = "430000000"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def person_id(app):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        worker = f.user("sv", "supervisor", district)
        f.user("ad", "admin")
        person = f.person(district, caseworker_id=worker.id, graduation_year=2025,
                          experience_months=0, born=date(2000, 1, 1))
        set_allocation("youth_practice", district.region_id, None, clock.today().year, 5, 0)
        db.session.commit()
        return person.id


@pytest.mark.parametrize("sent", [{"provider_id": "²"}, {"project_id": "٣"},
                                  {"provider_id": "99999999999"},
                                  {"form_token": "x" * 65}])
def test_odd_ids_and_an_overlong_token_on_the_referral_form_are_refused(app, client, person_id,
                                                                         sent):
    login(client, "sv")
    url = f"/people/{person_id}/refer/youth_practice"
    token = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "comment": "", **sent})
    assert response.status_code == 200
    assert count(app, Referral) == 0


def test_blank_ids_on_the_referral_form_are_no_choice(app, client, person_id):
    login(client, "sv")
    url = f"/people/{person_id}/refer/youth_practice"
    token = csrf_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "provider_id": "   ",
                                      "project_id": " ", "form_token": "t" * 64})
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.provider_id is None and referral.project_id is None


def test_a_signalling_nan_amount_is_refused(app, client, person_id):
    login(client, "ad")
    page = client.get("/measures/youth_practice/edit").get_data(as_text=True)
    before = count(app, MeasureVersion)
    response = client.post("/measures/youth_practice/versions", data={
        "csrf_token": csrf_from(page), "valid_from": "2027-01-01", "benefit_amount": "sNaN",
        "benefit_unit": "MCI"})
    assert response.status_code == 422 and "Enter a number." in response.get_data(as_text=True)
    assert count(app, MeasureVersion) == before


def test_a_plan_csv_with_a_cell_over_the_csv_limit_is_refused(app, client, person_id):
    login(client, "ad")
    page = client.get("/indicators/plans/upload").get_data(as_text=True)
    content = ("indicator,region,district,year,target\n"
               f"coverage,{KYZYLORDA},\"{'9' * 140_000}\",2026,1\n").encode()
    response = client.post("/indicators/plans/upload", data={
        "csrf_token": csrf_from(page), "file": (io.BytesIO(content), "plans.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "a cell is too long" in response.get_data(as_text=True)
    assert count(app, IndicatorPlan) == 0
