"""The two doors of each use case, the pages and the API, only translate what the operation
answers: a refusal the operation makes up is shown by both as it was given, and the API's
outcome and follow-up calls answer with the operations' codes."""
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from caseworker.extensions import db
from caseworker.models import FollowUp, Outcome, Person, Referral, User
from caseworker.referrals import operations, outcomes
from caseworker.refusals import Refused, committed
from tests.conftest import csrf_from, login
from tests.referrals.conftest import (
    TODAY, bearer, pdf_text, proposed, referred, started, step_data, text)

MADE_UP = "A made-up refusal"


def _refuse(*_args, **_kwargs):
    raise Refused("made_up", MADE_UP)


def _api_says_it(response):
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["error"] == {"code": "made_up", "message": MADE_UP, "fields": {}}


def _with_follow_up(app, world) -> tuple[int, int]:
    referral_id = started(app, world)[0]
    with app.app_context():
        outcome = outcomes.record_outcome(db.session.get(Referral, referral_id),
                                          db.session.get(User, world["cw"]),
                                          kind="permanent_job", start_on=TODAY)
        db.session.commit()
        return referral_id, outcome.follow_ups[0].id


def test_refer(app, client, world, monkeypatch):
    monkeypatch.setattr(operations, "refer", _refuse)
    login(client, "cw")
    url = f"/people/{world['grad']}/refer/youth_practice"
    page = text(client.get(url))
    token = page.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    shown = client.post(url, data={"csrf_token": csrf_from(page), "form_token": token,
                                   "provider_id": str(world["provider"])})
    assert shown.status_code == 200 and MADE_UP in text(shown)
    _api_says_it(client.post("/api/v1/referrals", headers=bearer(
        world, **{"Idempotency-Key": "k"}), json={"person_id": world["grad"],
                                                  "measure_code": "youth_practice"}))


def test_transition(app, client, world, monkeypatch):
    url = f"/referrals/{proposed(app, world)[0]}"
    monkeypatch.setattr(operations, "transition", _refuse)
    login(client, "cw")
    shown = client.post(url + "/transition", data=step_data(text(client.get(url)), "referred"),
                        follow_redirects=True)
    assert MADE_UP in text(shown)
    _api_says_it(client.post(f"/api/v1{url}/transitions", headers=bearer(world),
                             json={"to": "referred", "on": TODAY.isoformat()}))


def test_set_provider(app, client, world, monkeypatch):
    url = f"/referrals/{proposed(app, world)[0]}"
    monkeypatch.setattr(operations, "set_provider", _refuse)
    login(client, "cw")
    shown = client.post(url + "/provider", data={"csrf_token": csrf_from(text(client.get(url))),
                                                 "provider_id": str(world["provider"])},
                        follow_redirects=True)
    assert MADE_UP in text(shown)
    _api_says_it(client.put(f"/api/v1{url}/provider", headers=bearer(world),
                            json={"provider_id": world["provider"]}))


def test_reissue_letter(app, client, world, monkeypatch):
    url = f"/referrals/{referred(app, world)[0]}"
    monkeypatch.setattr(operations, "reissue_letter", _refuse)
    login(client, "cw")
    shown = client.post(url + "/reissue", data={
        "reissue-csrf_token": csrf_from(text(client.get(url))), "reissue-confirm": "y"},
        follow_redirects=True)
    assert MADE_UP in text(shown)


def test_record_outcome(app, client, world, monkeypatch):
    url = f"/referrals/{referred(app, world)[0]}"
    monkeypatch.setattr(outcomes, "record_outcome", _refuse)
    login(client, "cw")
    shown = client.post(url + "/outcome", data={
        "csrf_token": csrf_from(text(client.get(url))), "kind": "permanent_job",
        "start_on": TODAY.isoformat()}, follow_redirects=True)
    assert MADE_UP in text(shown)
    _api_says_it(client.post(f"/api/v1{url}/outcome", headers=bearer(world), json={
        "kind": "permanent_job", "start_on": TODAY.isoformat()}))


