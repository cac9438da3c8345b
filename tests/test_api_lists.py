"""The API's lists for an integrator: persons, referrals, providers and Roadmap projects with
filters, paging and the total; allocations of the region. Each list holds only what the
token's user sees: never another district's person, never another region's provider."""
from __future__ import annotations

import pytest

from caseworker.extensions import db
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import TODAY, bearer, error_of


def get(client, world, path, who="cw", **headers):
    response = client.get(path, headers=bearer(world, who, **headers))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_persons_are_listed_in_the_scope_with_filters_paging_and_total(client, world):
    page = get(client, world, "/api/v1/persons?per_page=1")
    assert page["total"] == 2 and page["has_next"] and len(page["items"]) == 1
    second = get(client, world, "/api/v1/persons?per_page=1&page=2")
    assert not second["has_next"]
    ids = {page["items"][0]["id"], second["items"][0]["id"]}
    assert ids == {world["first"], world["second"]}
    assert get(client, world, "/api/v1/persons?status=employed")["total"] == 1
    assert [p["id"] for p in get(client, world, "/api/v1/persons?name=бейс")["items"]] == [
        world["second"]]
    # another district named in the filter: nothing of it
    assert get(client, world, f"/api/v1/persons?district_id={world['district2']}")[
        "total"] == 0
    region = get(client, world, "/api/v1/persons", who="officer")
    assert region["total"] == 3 and world["far"] not in {p["id"] for p in region["items"]}
    error_of(client.get("/api/v1/persons", headers=bearer(world, "analyst")), 403)


@pytest.mark.parametrize("query, field", [
    ("per_page=0", "per_page"), ("per_page=201", "per_page"), ("page=0", "page"),
    ("status=gone", "status"), ("district_id=abc", "district_id"),
    ("distrct_id=1", "distrct_id")])
def test_a_bad_filter_is_refused_with_its_field(client, world, query, field):
    error = error_of(client.get(f"/api/v1/persons?{query}", headers=bearer(world)), 422,
                     "validation_error")
    assert field in error["fields"], error


def test_referrals_are_listed_in_the_scope_with_filters(client, world):
    page = get(client, world, "/api/v1/referrals")
    assert [r["id"] for r in page["items"]] == [world["referral"]] and page["total"] == 1
    assert page["items"][0]["events"]
    assert get(client, world, "/api/v1/referrals?status=proposed")["total"] == 0
    assert get(client, world, f"/api/v1/referrals?person_id={world['far']}")["total"] == 0
    today = TODAY.isoformat()
    assert get(client, world, f"/api/v1/referrals?proposed_from={today}&proposed_to={today}"
               "&measure_code=youth_practice")["total"] == 1
    theirs = get(client, world, "/api/v1/referrals", who="sh")
    assert [r["id"] for r in theirs["items"]] == [world["far_referral"]]
    error_of(client.get("/api/v1/referrals?proposed_from=вчера", headers=bearer(world)), 422)


def test_providers_of_the_region_are_listed_and_read(client, world):
    page = get(client, world, "/api/v1/organisations?kind=employer")
    assert [p["id"] for p in page["items"]] == [world["provider"]] and page["total"] == 1
    assert get(client, world, "/api/v1/organisations?q=арал")["total"] == 1
    assert get(client, world, "/api/v1/organisations?kind=training")["total"] == 0
    assert get(client, world, f"/api/v1/organisations/{world['provider']}")["kinds"] == [
        "employer"]
    error_of(client.get(f"/api/v1/organisations/{world['far_provider']}", headers=bearer(world)),
             404)
    error_of(client.get("/api/v1/organisations", headers=bearer(world, "analyst")), 403)


def test_allocations_of_the_region_with_what_is_used(client, world):
    listed = get(client, world, "/api/v1/allocations?measure_code=youth_practice")
    [row] = listed["items"]
    assert listed["year"] == TODAY.year and row["id"] == world["allocation"]
    assert (row["places"], row["places_used"], row["places_left"]) == (5, 1, 4)
    assert get(client, world, f"/api/v1/allocations/{world['allocation']}")["places_left"] == 4
    assert get(client, world, "/api/v1/allocations?year=2016")["items"] == []
    error_of(client.get(f"/api/v1/allocations/{world['far_allocation']}",
                        headers=bearer(world)), 404)
    error_of(client.get("/api/v1/allocations", headers=bearer(world, "admin")), 403)
    error_of(client.get("/api/v1/allocations?year=1900", headers=bearer(world)), 422)


def test_roadmap_projects_are_listed_and_read(client, world):
    page = get(client, world, f"/api/v1/projects?year={TODAY.year}", who="analyst")
    assert [p["id"] for p in page["items"]] == [world["project"]]
    shown = get(client, world, f"/api/v1/projects/{world['project']}")
    assert shown["jobs_planned"] == 10 and shown["referrals_started"] == 0
    assert get(client, world, "/api/v1/projects?year=2016")["total"] == 0
    error_of(client.get("/api/v1/projects/2147483647", headers=bearer(world)), 404)


def statements(app, client, world, path) -> int:
    from tests.conftest import statements_of
    with statements_of(app) as seen:
        get(client, world, path)
    return len(seen)


def test_a_list_reads_as_many_statements_for_one_row_as_for_many(app, client, world):
    from caseworker.models import Person, User
    from caseworker.referrals import operations
    with app.app_context():
        operations.refer(db.session.get(Person, world["second"]), "youth_practice",
                         db.session.get(User, world["ids"]["cw"]), on=TODAY,
                         provider_id=world["provider"])
        db.session.commit()
    get(client, world, "/api/v1/persons")  # the token's first use of the minute is noted
    for path in ("/api/v1/referrals", "/api/v1/persons", "/api/v1/projects"):
        one = statements(app, client, world, path + "?per_page=1")
        two = statements(app, client, world, path + "?per_page=2")
        assert one == two and one < 12, (path, one, two)



def test_a_call_that_ends_in_an_error_still_keeps_when_the_token_was_used(app, client, world):
    from sqlalchemy import func, select, update
    from caseworker.models import ApiToken
    with app.app_context():
        db.session.execute(update(ApiToken).values(last_used_at=None))
        db.session.commit()
    error_of(client.get("/api/v1/persons/2000000000", headers=bearer(world)), 404)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ApiToken).where(
            ApiToken.last_used_at.is_not(None))) == 1
