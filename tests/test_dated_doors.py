"""The doors of dated writes: the forms' date fields (today by default, the refusal beside
the field), the API's optional date fields (and their OpenAPI text), and a late entry seen in
the timeline, the access history and the audit export."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.api import tokens
from caseworker.casework import operations as casework
from caseworker.domain.event_dates import LATE_ENTRY_DAYS
from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.models import FollowUp, Person, Referral, RegistrationEpisode, User
from caseworker.referrals import operations as referrals
from tests import factories as f
from tests.conftest import csrf_from
from tests.people_client import NEW_IIN, page, post_form, register

TODAY = clock.today()
TOMORROW = TODAY + timedelta(days=1)
LONG_AGO = TODAY - timedelta(days=LATE_ENTRY_DAYS + 30)
FUTURE_MESSAGE = "The date cannot be in the future."


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of(f.KYZYLORDA)
        users = f.staff(cw="caseworker", sv="supervisor", admin="admin")
        grad = f.person(kz[0], last="Жақсылықова", first="Мөлдір", sex="F",
                        born=date(TODAY.year - 24, 1, 15), graduation_year=TODAY.year - 2,
                        experience_months=0, education_level="higher", status="active",
                        consent_date=date(2026, 3, 1), consent_basis="written")
        db.session.add(RegistrationEpisode(person_id=grad.id, registered_on=grad.registered_on))
        ids = {"person": grad.id, "provider": f.provider(kz[0].region_id).id,
               "token": tokens.create(users["cw"], "test")[1],
               **{name: u.id for name, u in users.items()}}
        db.session.commit()
        return ids


def bearer(world):
    return {"Authorization": f"Bearer {world['token']}"}


def field_value(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)


# --- the forms ---------------------------------------------------------------------------

def saved(app, query):
    with app.app_context():
        return db.session.scalar(query)


def test_the_registration_form_is_dated_today_and_takes_a_past_day(client, login_as, world,
                                                                   app):
    login_as("cw")
    first = post_form(client, "/people/register", {"step": "iin", "iin": NEW_IIN})
    assert field_value(page(first), "on") == TODAY.isoformat()
    future = register(client, on=TOMORROW.isoformat())
    assert future.status_code == 422 and FUTURE_MESSAGE in page(future)
    assert 'id="on"' in page(future) and "is-invalid" in page(future)
    born = register(client, on="1990-01-01")
    assert born.status_code == 422 and "before the person was born" in page(born)
    child = register(client, on="2010-05-01")  # 12 years old then
    assert child.status_code == 422 and "from the age of 16" in page(child)
    assert field_value(page(child), "on") == "2010-05-01"
    assert saved(app, select(Person.id).where(Person.iin == NEW_IIN)) is None
    done = register(client, on=LONG_AGO.isoformat())
    assert done.status_code == 302
    assert saved(app, select(Person.registered_on).where(Person.iin == NEW_IIN)) == LONG_AGO
    shown = page(client.get(done.headers["Location"]))
    assert "entered late, on" in shown and "late-entry" in shown


def referral_form(client, world, **data):
    url = f"/people/{world['person']}/refer/youth_practice"
    html = page(client.get(url))
    token = html.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    return client.post(url, data={"csrf_token": csrf_from(html), "form_token": token,
                                  "provider_id": str(world["provider"]), **data})


def test_the_referral_form_shows_the_date_refusal_beside_its_field(client, login_as, world,
                                                                   app):
    login_as("cw")
    html = page(client.get(f"/people/{world['person']}/refer/youth_practice"))
    assert field_value(html, "on") == TODAY.isoformat()
    future = referral_form(client, world, on=TOMORROW.isoformat())
    assert FUTURE_MESSAGE in page(future) and "is-invalid" in page(future)
    early = referral_form(client, world, on="2026-02-01")  # registered on 1 March
    assert "on or after the day the person was registered" in page(early)
    assert "Eligibility on 01.02.2026" in page(early)  # judged on the day typed
    assert saved(app, select(Referral.id)) is None
    done = referral_form(client, world, on="2026-03-10")
    assert done.status_code == 302
    assert saved(app, select(Referral.proposed_on)) == date(2026, 3, 10)


def test_a_plan_step_form_takes_the_day_it_was_agreed(client, login_as, world, app):
    from caseworker.models import PlanStep
    with app.test_request_context():
        person = db.session.get(Person, world["person"])
        casework.save_plan(person, db.session.get(User, world["cw"]), goal="работа",
                           on=date(2026, 3, 5), review_every_days=90, plan_id=None,
                           version=None, new_plan=False, today=TODAY)
        db.session.commit()
    login_as("cw")
    url = f"/people/{world['person']}/plan/steps"
    shown = post_form(client, url, {"text": "резюме", "due_on": "2026-04-01",
                                    "on": "2026-03-01"}, form_url=f"/people/{world['person']}")
    assert "on or after the day the plan was agreed" in page(shown)
    post_form(client, url, {"text": "резюме", "due_on": "2026-04-01", "on": "2026-03-06"},
              form_url=f"/people/{world['person']}")
    with app.app_context():
        assert db.session.scalars(select(PlanStep.agreed_on)).all() == [date(2026, 3, 6)]


# --- the API -----------------------------------------------------------------------------

def body(**extra):
    return {"iin": make(date(1995, 3, 14), "M", 777) or make(date(1995, 3, 14), "M", 778),
            "last_name": "Сейтқали", "first_name": "Нұрлан", "consent_date": "2026-01-10",
            "consent_basis": "written", **extra}


def test_the_api_registers_on_a_past_day_and_refuses_a_future_one(client, world):
    future = client.post("/api/v1/persons", json=body(on=TOMORROW.isoformat()),
                         headers=bearer(world))
    error = future.get_json()["error"]
    assert future.status_code == 422 and error["code"] == "future" and "on" in error["fields"]
    early = client.post("/api/v1/persons", json=body(on="1995-03-13"), headers=bearer(world))
    assert early.get_json()["error"]["code"] == "before_birth"
    made = client.post("/api/v1/persons", json=body(on="2025-01-10"), headers=bearer(world))
    assert made.status_code == 201 and made.get_json()["registered_on"] == "2025-01-10"
    today = client.post("/api/v1/persons", json=body(iin=make(date(1996, 2, 2), "M", 31)),
                        headers=bearer(world))
    assert today.get_json()["registered_on"] == TODAY.isoformat()


def test_the_api_steps_and_checks_default_to_today(client, world, app):
    with app.test_request_context():
        referral = referrals.refer(db.session.get(Person, world["person"]), "youth_practice",
                                   db.session.get(User, world["cw"]), on=date(2026, 3, 10),
                                   provider_id=world["provider"])
        db.session.commit()
        rid = referral.id
    url = f"/api/v1/referrals/{rid}/transitions"
    future = client.post(url, json={"to": "referred", "on": TOMORROW.isoformat()},
                         headers=bearer(world))
    assert future.status_code == 422 and future.get_json()["error"]["code"] == "future"
    early = client.post(url, json={"to": "referred", "on": "2026-03-09"}, headers=bearer(world))
    assert early.get_json()["error"]["code"] == "before_previous"
    back = client.post(url, json={"to": "referred", "on": "2026-03-11"}, headers=bearer(world))
    assert back.status_code == 200
    assert back.get_json()["letters"][0]["number"].startswith("43-2026-")
    started = client.post(url, json={"to": "started"}, headers=bearer(world))
    assert started.get_json()["status_on"] == TODAY.isoformat()
    outcome = client.post(f"/api/v1/referrals/{rid}/outcome", headers=bearer(world),
                          json={"kind": "permanent_job", "start_on": TODAY.isoformat()})
    check = outcome.get_json()["follow_ups"][0]["id"]
    done = client.post(f"/api/v1/follow-ups/{check}", json={
        "still_employed": True, "source": "employer"}, headers=bearer(world))
    assert done.status_code == 200 and done.get_json()["checked_on"] == TODAY.isoformat()
    with app.app_context():
        assert db.session.get(FollowUp, check).checked_at is not None


def test_the_openapi_document_says_the_dates_are_optional(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    person = schemas["PersonCreate"]["properties"]["on"]
    assert "left out: today" in person["description"] and "on" not in schemas[
        "PersonCreate"].get("required", [])
    assert "on" not in schemas["Transition"].get("required", [])


# --- a late entry in the audit -----------------------------------------------------------

def test_a_late_entry_is_late_in_the_access_history_and_the_audit_export(client, login_as,
                                                                          world, app):
    with app.test_request_context():
        casework.record_contact(db.session.get(Person, world["person"]),
                                db.session.get(User, world["cw"]), on=LONG_AGO,
                                channel="phone", topic="job_search", note="звонок",
                                next_action=None, due_on=None, now=clock.now())
        db.session.commit()
    login_as("sv")
    history = page(client.get(f"/people/{world['person']}/access"))
    assert "entered late" in history and LONG_AGO.strftime("%d.%m.%Y") in history
    login_as("admin")
    export = client.get(f"/admin/audit.csv?from={TODAY}&to={TODAY}").get_data(as_text=True)
    header, *rows = export.splitlines()
    assert header.rstrip().endswith("happened_on,late")
    contact = next(r for r in rows if "interaction.create" in r)
    assert contact.rstrip().endswith(f"{LONG_AGO.isoformat()},late")


def test_the_api_says_which_entries_were_entered_late(client, world):
    person = world["person"]
    contact = client.post(f"/api/v1/persons/{person}/contacts", headers=bearer(world), json={
        "at": f"{LONG_AGO.isoformat()}T10:00:00", "channel": "phone", "topic": "job_search", "note": "звонок"})
    today = client.post(f"/api/v1/persons/{person}/contacts", headers=bearer(world), json={
        "channel": "phone", "topic": "job_search", "note": "звонок"})
    assert contact.status_code == 201, contact.get_json()
    assert (contact.get_json()["entered_late"], today.get_json()["entered_late"]) == (True,
                                                                                      False)
    made = client.post("/api/v1/referrals", headers=bearer(world), json={
        "person_id": person, "measure_code": "youth_practice", "on": LONG_AGO.isoformat(),
        "provider_id": world["provider"]}).get_json()
    url = f"/api/v1/referrals/{made['id']}"
    moved = client.post(url + "/transitions", headers=bearer(world), json={"to": "referred"})
    assert [e["entered_late"] for e in moved.get_json()["events"]] == [True, False]
    client.post(url + "/transitions", headers=bearer(world), json={"to": "started"})
    outcome = client.post(url + "/outcome", headers=bearer(world), json={
        "kind": "permanent_job", "start_on": TODAY.isoformat()}).get_json()
    assert outcome["entered_late"] is False
    listed = client.get(f"/api/v1/persons/{person}/contacts", headers=bearer(world))
    assert sorted(c["entered_late"] for c in listed.get_json()["items"]) == [False, True]
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for name in ("Event", "Contact", "Outcome", "FollowUp"):
        assert schemas[name]["properties"]["entered_late"]["type"] == "boolean"
