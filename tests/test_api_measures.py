"""GET /api/v1/measures?on=YYYY-MM-DD: each measure's version in force on that day."""
from functools import partial

import pytest

from tests.api_kit import items_by

by_code = partial(items_by, key="code")


def test_the_catalogue_of_19_august_2020(client, analyst_headers):
    response = client.get("/api/v1/measures?on=2020-08-19", headers=analyst_headers)
    assert response.get_json()["on"] == "2020-08-19"
    items = by_code(response)
    grant = items["state_grant"]
    assert (grant["benefit_amount"], grant["benefit_unit"], grant["benefit_period"]) == (
        "200.00", "MCI", "one_off")
    assert (grant["rules_version"], grant["valid_from"], grant["valid_to"]) == (
        1, "2017-01-01", "2021-12-31")
    assert grant["rules"]["requires_completed"] == "bastau_business" and grant["needs_approval"]
    practice = items["youth_practice"]
    assert practice["rules"]["max_age"] == 29 and practice["benefit_amount"] == "18.00"
    assert practice["max_months"] == 6 and practice["source_en"]
    assert "first_job" not in items and "generation_contract" not in items
    assert items["resettlement"]["amount_by_region"] == {}


def test_without_a_day_today(client, analyst_headers):
    items = by_code(client.get("/api/v1/measures", headers=analyst_headers))
    assert len(items) == 12
    grant = items["state_grant"]
    assert (grant["benefit_amount"], grant["rules_version"], grant["valid_to"]) == (
        "400.00", 2, None)
    assert items["youth_practice"]["rules"]["max_age"] == 35
    assert items["resettlement"]["amount_by_region"] == {"590000000": "70"}
    assert items["social_job"]["benefit_unit"] == "percent_of_wage"
    assert {code: m["over_funds"] for code, m in items.items() if m["over_funds"] == "refuse"
            } == {"state_grant": "refuse", "microcredit": "refuse", "resettlement": "refuse"}
    assert items["youth_practice"]["over_funds"] == "approval"


def test_over_funds_is_the_versions_own(app, client, analyst_headers):
    """A version that changes the funds rule shows it from its first day, the older one
    before it."""
    from datetime import date

    from caseworker.extensions import db
    from caseworker.models import MeasureVersion
    with app.app_context():
        version = db.session.scalar(db.select(MeasureVersion).where(
            MeasureVersion.measure_code == "youth_practice",
            MeasureVersion.valid_from == date(2017, 1, 1)))
        version.over_funds = "refuse"
        db.session.commit()
    try:
        old = by_code(client.get("/api/v1/measures?on=2021-06-01", headers=analyst_headers))
        new = by_code(client.get("/api/v1/measures?on=2022-06-01", headers=analyst_headers))
        assert (old["youth_practice"]["over_funds"], new["youth_practice"]["over_funds"]) == (
            "refuse", "approval")
    finally:
        with app.app_context():
            db.session.get(MeasureVersion, version.id).over_funds = "approval"
            db.session.commit()


def test_before_the_catalogue_nothing_was_in_force(client, analyst_headers):
    assert by_code(client.get("/api/v1/measures?on=2016-12-31", headers=analyst_headers)) == {}


@pytest.mark.parametrize("on", ["2020-13-01", "yesterday", "1999-12-31", "2101-01-01", ""])
def test_a_day_that_is_not_one_is_refused_with_its_field(client, analyst_headers, on):
    response = client.get(f"/api/v1/measures?on={on}", headers=analyst_headers)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["on"]


def test_the_openapi_document_describes_the_day(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/measures"]["get"]
    on = next(p for p in operation["parameters"] if p["name"] == "on")
    assert on["in"] == "query" and on["schema"]["format"] == "date"
    measure = document["components"]["schemas"]["Measure"]["properties"]
    assert {"valid_from", "valid_to", "rules", "benefit_unit", "amount_by_region",
            "over_funds"} <= set(measure)
