"""A plan belongs to a region that existed in its year: Abai (formed on 8 June 2022) has no
plan for 2020, whether it is typed on the page, loaded from a file, sent to the API or given
to `flask indicators plans`; nothing is saved and the message says why."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from caseworker.api import tokens
from caseworker.domain.territory import exists_in_year
from caseworker.extensions import db
from caseworker.models import IndicatorPlan
from tests import factories as f
from tests.conftest import csrf_from, login

ABAI, KYZYLORDA = "100000000", "430000000"
MESSAGE = "There was no region “Abai Region” in 2020"


@pytest.fixture
def world(app):
    with app.app_context():
        f.user("ro.abai", "regional_officer", region_kato=ABAI)
        admin = f.user("ad", "admin")
        secret = tokens.create(admin, "test")[1]
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def saved(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(select(IndicatorPlan.region_id, IndicatorPlan.year)).all()


def rows(year: int) -> str:
    return (f"indicator,region,district,year,target\ncoverage,{KYZYLORDA},,{year},10\n"
            f"coverage,{ABAI},,{year},20\n")


def test_the_officer_of_abai_cannot_set_a_plan_for_2020(app, client, world):
    login(client, "ro.abai")
    token = csrf_from(client.get("/indicators/plans?year=2020").get_data(as_text=True))
    form = {"csrf_token": token, "indicator_code": "coverage", "district_id": "",
            "year": "2020", "target": "100"}
    response = client.post("/indicators/plans", data=form)
    assert response.status_code == 422 and MESSAGE in response.get_data(as_text=True)
    assert saved(app) == []
    assert client.post("/indicators/plans", data=dict(form, year="2023")).status_code == 302
    assert len(saved(app)) == 1


def test_a_file_with_abai_in_2020_loads_nothing(app, client, world):
    login(client, "ad")
    page = client.get("/indicators/plans/upload").get_data(as_text=True)
    response = client.post("/indicators/plans/upload", data={
        "csrf_token": csrf_from(page), "file": (io.BytesIO(rows(2020).encode()), "p.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)
    assert saved(app) == []


def test_the_api_refuses_abai_in_2020_with_its_code(app, client, world):
    body = {"plans": [{"indicator": "coverage", "region": ABAI, "district": "",
                       "year": 2020, "target": 20}]}
    response = client.put("/api/v1/plans", json=body, headers=world)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "plan_region_not_in_year"
    assert saved(app) == []
    body["plans"][0]["year"] = 2023
    assert client.put("/api/v1/plans", json=body, headers=world).status_code == 200


def test_the_command_refuses_abai_in_2020(app, runner, world, tmp_path):
    path = tmp_path / "plans.csv"
    path.write_text(rows(2020), encoding="utf-8")
    result = runner.invoke(args=["indicators", "plans", str(path)])
    assert result.exit_code != 0 and MESSAGE in result.output
    assert saved(app) == []
    path.write_text(rows(2023), encoding="utf-8")
    result = runner.invoke(args=["indicators", "plans", str(path)])
    assert result.exit_code == 0 and "2 plans loaded" in result.output
    assert len(saved(app)) == 2


def test_a_region_exists_in_a_year_it_lived_on_some_day_of():
    formed = date(2022, 6, 8)
    assert not exists_in_year(formed, None, 2021)
    assert exists_in_year(formed, None, 2022) and exists_in_year(None, None, 2015)
    assert exists_in_year(None, date(2022, 6, 7), 2022)
    assert not exists_in_year(None, date(2022, 6, 7), 2023)
