"""Users, the audit log, API tokens and the JSON API x roles x relations, and the API's own
scope checks: its lists, a referral's person named in the body, a region's indicators, plans."""
from __future__ import annotations

import json

import pytest

from caseworker import clock
from caseworker.domain.names import search_key
from tests.access.matrix import ADMIN_AND_API, cases, expected, expected_of, rel
from tests.access.world import (
    INDICATOR, LOGIN, MEASURE, OUT_OF_SCOPE, RELATIONS, ROLES, SURNAMES, snapshot)


@pytest.mark.parametrize("key, role, relation", list(cases(ADMIN_AND_API)))
def test_access(probe, key, role, relation):
    probe(key, role, relation)


def api_text(response) -> str:
    """A JSON answer as text, with its letters unescaped."""
    return json.dumps(response.get_json(), ensure_ascii=False)


@pytest.mark.parametrize("role", OUT_OF_SCOPE)
def test_api_lists_never_show_a_person_out_of_scope(client, world, role):
    auth = {"Authorization": f"Bearer {world['secrets'][role]}"}
    candidates = f"/api/v1/measures/{MEASURE}/candidates"
    answers = {candidates: client.get(candidates, headers=auth)}
    for relation in RELATIONS:
        district = world["districts"][relation]
        answers[f"{candidates}?district={district}"] = client.get(
            f"{candidates}?district={district}", headers=auth)
        for field, value in (("name", search_key(SURNAMES[relation])[:5]),
                             ("iin", world["iin"][relation])):
            answers[f"search {field} of {relation}"] = client.post(
                "/api/v1/persons/search", headers=auth, json={field: value})
    leaks = []
    for what, response in answers.items():
        assert response.status_code in (200, 403), f"{what} as {role}"
        page = api_text(response)
        leaks += [f"{what}: {relation} person" for relation in OUT_OF_SCOPE[role]
                  if SURNAMES[relation] in page]
        if role in ("caseworker", "supervisor", "regional_officer") and what == candidates:
            assert SURNAMES["own"] in page  # not empty for want of data
    assert not leaks, f"{role} sees persons out of scope through the API: {leaks}"


API_REFERRAL = {"caseworker": rel(201, 404, 404), "supervisor": rel(201, 404, 404),
                "regional_officer": rel(403, 403, 404), "analyst": 404, "admin": 404}


@pytest.mark.parametrize("role", API_REFERRAL)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_refers_only_persons_in_scope(app, client, shared, world, role, relation):
    """The person of a new referral is named in the body, not the path: the same scope."""
    want = expected_of(API_REFERRAL, role, relation)
    before = snapshot(app)
    response = client.post("/api/v1/referrals", json={
        "person_id": world["person"][relation], "measure_code": MEASURE}, headers={
        "Authorization": f"Bearer {world['secrets'][role]}", "Idempotency-Key": "scope"})
    changed = snapshot(app) != before
    shared["dirty"] |= changed
    assert response.status_code == want, api_text(response)
    assert changed == (want == 201)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_indicators_of_a_region_answer_as_the_page(client, world, role, relation):
    """A region's districts through the API: whom the region's page answers, and only them."""
    want = expected("GET indicators.region", role, relation)
    secret = world["secrets"].get(role)
    response = client.get(f"/api/v1/indicators?region={world['region'][relation]}",
                          headers={"Authorization": f"Bearer {secret}"} if secret else {})
    assert response.status_code == (401 if want == LOGIN else want), api_text(response)
    if want == 200:
        assert response.get_json()["region"]["id"] == world["region"][relation]


API_PLANS = {"caseworker": 403, "supervisor": 403, "regional_officer": rel(200, 200, 422),
             "analyst": 403, "admin": rel(200, 200, 200)}


@pytest.mark.parametrize("role", API_PLANS)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_loads_plans_only_where_the_role_may(app, client, shared, world, role, relation):
    """A plan of the region and one of the district of each relation: an officer loads the
    own region's, an admin any region's; a refusal saves neither."""
    want = expected_of(API_PLANS, role, relation)
    region, district = world["kato"][relation]
    year = clock.today().year
    before = snapshot(app)
    response = client.put("/api/v1/plans", headers={
        "Authorization": f"Bearer {world['secrets'][role]}"}, json={"plans": [
            {"indicator": INDICATOR, "region": region, "year": year, "target": 10},
            {"indicator": INDICATOR, "region": region, "district": district, "year": year,
             "target": 5}]})
    changed = snapshot(app) != before
    shared["dirty"] |= changed
    assert response.status_code == want, api_text(response)
    assert changed == (want == 200)
    if want == 422:
        assert set(response.get_json()["error"]["fields"]) == {"plans.0.region",
                                                                "plans.1.region"}
