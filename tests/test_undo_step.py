"""A referral's last step recorded by mistake is undone with a reason by whoever recorded it or
the district's supervisor: the referral goes back to where it stood, the step is kept as
undone and counts nowhere (indicators, allocation totals), a letter issued by it is
cancelled. The operation by refusal code, then the page and the API as its two doors."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.indicators.operations import summary_differences
from caseworker.indicators.queries import Period
from caseworker.models import (
    Allocation, AuditEvent, Contract, Referral, ReferralEvent, UndoneStep, User)
from caseworker.payments import totals
from caseworker.referrals import corrections, operations, outcomes
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import login
from tests.referrals.conftest import refused

TODAY = clock.today()
DAY = TODAY - timedelta(days=20)


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of("430000000")
        users = {"cw": f.user("cw", "caseworker", kz[0]), "cw2": f.user("cw2", "caseworker", kz[0]),
                 "sv": f.user("sv", "supervisor", kz[0]),
                 "sv.other": f.user("sv.other", "supervisor", kz[1])}
        person = f.registered_person(kz[0], since=DAY - timedelta(days=30))
        allocation = Allocation(measure_code="public_works", region_id=kz[0].region_id,
                                year=TODAY.year, places=5, funds_kzt=1_000_000)
        db.session.add(allocation)
        db.session.flush()
        referral = f.referral(person, "public_works", [("proposed", DAY)], allocation, 300_000)
        referral.provider_id = f.provider(kz[0].region_id).id
        db.session.commit()
        return {"referral": referral.id, "allocation": allocation.id,
                **{k: u.id for k, u in users.items()}}


@pytest.fixture
def at(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield {k: db.session.get(Referral if k == "referral" else
                                 Allocation if k == "allocation" else User, v)
               for k, v in world.items()}
        db.session.rollback()


def walk(at, *steps, by="cw"):
    for to, days in steps:
        operations.transition(at["referral"], to, DAY + timedelta(days=days), at[by],
                              reason="entered_in_error" if to == "cancelled" else None)
    db.session.flush()


def undo(at, by="cw", reason="typed on the wrong referral", confirmed=True):
    return corrections.undo_last_step(at["referral"], at[by], reason=reason,
                                      confirmed=confirmed)


def exact(at) -> bool:
    """The indicator summary and the allocation's totals agree with the rows."""
    db.session.flush()
    committed, paid_open, paid_closed = totals.counted([at["allocation"].id]).get(
        at["allocation"].id, (0, 0, 0))
    db.session.refresh(at["allocation"])
    kept = (at["allocation"].committed_kzt, at["allocation"].paid_open_kzt,
            at["allocation"].paid_closed_kzt)
    return (not summary_differences(Period(TODAY.year, TODAY))
            and kept == (committed, paid_open, paid_closed))


def test_a_start_typed_by_mistake_is_undone_and_counts_nowhere(at):
    walk(at, ("referred", 1), ("started", 3))
    undone = undo(at)
    referral = at["referral"]
    assert (referral.status, referral.status_on) == ("referred", DAY + timedelta(days=1))
    assert [e.to_status for e in referral.events] == ["proposed", "referred"]
    assert (undone.to_status, undone.happened_on, undone.user_id) == (
        "started", DAY + timedelta(days=3), at["cw"].id)
    assert (undone.undone_by_id, undone.undo_reason) == (at["cw"].id,
                                                         "typed on the wrong referral")
    assert any(letter.status == "genuine" for letter in referral.letters)  # its letter stays
    assert "referral.step_undone" in db.session.scalars(select(AuditEvent.action)).all()
    assert exact(at)
    walk(at, ("started", 5))  # the right step, after the undone one
    assert referral.status == "started"


def test_undoing_the_referral_cancels_its_letter(at):
    walk(at, ("referred", 1))
    undo(at)
    assert at["referral"].status == "proposed"
    assert [letter.status for letter in at["referral"].letters] == ["cancelled"]
    assert exact(at)


def test_undoing_a_cancellation_commits_the_funds_again(at):
    walk(at, ("referred", 1), ("cancelled", 2))
    db.session.refresh(at["allocation"])
    assert at["allocation"].committed_kzt == 0
    undo(at)
    assert at["referral"].status == "referred" and at["referral"].reason is None
    db.session.refresh(at["allocation"])
    assert at["allocation"].committed_kzt == 300_000
    assert exact(at)


def test_the_supervisor_undoes_anyones_step_and_no_one_else_does(at):
    walk(at, ("referred", 1))
    refused("not_yours_to_void", undo, at, by="cw2")
    refused("not_yours_to_void", undo, at, by="sv.other")
    undo(at, by="sv")
    assert at["referral"].status == "proposed"


