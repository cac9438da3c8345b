"""The JSON API: tokens, scoping, validation like the forms, optimistic locking, audit, and one
error shape for every status (its referrals: test_api_referrals.py)."""
import re
from datetime import date

from sqlalchemy import func, select
from werkzeug.exceptions import TooManyRequests

from caseworker import clock
from caseworker.api import tokens
from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.models import ApiToken, AuditEvent, FieldChange, Person, User
from tests.api_kit import TODAY, assert_error, auth, valid_iin, world  # noqa: F401 (a fixture)
from tests.conftest import csrf_from, login


# ---- tokens -------------------------------------------------------------------------------

def _once(page: str) -> str:
    return re.search(r'name="once" type="hidden" value="([^"]+)"', page).group(1)


def test_token_page_shows_the_token_once_and_revoking_stops_it_at_once(app, client, world):
    login(client, "cw")
    page = client.get("/api-tokens").get_data(as_text=True)
    sent = {"csrf_token": csrf_from(page), "name": "Labour exchange", "once": _once(page)}
    made = client.post("/api-tokens", data=sent)
    html = made.get_data(as_text=True)
    again = client.post("/api-tokens", data=sent, follow_redirects=True)  # a reload
    assert "This form was sent already" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ApiToken).where(
            ApiToken.name == "Labour exchange")) == 1
    secret = html.split('<code class="user-select-all fs-6">')[1].split("<")[0]
    assert secret.startswith(tokens.PREFIX)
    assert secret not in client.get("/api-tokens").get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(ApiToken).where(ApiToken.name == "Labour exchange"))
        assert row.token_hash == tokens.digest(secret) and secret not in row.token_hash
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/measures", headers=headers).status_code == 200
    page = client.get("/api-tokens").get_data(as_text=True)
    unticked = client.post(f"/api-tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert unticked.status_code == 400  # the page again, its row's tick marked as the error
    shown = unticked.get_data(as_text=True)
    assert f'aria-describedby="revoke-error-{row.id}"' in shown
    assert f'<div class="invalid-feedback" id="revoke-error-{row.id}">Tick to confirm.' in shown
    assert client.get("/api/v1/measures", headers=headers).status_code == 200  # not ticked
    client.post(f"/api-tokens/{row.id}/revoke", data={"csrf_token": csrf_from(page),
                                                      "confirm": "y"})
    assert_error(client.get("/api/v1/measures", headers=headers), 401, "token_revoked")


def test_only_the_owner_or_an_admin_revokes_a_token(app, client, world):
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id).where(
            ApiToken.user_id == world["cw_id"]))
    login(client, "sv")
    page = client.get("/api-tokens").get_data(as_text=True)
    assert client.post(f"/api-tokens/{token_id}/revoke",
                       data={"csrf_token": csrf_from(page), "confirm": "y"}).status_code == 404
    assert client.get("/api/v1/measures", headers=auth(world)).status_code == 200
    login(client, "admin")
    page = client.get("/api-tokens").get_data(as_text=True)
    assert ">cw<" in page  # an admin sees everyone's tokens
    client.post(f"/api-tokens/{token_id}/revoke", data={"csrf_token": csrf_from(page),
                                                        "confirm": "y"})
    assert_error(client.get("/api/v1/measures", headers=auth(world)), 401)


def test_unknown_missing_or_malformed_tokens_get_401(client, world):
    for headers in ({}, {"Authorization": "Bearer cwk_nope"},
                    {"Authorization": world["tokens"]["cw"]},
                    {"Authorization": "Basic abc"}):
        error = assert_error(client.get("/api/v1/measures", headers=headers), 401)
        assert error["code"] == "unauthorized"


def test_an_inactive_user_s_token_stops_working(app, client, world):
    with app.app_context():
        db.session.get(User, world["cw_id"]).active = False
        db.session.commit()
    assert_error(client.get("/api/v1/measures", headers=auth(world)), 401, "user_inactive")


# ---- scope --------------------------------------------------------------------------------

