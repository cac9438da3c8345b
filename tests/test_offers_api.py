"""Matching and suitable-job offers through the API: the ranked lists agree both ways, an
offer is judged suitable, answers make the job's referral or count refusals, a second suitable
refusal proposes deregistration, and bad input changes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import DeregistrationProposal, Letter, Offer, Referral
from tests.api_world import bearer, error_of
from tests.offers_world import before_opening, days, offers_world  # noqa: F401


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _offer(client, world, vacancy="shop", person="second", who="cw", **body):
    return client.post("/api/v1/offers", headers=bearer(world, who), json={
        "person_id": world[person], "vacancy_id": world[vacancy], **body})


def test_the_two_rankings_agree(client, offers_world):
    w = offers_world
    mine = client.get(f"/api/v1/persons/{w['second']}/vacancies", headers=bearer(w))
    assert mine.status_code == 200, mine.get_data(as_text=True)
    items = mine.get_json()["items"]
    assert [i["vacancy_id"] for i in items][:1] == [w["shop"]] or items[0]["score"] >= \
        items[1]["score"]
    assert w["closed"] not in [i["vacancy_id"] for i in items]
    for item in items:
        theirs = client.get(f"/api/v1/vacancies/{item['vacancy_id']}/candidates",
                            headers=bearer(w, "officer")).get_json()["items"]
        same = [c for c in theirs if c["person_id"] == w["second"]]
        assert same and same[0]["score"] == item["score"], (item, theirs)
        assert [r["text"] for r in same[0]["reasons"]] == [r["text"] for r in item["reasons"]]
    shop = next(i for i in items if i["vacancy_id"] == w["shop"])
    assert {r["rule"]: r["status"] for r in shop["reasons"]}["occupation"] == "passed"
    assert "minor group 522" in shop["reasons"][0]["text"]


def test_candidates_are_ranked_and_scoped(client, offers_world):
    w = offers_world
    answer = client.get(f"/api/v1/vacancies/{w['shop']}/candidates", headers=bearer(w))
    ids = [c["person_id"] for c in answer.get_json()["items"]]
    assert ids == [w["second"]]  # active persons only (the first is employed)
    assert w["far"] not in ids and w["elsewhere"] not in ids
    assert client.get(f"/api/v1/vacancies/{w['shop']}/candidates",
                      headers=bearer(w, "sh")).status_code == 404
    assert client.get(f"/api/v1/vacancies/{w['shop']}/candidates",
                      headers=bearer(w, "analyst")).status_code == 403


def test_an_offer_accepted_makes_the_job_referral_with_its_letter(client, offers_world):
    w = offers_world
    made = _offer(client, w)
    assert made.status_code == 201, made.get_data(as_text=True)
    offer = made.get_json()
    assert offer["state"] == "offered" and offer["suitable"] is True
    assert {r["rule"] for r in offer["reasons"]} >= {"wage_minimum", "travel", "health"}
    answered = client.post(f"/api/v1/offers/{offer['id']}/answer", headers=bearer(w),
                           json={"answer": "accepted"})
    assert answered.status_code == 200, answered.get_data(as_text=True)
    body = answered.get_json()
    assert body["state"] == "accepted" and body["referral_id"]
    with client.application.app_context():
        referral = db.session.get(Referral, body["referral_id"])
        assert referral.status == "referred" and referral.measure_code == "job_placement"
        assert referral.provider_id == w["provider"]
        assert db.session.scalar(select(Letter.number).where(
            Letter.referral_id == referral.id))
    again = client.post(f"/api/v1/offers/{offer['id']}/answer", headers=bearer(w),
                        json={"answer": "refused", "reason": "wage"})
    error_of(again, 409, "offer_answered")
    voided = client.post(f"/api/v1/offers/{offer['id']}/void", headers=bearer(w),
                         json={"reason": "typed on the wrong person"})
    assert voided.status_code == 200 and voided.get_json()["state"] == "offered"
    with client.application.app_context():
        assert db.session.get(Referral, body["referral_id"]).status == "cancelled"


def test_two_suitable_refusals_propose_deregistration(client, offers_world):
    w = offers_world
    for vacancy in ("shop", "shop"):
        offer = _offer(client, w, vacancy).get_json()
        refused = client.post(f"/api/v1/offers/{offer['id']}/answer", headers=bearer(w),
                              json={"answer": "refused", "reason": "schedule"})
        assert refused.status_code == 200 and refused.get_json()["state"] == "refused"
    with client.application.app_context():
        proposal = db.session.scalar(select(DeregistrationProposal))
        assert proposal.state == "pending" and proposal.person_id == w["second"]


def test_bad_input_changes_nothing(client, offers_world):
    w = offers_world
    before = _count(client.application, Offer)
    error_of(_offer(client, w, "closed"), 409, "vacancy_not_open")
    error_of(_offer(client, w, on=days(1)), 422, "future")
    error_of(_offer(client, w, on=before_opening()), 422, "offer_before_vacancy")
    error_of(_offer(client, w, person="far", who="sh"), 422, "vacancy_not_found")
    assert _offer(client, w, person="far").status_code == 404
    assert _count(client.application, Offer) == before
    offer = _offer(client, w).get_json()
    answer = f"/api/v1/offers/{offer['id']}/answer"
    error_of(client.post(answer, headers=bearer(w), json={"answer": "accepted",
                                                           "on": days(1)}), 422, "future")
    error_of(client.post(answer, headers=bearer(w), json={"answer": "refused",
                                                          "on": before_opening()}),
             422, "answer_before_offer")
    error_of(client.post(answer, headers=bearer(w), json={"answer": "refused"}), 422,
             "refusal_reason_required")
    assert client.post(answer, headers=bearer(w, "cw2"), json={
        "answer": "no_answer"}).status_code == 404
    with client.application.app_context():
        assert db.session.get(Offer, offer["id"]).state == "offered"


def test_the_profile_takes_desired_occupations_as_codes(client, offers_world):
    w = offers_world
    person = client.get(f"/api/v1/persons/{w['second']}", headers=bearer(w)).get_json()
    url = f"/api/v1/persons/{w['second']}"
    error_of(client.patch(url, headers=bearer(w), json={
        "version": person["version"], "occupation_codes": ["12345"]}), 422)
    changed = client.patch(url, headers=bearer(w), json={
        "version": person["version"], "occupation_codes": ["7231"], "expected_wage": 100_000,
        "locality": "Аральск"})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    best = client.get(f"/api/v1/persons/{w['second']}/vacancies",
                      headers=bearer(w)).get_json()["items"][0]
    assert best["vacancy_id"] == w["plant"] and best["reasons"][0]["points"] == 40
