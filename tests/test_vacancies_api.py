"""Vacancies through the API: the same operations as the pages (a unit group, an employer
of the region, places, the minimum wage of the opening date pro rata, dates in order, the
version read, ending with a reason), each refusal with its code and nothing written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import Vacancy
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import bearer, error_of


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Vacancy))


def body(world, **changes) -> dict:
    return {"organisation_id": world["provider"], "occupation_code": "5223", "places": 2,
            "wage": 90000, "hours_per_week": 40, "schedule": "full_day",
            "languages": ["kk", "ru"], "quota_groups": ["disability"],
            "opened_on": "2024-03-01", "closes_on": "2024-04-30", **changes}


def create(client, world, who="cw", **changes):
    return client.post("/api/v1/vacancies", headers=bearer(world, who),
                       json=body(world, **changes))


def test_entered_listed_changed_and_ended(app, client, world):
    made = create(client, world)
    assert made.status_code == 201, made.get_json()
    vacancy = made.get_json()
    assert vacancy["status"] == "open" and vacancy["quota_groups"] == ["disability"]
    listed = client.get("/api/v1/vacancies?occupation=52&status=open",
                        headers=bearer(world, "officer")).get_json()
    assert [v["id"] for v in listed["items"]] == [vacancy["id"]]
    assert client.get("/api/v1/vacancies?occupation=7",
                      headers=bearer(world)).get_json()["total"] == 0
    url = f"/api/v1/vacancies/{vacancy['id']}"
    changed = client.patch(url, headers=bearer(world), json={"version": 1, "places": 3})
    assert changed.status_code == 200 and changed.get_json()["places"] == 3
    assert changed.get_json()["wage"] == 90000  # the rest as it was
    error_of(client.patch(url, headers=bearer(world), json={"version": 1, "places": 4}),
             409, "stale")
    error_of(client.patch(url, headers=bearer(world), json={
        "version": 2, "status": "cancelled", "reason": " "}), 422, "vacancy_reason_required")
    error_of(client.patch(url, headers=bearer(world), json={
        "version": 2, "status": "closed", "reason": "x", "places": 9}), 422, "validation_error")
    ended = client.patch(url, headers=bearer(world, "sv"), json={
        "version": 2, "status": "filled", "reason": "взяли двоих", "on": "2024-04-02"})
    assert ended.status_code == 200, ended.get_json()
    assert ended.get_json()["status"] == "filled" and ended.get_json()["status_on"] == "2024-04-02"
    error_of(client.patch(url, headers=bearer(world), json={
        "version": 3, "status": "closed", "reason": "ещё раз"}), 409, "vacancy_not_open")


@pytest.mark.parametrize("changes, code", [
    ({"places": 0}, "vacancy_places"),
    ({"wage": 84999}, "wage_below_minimum"),
    ({"wage": 42499, "hours_per_week": 20}, "wage_below_minimum"),
    ({"wage": 59999, "opened_on": "2022-06-01", "closes_on": None}, "wage_below_minimum"),
    ({"closes_on": "2024-02-29"}, "closes_before_opens"),
    ({"occupation_code": "52"}, "occupation_not_unit"),
    ({"hours_per_week": 61}, "vacancy_hours"),
    ({"measure_code": "state_grant"}, "measure_not_subsidised"),
])
def test_a_bad_vacancy_is_refused_and_nothing_is_written(app, client, world, changes, code):
    error = error_of(create(client, world, **changes), 422)
    assert error["code"] in (code, "validation_error"), error
    if error["code"] == code and code == "wage_below_minimum":
        assert "tenge" in error["message"]
    assert count(app) == 0


def test_part_time_at_the_pro_rata_minimum_and_a_subsidised_job(app, client, world):
    made = create(client, world, wage=42500, hours_per_week=20, schedule="part_time",
                  measure_code="youth_practice")
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["measure_code"] == "youth_practice"


def test_an_employer_of_another_region_or_not_an_employer_is_refused(app, client, world):
    error_of(create(client, world, organisation_id=world["far_provider"]), 422)
    with app.app_context():
        from caseworker.models import Provider
        db.session.get(Provider, world["provider"]).kinds = ["training"]
        db.session.commit()
    error_of(create(client, world), 422)
    assert count(app) == 0


def test_who_enters_and_who_sees(app, client, world):
    vacancy = create(client, world).get_json()
    for who in ("officer", "analyst", "admin"):
        error_of(create(client, world, who=who), 403)
    # another district's caseworker does not see it; the region's officer reads it
    error_of(client.get(f"/api/v1/vacancies/{vacancy['id']}", headers=bearer(world, "cw2")), 404)
    assert client.get("/api/v1/vacancies", headers=bearer(world, "cw2")).get_json()["total"] == 0
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}",
                      headers=bearer(world, "officer")).status_code == 200
    error_of(client.patch(f"/api/v1/vacancies/{vacancy['id']}", headers=bearer(world, "officer"),
                          json={"version": 1, "places": 5}), 403)
