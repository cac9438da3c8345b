"""The organisation's answer page: opened with the link's code, answered in two steps (the
answer, then its confirmation), recorded as the caseworker's step would be, attributed to the
organisation; a wrong, changed or closed link says only that it is not valid."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import AuditEvent, Person, Referral, ReferralEvent
from caseworker.referrals import answer_links
from tests.conftest import csrf_from
from tests.partners.conftest import TODAY, code_of, referred, status_of, text


def _send(client, code, page, answer, on=TODAY, confirm=False, reason=""):
    data = {"csrf_token": csrf_from(page), "answer": answer, "on": on.isoformat(),
            "employer_reason": reason,
            "version": page.split('name="version" type="hidden" value="')[1].split('"')[0]}
    if confirm:
        data["confirm"] = "y"
    return client.post(f"/a/{code}", data=data)


def test_the_organisation_records_a_hire_after_confirming_it(app, anonymous, world):
    [referral_id] = referred(app, world, days_ago=3)
    code = code_of(app, referral_id)
    page = anonymous.get(f"/a/{answer_links.grouped(code).lower()}")  # as typed from paper
    shown = text(page)
    with app.app_context():
        person = db.session.get(Referral, referral_id).person
        name, iin = person.full_name, person.iin
    assert page.status_code == 200 and name in shown and iin not in shown
    assert page.headers["Cache-Control"] == "no-store"
    start = TODAY - timedelta(days=1)
    check = _send(anonymous, code, shown, "started", on=start)
    assert check.status_code == 200 and "Check your answer" in text(check)
    assert status_of(app, referral_id) == "referred"  # nothing saved by the first click
    done = _send(anonymous, code, text(check), "started", on=start, confirm=True)
    assert done.status_code == 303
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        step = referral.events[-1]
        assert (referral.status, referral.status_on) == ("started", start)
        assert step.user_id is None and step.provider_id == referral.provider_id
        audited = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "referral.started"))
        assert audited.user_id is None and audited.provider_id == referral.provider_id
    after = text(anonymous.get(f"/a/{code}"))
    assert "The answer is recorded" in after and "Continue" not in after


def test_a_replayed_answer_is_refused_and_changes_nothing(app, anonymous, world):
    [referral_id] = referred(app, world, days_ago=3)
    code = code_of(app, referral_id)
    page = text(anonymous.get(f"/a/{code}"))
    check = text(_send(anonymous, code, page, "started"))
    assert _send(anonymous, code, check, "started", confirm=True).status_code == 303
    with app.app_context():
        steps = db.session.scalar(select(db.func.count()).select_from(ReferralEvent))
    again = _send(anonymous, code, check, "started", confirm=True)
    assert again.status_code == 409 and "answered already" in text(again)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ReferralEvent)) == steps


def test_not_hired_needs_the_organisations_reason_and_closes_the_link(app, anonymous, world):
    [referral_id] = referred(app, world, days_ago=2)
    code = code_of(app, referral_id)
    page = text(anonymous.get(f"/a/{code}"))
    missing = _send(anonymous, code, page, "not_hired")
    assert missing.status_code == 422 and "Choose why the person was not hired" in text(missing)
    check = text(_send(anonymous, code, page, "not_hired", reason="position_filled"))
    done = _send(anonymous, code, check, "not_hired", reason="position_filled", confirm=True)
    assert done.status_code == 200 and "closed with your answer" in text(done)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert (referral.status, referral.reason) == ("declined", "employer_refused")
        assert referral.events[-1].employer_reason == "position_filled"
        assert all(letter.status == "cancelled" for letter in referral.letters)
    closed = anonymous.get(f"/a/{code}")
    assert closed.status_code == 404 and "This link is not valid" in text(closed)


def test_a_person_who_did_not_come(app, anonymous, world):
    [referral_id] = referred(app, world, days_ago=2)
    code = code_of(app, referral_id)
    page = text(anonymous.get(f"/a/{code}"))
    check = text(_send(anonymous, code, page, "did_not_come"))
    _send(anonymous, code, check, "did_not_come", confirm=True)
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert (referral.status, referral.reason) == ("declined", "did_not_come")


def test_a_date_the_workflow_refuses_is_said_beside_the_field(app, anonymous, world):
    [referral_id] = referred(app, world, days_ago=2)
    code = code_of(app, referral_id)
    page = text(anonymous.get(f"/a/{code}"))
    future = _send(anonymous, code, page, "started", on=TODAY + timedelta(days=1))
    before = _send(anonymous, code, page, "started", on=TODAY - timedelta(days=5))
    assert future.status_code == 422 and "cannot be in the future" in text(future)
    assert before.status_code == 422 and "earlier than the previous step" in text(before)
    assert status_of(app, referral_id) == "referred"


def test_guessed_changed_and_short_codes_say_only_that_the_link_is_not_valid(
        app, anonymous, world):
    [referral_id] = referred(app, world)
    code = code_of(app, referral_id)
    changed = code[:-1] + ("A" if code[-1] != "A" else "B")
    for wrong in (changed, code[:-1], code + "A", "A" * 20, "x" * 300):
        answer = anonymous.get(f"/a/{wrong}")
        assert answer.status_code == 404, wrong
        assert "This link is not valid" in text(answer) and "Тест" not in text(answer)
    token = csrf_from(text(anonymous.get(f"/a/{code}")))
    assert anonymous.post(f"/a/{changed}", data={"csrf_token": token}).status_code == 404


def test_the_caseworker_is_told_and_a_new_link_ends_the_old(app, client, anonymous, world):
    from tests.conftest import login
    [first, second] = referred(app, world, count=2)
    with app.app_context():
        for referral_id in (first, second):
            db.session.get(Referral, referral_id).person.caseworker_id = world["cw"]
        db.session.commit()
    old = code_of(app, second)
    page = text(anonymous.get(f"/a/{code_of(app, first)}"))
    check = text(_send(anonymous, code_of(app, first), page, "started"))
    _send(anonymous, code_of(app, first), check, "started", confirm=True)
    login(client, "cw")
    home = text(client.get("/"))
    assert "1 answer from partners not opened yet" in home
    listed = text(client.get("/partners/answers"))
    with app.app_context():
        assert db.session.get(Referral, first).person.last_name in listed
    shown = text(client.get(f"/referrals/{second}"))
    made = client.post(f"/referrals/{second}/answer-link", data={"csrf_token": csrf_from(shown)})
    assert made.status_code == 302
    assert anonymous.get(f"/a/{old}").status_code == 404
    assert anonymous.get(f"/a/{code_of(app, second)}").status_code == 200
