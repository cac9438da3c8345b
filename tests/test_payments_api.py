"""Money through the API: the same operations and refusals as the pages, in JSON."""
from datetime import date

import pytest

from caseworker.api import tokens
from caseworker.extensions import db
from tests import factories as f
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, SHYMKENT, referral, staff, subsidised_job, today)


@pytest.fixture
def world(app, today):  # noqa: F811
    with app.app_context():
        kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
        users = staff(kz[0]) | {"officer": f.user("officer", "regional_officer",
                                                  region_kato=KYZYLORDA),
                                "analyst": f.user("analyst", "analyst"),
                                "far": f.user("finance.far", "finance", sh[0])}
        person = f.person(kz[0], household_size=4)
        job = referral(person, "social_job", "started", letter="43-2026-000201")
        grant = referral(person, "state_grant", "completed", amount=1_729_600,
                         approved_by=users["supervisor"])
        secrets = {name: tokens.create(u, "test")[1] for name, u in users.items()}
        db.session.commit()
        return {"job": job.id, "grant": grant.id, "secrets": secrets,
                "place": (kz[0].region_id, kz[0].id)}


def auth(world, who: str) -> dict:
    return {"Authorization": f"Bearer {world['secrets'][who]}"}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def test_payments_of_a_referral_are_recorded_and_reversed(client, world):
    url = f"/api/v1/referrals/{world['grant']}/payments"
    body = {"amount_kzt": 1_000_000, "paid_on": "2026-03-02", "document_number": "ПП-1"}
    made = client.post(url, json=body, headers=auth(world, "finance"))
    assert made.status_code == 201, made.get_json()
    payment = made.get_json()
    assert (payment["kind"], payment["amount_kzt"], payment["source"]) == ("grant", 1_000_000,
                                                                           "api")
    assert (payment["measure_code"], payment["region_id"], payment["district_id"]) == (
        "state_grant", *world["place"])  # where it was paid
    fraction = client.post(url, json=body | {"amount_kzt": 10.5, "document_number": "ПП-2"},
                           headers=auth(world, "finance"))
    error = error_of(fraction, 422)
    assert error["code"] == "fraction_of_tenge" and "amount_kzt" in error["fields"]
    assert error_of(client.post(url, json=body, headers=auth(world, "finance")),
                    409)["code"] == "document_used"
    # the supervisor approved this referral: the refusal says so
    refused = error_of(client.post(url, json=body | {"document_number": "ПП-3"},
                                   headers=auth(world, "supervisor")), 403)
    assert refused["code"] == "approved_by_you" and "You approved" in refused["message"]
    assert error_of(client.post(url, json=body, headers=auth(world, "caseworker")), 403)
    assert error_of(client.post(url, json=body, headers=auth(world, "far")), 404)
    reversal = {"reverses": payment["id"], "reason": "ошибка", "paid_on": "2026-03-05"}
    assert error_of(client.post(url, json=reversal | {"amount_kzt": 5},
                                headers=auth(world, "finance")), 422)
    back = client.post(url, json=reversal, headers=auth(world, "finance"))
    assert back.status_code == 201 and back.get_json()["amount_kzt"] == -1_000_000
    assert back.get_json()["reverses"] == payment["id"]
    assert error_of(client.post(url, json=reversal, headers=auth(world, "finance")),
                    409)["code"] == "already_reversed"
    shown = client.get(url, headers=auth(world, "caseworker")).get_json()
    assert (shown["commitment_kzt"], shown["paid_kzt"], shown["balance_kzt"]) == (
        1_729_600, 0, 1_729_600)
    assert [p["amount_kzt"] for p in shown["items"]] == [1_000_000, -1_000_000]
    assert client.get(url, headers=auth(world, "analyst")).status_code == 404


def test_a_contract_and_its_timesheets(client, world):
    url = f"/api/v1/referrals/{world['job']}/contract"
    assert error_of(client.get(url, headers=auth(world, "finance")), 404)["code"] == \
        "no_contract"
    body = {"position": "Санитар", "starts_on": "2026-02-02", "ends_on": "2026-07-31",
            "monthly_wage_kzt": 150_000}
    assert error_of(client.put(url, json=body | {"ends_on": "2027-07-31"},
                               headers=auth(world, "finance")), 422)["code"] == \
        "contract_too_long"
    saved = client.put(url, json=body, headers=auth(world, "finance"))
    assert saved.status_code == 200, saved.get_json()
    contract = saved.get_json()
    assert client.get(url, headers=auth(world, "caseworker")).get_json() == contract
    sheets = f"/api/v1/contracts/{contract['id']}/timesheets"
    made = client.post(sheets, json={"month": "2026-02", "days_worked": 19},
                       headers=auth(world, "finance"))
    assert made.status_code == 201, made.get_json()
    # social job: 35 % of the wage, no cap; February 2026 has 20 working days
    assert made.get_json() | {"id": 0} == {"id": 0, "contract_id": contract["id"],
                                           "month": "2026-02", "days_worked": 19,
                                           "working_days": 20, "subsidy_kzt": 49_875}
    assert error_of(client.post(sheets, json={"month": "2026-08", "days_worked": 1},
                                headers=auth(world, "finance")), 422)["code"] == \
        "month_outside_contract"
    assert error_of(client.post(sheets, json={"month": "2026-13", "days_worked": 1},
                                headers=auth(world, "finance")), 422)["code"] == \
        "validation_error"
    assert error_of(client.post(sheets, json={"month": "2026-03", "days_worked": 1},
                                headers=auth(world, "caseworker")), 403)
    listed = client.get(sheets, headers=auth(world, "officer")).get_json()
    assert [s["month"] for s in listed["items"]] == ["2026-02"]
    pay = client.post(f"/api/v1/referrals/{world['job']}/payments", json={
        "amount_kzt": 49_875, "paid_on": "2026-03-10", "document_number": "ЗП-02",
        "month": "2026-02"}, headers=auth(world, "finance"))
    assert pay.status_code == 201 and pay.get_json()["month"] == "2026-02"
    assert error_of(client.put(url, json=body, headers=auth(world, "finance")),
                    409)["code"] == "contract_paid"
    assert client.get(sheets, headers=auth(world, "far")).status_code == 404


def test_the_payments_of_a_region_are_paged_with_the_total_of_the_filter(app, client, world):
    url = f"/api/v1/referrals/{world['grant']}/payments"
    for n, day in enumerate(("2026-01-15", "2026-02-15", "2026-03-15")):
        assert client.post(url, json={"amount_kzt": 100_000 * (n + 1), "paid_on": day,
                                      "document_number": f"D-{n}"},
                           headers=auth(world, "finance")).status_code == 201
    with app.app_context():
        region = f.region(KYZYLORDA).id
    listed = client.get(f"/api/v1/payments?region={region}&from=2026-02-01&to=2026-12-31",
                        headers=auth(world, "officer")).get_json()
    assert (listed["total_kzt"], listed["count"], listed["page"], listed["has_next"]) == (
        500_000, 2, 1, False)
    assert [p["paid_on"] for p in listed["items"]] == ["2026-03-15", "2026-02-15"]
    assert client.get("/api/v1/payments", headers=auth(world, "far")).get_json()["count"] == 0
    assert client.get("/api/v1/payments", headers=auth(world, "analyst")).status_code == 403
    assert client.get("/api/v1/payments").status_code == 401
    assert date(2026, 3, 15).isoformat() == listed["items"][0]["paid_on"]