def test_shymkent_caseworker_never_reaches_a_kyzylorda_person(client, world):
    sh, pid = auth(world, "sh"), world["grad"]
    assert_error(client.get(f"/api/v1/persons/{pid}", headers=sh), 404, "not_found")
    assert_error(client.get(f"/api/v1/persons/{pid}/eligibility", headers=sh), 404)
    assert_error(client.patch(f"/api/v1/persons/{pid}", json={"version": 1, "skills": "x"},
                              headers=sh), 404)
    found = client.post("/api/v1/persons/search", json={"name": "Жақ"}, headers=sh).get_json()
    assert found["items"] == []
    by_iin = client.post("/api/v1/persons/search", json={"iin": world["grad_iin"]},
                         headers=sh).get_json()
    assert by_iin["items"] == []
    mine = client.post("/api/v1/persons/search", json={"name": "осп"}, headers=sh).get_json()
    assert [p["id"] for p in mine["items"]] == [world["sh_person"]]
    listed = client.get("/api/v1/measures/youth_practice/candidates", headers=sh).get_json()
    assert world["grad"] not in [p["id"] for p in listed["items"]]
    assert_error(client.post("/api/v1/referrals", json={
        "person_id": pid, "measure_code": "youth_practice"},
        headers=auth(world, "sh", **{"Idempotency-Key": "k1"})), 404)


def test_roles_apply_as_on_the_pages(client, world):
    pid = world["grad"]
    officer = client.get(f"/api/v1/persons/{pid}", headers=auth(world, "officer"))
    assert officer.status_code == 200 and officer.get_json()["iin"] == world["grad_iin"]
    assert_error(client.patch(f"/api/v1/persons/{pid}", json={"version": 1, "skills": "x"},
                              headers=auth(world, "officer")), 403, "forbidden")
    assert_error(client.get(f"/api/v1/persons/{pid}", headers=auth(world, "analyst")), 404)
    assert_error(client.get("/api/v1/measures/youth_practice/candidates",
                            headers=auth(world, "analyst")), 403)
    assert_error(client.post("/api/v1/persons/search", json={"name": "Ж"},
                             headers=auth(world, "admin")), 403)


def test_reads_of_personal_data_are_audited_without_personal_data(app, client, world):
    client.get(f"/api/v1/persons/{world['grad']}", headers=auth(world))
    client.post("/api/v1/persons/search", json={"iin": world["grad_iin"]}, headers=auth(world))
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.user_id == world["cw_id"])).all()
        actions = {(e.action, e.record_id) for e in events}
        assert ("person.view", str(world["grad"])) in actions
        assert ("person.search_iin", str(world["grad"])) in actions
        assert all(world["grad_iin"] not in (e.record_id or "") for e in events)


# ---- persons ------------------------------------------------------------------------------

def register_body(**extra):
    return {"iin": valid_iin(), "last_name": "Сейтқали", "first_name": "Нұрлан",
            "consent_date": TODAY.isoformat(), "consent_basis": "written", **extra}


def test_register_applies_the_form_rules_with_the_same_iin_codes(app, client, world):
    good = valid_iin()
    bad_check = good[:11] + str((int(good[11]) + 1) % 10)
    error = assert_error(client.post("/api/v1/persons", json=register_body(iin=bad_check),
                                     headers=auth(world)), 422, "invalid_iin")
    assert error["fields"]["iin"][0]["code"] in ("checksum", "never_issued")
    child = make(date(clock.today().year - 12, 5, 5), "M", 1234)
    error = assert_error(client.post("/api/v1/persons", json=register_body(iin=child),
                                     headers=auth(world)), 422, "too_young")
    assert error["fields"]["iin"][0]["code"] == "too_young"
    error = assert_error(client.post("/api/v1/persons", json=register_body(iin="12345"),
                                     headers=auth(world)), 422)
    assert error["fields"]["iin"][0]["code"] == "length"
    error = assert_error(client.post("/api/v1/persons", json=register_body(
        last_name="", phone="12345"), headers=auth(world)), 422, "validation_error")
    assert error["fields"]["last_name"][0]["code"] == "required"
    assert "+7 7XX" in error["fields"]["phone"][0]["message"]
    error = assert_error(client.post("/api/v1/persons", json=register_body(
        first_name="<b>Asel</b>"), headers=auth(world)), 422, "validation_error")
    assert "letters only" in error["fields"]["first_name"][0]["message"]
    error = assert_error(client.post("/api/v1/persons", json={"iin": good},
                                     headers=auth(world)), 422)
    assert {"last_name", "first_name", "consent_date"} <= set(error["fields"])
    created = client.post("/api/v1/persons", json=register_body(phone="8 (701) 555 66 77"),
                          headers=auth(world))
    assert created.status_code == 201, created.get_json()
    person = created.get_json()
    assert person["phone"] == "+7 701 555 66 77" and person["birth_date"] == "1995-03-14"
    assert person["district_id"] == world["district"] and person["caseworker_id"] == world["cw_id"]
    assert_error(client.post("/api/v1/persons", json=register_body(), headers=auth(world)),
                 409, "already_registered")
    elsewhere = assert_error(client.post("/api/v1/persons", json=register_body(),
                                         headers=auth(world, "sh")), 409, "registered_elsewhere")
    assert good not in elsewhere["message"]
    assert_error(client.post("/api/v1/persons", json=register_body(),
                             headers=auth(world, "officer")), 403)


