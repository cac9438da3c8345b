"""The doors of the answer link only translate: a refusal of the use case (even one it makes
up) is what the page says; guessing is rate-limited; the API makes a new link."""
from __future__ import annotations

from caseworker import create_app
from caseworker.extensions import db, limiter
from caseworker.models import Referral
from caseworker.partners import operations
from caseworker.refusals import Refused
from tests.conftest import csrf_from
from tests.partners.conftest import TODAY, code_of, referred, status_of, text


def test_the_page_says_what_the_use_case_refuses(app, anonymous, world, monkeypatch):
    [referral_id] = referred(app, world)
    code = code_of(app, referral_id)
    page = text(anonymous.get(f"/a/{code}"))

    def made_up(*args, **kwargs):
        raise Refused("made_up", "A rule of the use case says no.", status=409)
    monkeypatch.setattr(operations, "check_answer", made_up)
    version = page.split('name="version" type="hidden" value="')[1].split('"')[0]
    answer = anonymous.post(f"/a/{code}", data={
        "csrf_token": csrf_from(page), "answer": "started", "on": TODAY.isoformat(),
        "version": version})
    assert answer.status_code == 409 and "A rule of the use case says no." in text(answer)
    assert status_of(app, referral_id) == "referred"


def test_guessing_links_is_rate_limited(app, world):
    limited = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "RATELIMIT_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": "memory://"})
    try:
        with limited.app_context():
            limiter.reset()
        client = limited.test_client()
        codes = [client.get(f"/a/{'A' * 19}{ch}").status_code
                 for ch in "BCDEFGHJKLMNPQRSTUVWXYZ23456789"]
    finally:  # the limiter is the app's one extension: back to the tests' setting
        with limited.app_context():
            limiter.reset()
        limiter.enabled = app.config["RATELIMIT_ENABLED"]
    assert codes[:30] == [404] * 30 and codes[30] == 429


def test_the_api_makes_a_new_link_and_the_old_one_ends(app, client, anonymous, world):
    [referral_id] = referred(app, world)
    old = code_of(app, referral_id)
    headers = {"Authorization": f"Bearer {world['tokens']['cw']}"}
    made = client.post(f"/api/v1/referrals/{referral_id}/answer-link", headers=headers)
    assert made.status_code == 201
    body = made.get_json()
    new = code_of(app, referral_id)
    assert body["code"].replace("-", "") == new and body["url"].endswith("/a/" + new)
    assert anonymous.get(f"/a/{old}").status_code == 404
    assert anonymous.get(f"/a/{new}").status_code == 200
    with app.app_context():
        db.session.get(Referral, referral_id).status = "cancelled"
        db.session.commit()
    closed = client.post(f"/api/v1/referrals/{referral_id}/answer-link", headers=headers)
    assert closed.status_code == 409
    assert closed.get_json()["error"]["code"] == "no_letter_in_force"


def test_a_caseworker_enters_the_employers_reason_through_the_same_step(app, client, world):
    from tests.conftest import login
    from tests.referrals.conftest import step_data
    [by_page, by_api] = referred(app, world, count=2)
    login(client, "cw")
    url = f"/referrals/{by_page}"
    page = text(client.get(url))
    assert 'name="declined-employer_reason"' in page
    data = step_data(page, "declined", reason="employer_refused") | {
        "declined-employer_reason": "experience"}
    client.post(url + "/transition", data=data)
    wrong = {"to": "declined", "reason": "found_work", "employer_reason": "experience"}
    headers = {"Authorization": f"Bearer {world['tokens']['cw']}"}
    refused = client.post(f"/api/v1/referrals/{by_api}/transitions", headers=headers, json=wrong)
    assert refused.status_code == 422 and status_of(app, by_api) == "referred"
    right = wrong | {"reason": "employer_refused"}
    done = client.post(f"/api/v1/referrals/{by_api}/transitions", headers=headers, json=right)
    assert done.status_code == 200
    assert done.get_json()["events"][-1]["employer_reason"] == "experience"
    with app.app_context():
        for referral_id in (by_page, by_api):
            step = db.session.get(Referral, referral_id).events[-1]
            assert (step.reason, step.employer_reason, step.provider_id) == (
                "employer_refused", "experience", None)


def test_answers_sent_at_the_same_moment_record_one(app, world):
    """Ten submissions of the same answer (a double tap, a replay) released together: one step
    is recorded, the others are refused as answered already (or stale, or busy)."""
    from sqlalchemy import func, select

    from caseworker.models import ReferralEvent
    from caseworker.referrals import answer_links
    from tests.referrals.conftest import at_once
    [referral_id] = referred(app, world)
    code = code_of(app, referral_id)
    with app.app_context():
        version = db.session.get(Referral, referral_id).version
        steps = db.session.scalar(select(func.count()).select_from(ReferralEvent))

    def send(_n):
        return operations.answer(answer_links.find(code), "started", TODAY,
                                 seen_version=version).id

    done, refused = at_once(app, send, range(10))
    assert len(done) == 1 and set(refused) <= {"already_answered", "stale", "busy"}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReferralEvent)) == steps + 1


def test_a_reissued_letter_carries_a_new_link_and_the_old_one_ends(app, anonymous, world):
    from caseworker.models import User
    from caseworker.referrals import operations as referrals
    [referral_id] = referred(app, world)
    old = code_of(app, referral_id)
    with app.app_context():
        referrals.reissue_letter(db.session.get(Referral, referral_id),
                                 db.session.get(User, world["cw"]))
        db.session.commit()
    new = code_of(app, referral_id)
    assert new != old
    assert anonymous.get(f"/a/{old}").status_code == 404
    assert anonymous.get(f"/a/{new}").status_code == 200
