"""Referrals through the JSON API: idempotent creation under concurrent retries, a job of a
Roadmap project, transitions and the letter, a resettlement's destination."""
import threading
from datetime import timedelta

from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import Person, Referral
from tests import factories as f
from tests.api_kit import SHYMKENT, TODAY, assert_error, auth, world  # noqa: F401 (a fixture)


# ---- referrals ----------------------------------------------------------------------------

def refer(client, world, key, who="cw", **body):
    return client.post("/api/v1/referrals", headers=auth(world, who, **{"Idempotency-Key": key}),
                       json={"person_id": world["grad"], "measure_code": "youth_practice",
                             **body})


def test_a_retry_with_the_same_key_returns_the_same_referral(app, client, world):
    first = refer(client, world, "abc-1", comment="first")
    assert first.status_code == 201, first.get_json()
    again = refer(client, world, "abc-1", comment="first")
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert_error(refer(client, world, "abc-1", measure_code="public_works"), 409,
                 "idempotency_key_reused")
    assert_error(refer(client, world, "abc-2"), 409, "already_open")
    # the same key from another user is another key
    other = refer(client, world, "abc-1", who="sv")
    assert_error(other, 409, "already_open")
    # the key is not required: without one, the rules answer (the referral is open)
    assert_error(client.post("/api/v1/referrals", headers=auth(world), json={
        "person_id": world["grad"], "measure_code": "youth_practice"}), 409, "already_open")
    error = assert_error(refer(client, world, "abc-3", start_on="1990-01-01"), 422)
    assert "check the year" in error["fields"]["start_on"][0]["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_a_referral_may_name_a_job_of_a_roadmap_project_of_the_region(app, client, world):
    from caseworker.models import RoadmapProject
    with app.app_context():
        region = db.session.get(Person, world["grad"]).region_id
        other = db.session.get(Person, world["sh_person"]).region_id
        ours = RoadmapProject(region_id=region, year=TODAY.year, name="Су құбыры",
                              jobs_kind="permanent")
        theirs = RoadmapProject(region_id=other, year=TODAY.year, name="Жол",
                                jobs_kind="permanent")
        last_year = RoadmapProject(region_id=region, year=TODAY.year - 1, name="Мектеп",
                                   jobs_kind="temporary")
        db.session.add_all([ours, theirs, last_year])
        db.session.commit()
        ours_id, refused = ours.id, (theirs.id, last_year.id, 10**6)
    for n, project_id in enumerate(refused):
        assert_error(refer(client, world, f"p-{n}", project_id=project_id), 422,
                     "validation_error")
    made = refer(client, world, "p-ok", project_id=ours_id)
    assert made.status_code == 201 and made.get_json()["project_id"] == ours_id
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_concurrent_retries_create_one_referral(app, world):
    results, start = [], threading.Barrier(6)

    def attempt():
        client = app.test_client()
        start.wait()
        response = refer(client, world, "same-key-for-all")
        results.append((response.status_code, (response.get_json() or {}).get("id")))

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(s for s, _ in results)
    assert statuses == [200] * 5 + [201], results
    assert len({i for _, i in results}) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_transitions_and_the_letter(app, client, world):
    rid = refer(client, world, "t-1").get_json()["id"]
    url = f"/api/v1/referrals/{rid}/transitions"
    assert_error(client.post(url, headers=auth(world), json={
        "to": "referred", "on": (TODAY + timedelta(days=1)).isoformat()}), 422, "future")
    assert_error(client.post(url, headers=auth(world), json={
        "to": "completed", "on": TODAY.isoformat()}), 409, "not_allowed")
    assert_error(client.get(f"/api/v1/referrals/{rid}/letter.pdf", headers=auth(world)), 404,
                 "no_letter")
    # the letter names where the person goes: not without a provider
    assert_error(client.post(url, headers=auth(world), json={
        "to": "referred", "on": TODAY.isoformat()}), 409, "no_provider")
    with app.app_context():
        region = db.session.get(Referral, rid).person.region_id
        ours = f.provider(region).id
        theirs = f.provider(f.districts_of(SHYMKENT)[0].region_id, name="ТОО «Оңтүстік»").id
        db.session.commit()
    provider_url = f"/api/v1/referrals/{rid}/provider"
    error = assert_error(client.put(provider_url, headers=auth(world),
                                    json={"provider_id": theirs}), 422, "validation_error")
    assert "provider_id" in error["fields"]
    assert_error(client.put(provider_url, headers=auth(world), json={}), 422)
    assert_error(client.put(provider_url, headers=auth(world, "officer"),
                            json={"provider_id": ours}), 403)
    named = client.put(provider_url, headers=auth(world), json={"provider_id": ours})
    assert named.status_code == 200 and named.get_json()["provider_id"] == ours
    moved = client.post(url, headers=auth(world), json={"to": "referred", "on": TODAY.isoformat()})
    assert moved.status_code == 200, moved.get_json()
    body = moved.get_json()
    assert body["status"] == "referred" and len(body["letters"]) == 1
    assert [e["to_status"] for e in body["events"]] == ["proposed", "referred"]
    letter = client.get(f"/api/v1/referrals/{rid}/letter.pdf", headers=auth(world))
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert letter.data.startswith(b"%PDF")
    assert_error(client.put(provider_url, headers=auth(world), json={"provider_id": ours}), 409,
                 "letter_issued")
    error = assert_error(client.post(url, headers=auth(world), json={
        "to": "declined", "on": TODAY.isoformat()}), 422, "reason_required")
    assert "reason" in error["fields"]
    assert_error(client.get(f"/api/v1/referrals/{rid}", headers=auth(world, "sh")), 404)
    assert_error(client.post(url, headers=auth(world, "officer"), json={
        "to": "started", "on": TODAY.isoformat()}), 403)


def test_a_resettlement_through_the_api_names_where_to(app, client, world):
    from caseworker.models import Region
    with app.app_context():
        north = db.session.scalar(select(Region.id).where(Region.kato == "590000000"))
    error = assert_error(refer(client, world, "r-0", destination_region_id=north), 422)
    assert "Only a resettlement" in error["fields"]["destination_region_id"][0]["message"]
    assert_error(refer(client, world, "r-1", measure_code="resettlement", who="sv",
                       override_reason="переезд"), 422, "destination_required")
    made = refer(client, world, "r-2", measure_code="resettlement", who="sv",
                 override_reason="переезд", destination_region_id=north)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["destination_region_id"] == north
    assert made.get_json()["amount_kzt"] > 0