def test_patch_records_history_and_a_stale_version_gets_409(app, client, world):
    pid = world["grad"]
    person = client.get(f"/api/v1/persons/{pid}", headers=auth(world)).get_json()
    changed = client.patch(f"/api/v1/persons/{pid}", headers=auth(world), json={
        "version": person["version"], "skills": "Excel, 1C", "household_size": 3})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["version"] > person["version"]
    assert changed.get_json()["phone"] == "+7 701 111 22 33"  # untouched fields stay
    stale = assert_error(client.patch(f"/api/v1/persons/{pid}", headers=auth(world),
                                      json={"version": person["version"], "skills": "Word"}),
                         409, "stale")
    assert stale["fields"] == {}
    with app.app_context():
        fields = set(db.session.scalars(select(FieldChange.field).where(
            FieldChange.person_id == pid)))
        assert fields == {"skills", "household_size"}
        saved = db.session.get(Person, pid)
        assert saved.skills == "Excel, 1C" and saved.version == changed.get_json()["version"]
    error = assert_error(client.patch(f"/api/v1/persons/{pid}", headers=auth(world), json={
        "version": changed.get_json()["version"], "phone": "not a phone"}), 422)
    assert set(error["fields"]) == {"phone"}
    assert_error(client.patch(f"/api/v1/persons/{pid}", headers=auth(world), json={
        "skills": "x"}), 422)


def test_eligibility_lists_every_active_measure_with_reasons(client, world):
    body = client.get(f"/api/v1/persons/{world['grad']}/eligibility",
                      headers=auth(world)).get_json()
    by_code = {m["measure_code"]: m for m in body["measures"]}
    assert by_code["youth_practice"]["status"] == "passed"
    assert all(o["sentence"] for m in body["measures"] for o in m["outcomes"])


def test_measures_and_candidates(client, world):
    measures = client.get("/api/v1/measures", headers=auth(world, "analyst")).get_json()
    assert len(measures["items"]) == 12
    listed = client.get(f"/api/v1/measures/youth_practice/candidates?district={world['district']}",
                        headers=auth(world, "officer")).get_json()
    assert [p["id"] for p in listed["items"]] == [world["grad"]]
    assert listed["items"][0]["iin_masked"].endswith("******")
    assert_error(client.get("/api/v1/measures/nope/candidates", headers=auth(world)), 404)


# ---- errors -------------------------------------------------------------------------------

def test_every_error_status_has_the_one_json_shape(app, client, world, monkeypatch):
    h = auth(world)
    assert_error(client.post("/api/v1/persons/search", data="{not json",
                             content_type="application/json", headers=h), 400)
    assert_error(client.get("/api/v1/persons/1"), 401)
    assert_error(client.get("/api/v1/measures/youth_practice/candidates",
                            headers=auth(world, "analyst")), 403)
    assert_error(client.get("/api/v1/persons/999999", headers=h), 404)
    assert_error(client.get("/api/v1/no-such-thing", headers=h), 404)
    assert_error(client.delete("/api/v1/measures", headers=h), 405)
    assert_error(client.patch(f"/api/v1/persons/{world['grad']}", headers=h,
                              json={"version": 99}), 409, "stale")
    error = assert_error(client.post("/api/v1/persons/search", json={"nme": "x"}, headers=h),
                         422)
    assert "nme" in error["fields"]
    with app.test_request_context("/api/v1/measures"):
        response = app.handle_http_exception(TooManyRequests())
        assert response.status_code == 429
        assert response.get_json()["error"]["code"] == "too_many_requests"

    def broken(*_a, **_k):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("caseworker.api.measures.queries.catalogue", broken)
    error = assert_error(client.get("/api/v1/measures", headers=h), 500, "server_error")
    assert "secret detail" not in error["message"]


def test_pages_keep_their_html_errors(client, world):
    login(client, "cw")
    response = client.get("/people/999999")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_openapi_document_and_its_page(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/persons/search", "/api/v1/referrals/{referral_id}/transitions"} <= set(
        spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "POST /api/v1/persons/search" in html and "Idempotency-Key" in html
    assert "<script>" not in html