def test_follow_up(app, client, world, monkeypatch):
    referral_id, follow_up_id = _with_follow_up(app, world)
    monkeypatch.setattr(outcomes, "check_follow_up", _refuse)
    login(client, "cw")
    page = text(client.get(f"/referrals/{referral_id}"))
    shown = client.post(f"/follow-ups/{follow_up_id}", data={
        "csrf_token": csrf_from(page), "still_employed": "yes", "source": "employer",
        "on": TODAY.isoformat()}, follow_redirects=True)
    assert MADE_UP in text(shown)
    _api_says_it(client.post(f"/api/v1/follow-ups/{follow_up_id}", headers=bearer(world),
                             json={"still_employed": True, "source": "employer",
                                   "on": TODAY.isoformat()}))


# --- the API's outcome, follow-up and letter -------------------------------------------------

def test_the_api_records_an_outcome_once(app, client, world):
    referral_id = started(app, world)[0]
    url = f"/api/v1/referrals/{referral_id}/outcome"
    early = client.post(url, headers=bearer(world), json={
        "kind": "permanent_job", "start_on": "2000-01-01"})
    error = early.get_json()["error"]
    assert early.status_code == 422 and error["code"] == "before_referral"
    assert "This is before the referral was made" in error["fields"]["start_on"][0]["message"]
    made = client.post(url, headers=bearer(world), json={
        "kind": "permanent_job", "start_on": TODAY.isoformat(), "employer": "ТОО «Сыр»",
        "wage_kzt": 200000})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["kind"] == "permanent_job" and [f["months"] for f in body["follow_ups"]] == [
        3, 6, 12]
    again = client.post(url, headers=bearer(world), json={
        "kind": "not_employed", "start_on": TODAY.isoformat()})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "outcome_recorded"
    officer = client.post(url, headers=bearer(world, "ro"), json={
        "kind": "not_employed", "start_on": TODAY.isoformat()})
    assert officer.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Outcome.employer)) == "ТОО «Сыр»"
        assert db.session.get(Person, world["grad"]).status == "active"  # another person


def test_the_api_records_a_follow_up_check_once(app, client, world):
    _referral_id, follow_up_id = _with_follow_up(app, world)
    url = f"/api/v1/follow-ups/{follow_up_id}"
    future = client.post(url, headers=bearer(world), json={
        "still_employed": True, "source": "employer", "on": "2999-01-01"})
    assert future.status_code == 422 and "on" in future.get_json()["error"]["fields"]
    done = client.post(url, headers=bearer(world), json={
        "still_employed": None, "source": "could_not_verify", "on": TODAY.isoformat()})
    assert done.status_code == 200 and done.get_json()["checked_on"] == TODAY.isoformat()
    again = client.post(url, headers=bearer(world), json={
        "still_employed": True, "source": "employer", "on": TODAY.isoformat()})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_checked"
    assert client.post("/api/v1/follow-ups/2147483647", headers=bearer(world), json={
        "source": "employer", "on": TODAY.isoformat()}).status_code == 404
    with app.app_context():
        assert db.session.get(FollowUp, follow_up_id).source == "could_not_verify"


@pytest.mark.parametrize("who", ["cw", "ro"])
def test_the_api_prints_the_letter_in_force(app, client, world, who):
    referral_id = referred(app, world)[0]
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        number, code, name = (referral.letters[0].number, referral.letters[0].code,
                              referral.person.full_name)
    printed = client.get(f"/api/v1/referrals/{referral_id}/letter.pdf", headers=bearer(world, who))
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    extracted = pdf_text(printed.data)
    assert number in extracted and code in extracted and name in extracted


def test_a_write_that_lost_the_race_for_the_lock_is_refused_as_busy(app):
    def locked():
        raise OperationalError("UPDATE referral", {}, Exception("database is locked"))

    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Refused) as caught:
            committed(locked)
        assert caught.value.code == "busy" and caught.value.status == 409
        assert committed(lambda: 42) == 42


def test_the_referral_doors_and_workflow_name_no_role():
    """Who may do what is asked of the policy (`can`, `require`), never read from a role."""
    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("caseworker/referrals/*.py"), root / "caseworker/api/referrals.py",
             root / "caseworker/domain/workflow.py", *root.glob("templates/referrals/*.html")]
    role = re.compile(r"""["'](caseworker|supervisor|regional_officer|analyst|admin)["']|\.role\b""")
    found = [f"{path.name}:{n}" for path in files
             for n, line in enumerate(path.read_text().splitlines(), 1) if role.search(line)]
    assert len(files) > 10 and found == []