@pytest.mark.parametrize("kw, code, field", [
    ({"reason": "  "}, "undo_reason_required", "reason"),
    ({"confirmed": False}, "confirm_undo", "confirm"),
])
def test_a_reason_and_a_tick_are_needed(at, kw, code, field):
    walk(at, ("referred", 1))
    assert refused(code, undo, at, **kw).field == field
    assert at["referral"].status == "referred"


def test_the_proposal_itself_stays(at):
    refused("first_step_stays", undo, at)


def test_what_rests_on_the_step_stops_it(at):
    walk(at, ("referred", 1), ("started", 2))
    outcome = outcomes.record_outcome(at["referral"], at["cw"], kind="not_employed",
                                      start_on=DAY + timedelta(days=4))
    refused("undo_outcome_first", undo, at)
    outcomes.void_outcome(outcome, at["cw"], reason="wrong")
    db.session.add(Contract(referral_id=at["referral"].id, starts_on=DAY, ends_on=TODAY,
                            position="worker", monthly_wage_kzt=85_000, entered_by_id=at["sv"].id))
    db.session.flush()
    refused("undo_money_first", undo, at)
    assert db.session.scalar(select(func.count(UndoneStep.id))) == 0


def test_a_cancelled_referral_does_not_reopen_beside_another_open_one(at):
    walk(at, ("cancelled", 1))
    f.referral(at["referral"].person, "public_works", [("proposed", DAY + timedelta(days=2))])
    refused("already_open", undo, at)
    assert db.session.scalar(select(func.count(ReferralEvent.id)).where(
        ReferralEvent.referral_id == at["referral"].id)) == 2


# --- the doors ---------------------------------------------------------------------------------

def _walked(app, world):
    with app.test_request_context():
        referral, cw = db.session.get(Referral, world["referral"]), db.session.get(User, world["cw"])
        operations.transition(referral, "referred", DAY + timedelta(days=1), cw)
        db.session.commit()


def test_the_page_undoes_with_a_reason_and_a_tick(client, app, world):
    _walked(app, world)
    login(client, "cw")
    page = client.get(f"/referrals/{world['referral']}").get_data(as_text=True)
    assert "Undo the last step" in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    url = f"/referrals/{world['referral']}/steps/undo"
    untouched = client.post(url, data={"csrf_token": token, "reason": "wrong"})
    assert untouched.status_code == 302
    with app.app_context():
        assert db.session.get(Referral, world["referral"]).status == "referred"
    done = client.post(url, data={"csrf_token": token, "reason": "wrong person", "confirm": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert "The step is undone" in done and "Undone" in done and "wrong person" in done
    with app.app_context():
        assert db.session.get(Referral, world["referral"]).status == "proposed"


def test_the_api_undoes_and_answers_refusals_with_their_codes(client, app, world):
    _walked(app, world)
    with app.app_context():
        from caseworker.api import tokens
        secret = tokens.create(db.session.get(User, world["cw2"]), "t")[1]
        mine = tokens.create(db.session.get(User, world["cw"]), "t")[1]
        db.session.commit()
    url = f"/api/v1/referrals/{world['referral']}/steps/undo"
    other = client.post(url, json={"reason": "x"}, headers={"Authorization": f"Bearer {secret}"})
    assert other.status_code == 403 and other.get_json()["error"]["code"] == "not_yours_to_void"
    done = client.post(url, json={"reason": "wrong person"},
                       headers={"Authorization": f"Bearer {mine}"})
    assert done.status_code == 200 and done.get_json()["status"] == "proposed"


def test_both_doors_only_translate_what_the_operation_says(client, app, world, monkeypatch):
    _walked(app, world)

    def made_up(*_args, **_kwargs):
        raise Refused("made_up_rule", "A rule made up for this test.", status=409)
    monkeypatch.setattr(corrections, "undo_last_step", made_up)
    with app.app_context():
        from caseworker.api import tokens
        secret = tokens.create(db.session.get(User, world["cw"]), "t")[1]
        db.session.commit()
    api = client.post(f"/api/v1/referrals/{world['referral']}/steps/undo", json={"reason": "x"},
                      headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 409 and api.get_json()["error"]["code"] == "made_up_rule"
    login(client, "cw")
    page = client.get(f"/referrals/{world['referral']}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    shown = client.post(f"/referrals/{world['referral']}/steps/undo",
                        data={"csrf_token": token, "reason": "x", "confirm": "y"},
                        follow_redirects=True).get_data(as_text=True)
    assert "A rule made up for this test." in shown



def test_the_page_says_why_a_step_with_an_outcome_is_not_offered(client, app, world):
    _walked(app, world)
    with app.test_request_context():
        referral, cw = db.session.get(Referral, world["referral"]), db.session.get(User, world["cw"])
        outcomes.record_outcome(referral, cw, kind="not_employed", start_on=DAY + timedelta(days=2))
        db.session.commit()
    login(client, "cw")
    page = client.get(f"/referrals/{world['referral']}").get_data(as_text=True)
    assert "Undo the last step" not in page and "void the outcome first" in page
