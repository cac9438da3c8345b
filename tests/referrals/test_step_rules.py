"""`operations.transition`, `set_provider` and `reissue_letter`: every rule they keep, by the
code they refuse with, and what each step writes (events, letters, audit)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import AuditEvent, Letter, Person, Referral, User
from caseworker.referrals import operations
from tests import factories as f
from tests.referrals.conftest import KYZYLORDA, TODAY, count, refused, young


@pytest.fixture
def at(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        cw, sv = db.session.get(User, world["cw"]), db.session.get(User, world["sv"])
        grad = db.session.get(Person, world["grad"])
        yield {"cw": cw, "sv": sv, "grad": grad, "provider": world["provider"],
               "far_provider": world["far_provider"], "region": world["region"],
               "district": world["district"],
               "referral": operations.refer(grad, "youth_practice", cw,
                                            on=TODAY - timedelta(days=10),
                                            provider_id=world["provider"])}
        db.session.rollback()


def audited(action: str) -> list[str]:
    return db.session.scalars(select(AuditEvent.record_id).where(
        AuditEvent.action == action)).all()


def test_referred_issues_one_numbered_letter(at):
    referral = at["referral"]
    letter = operations.transition(referral, "referred", TODAY, at["cw"], note="  ")
    assert (referral.status, referral.status_on) == ("referred", TODAY)
    assert letter.number == f"43-{TODAY.year}-000001" and letter.status == "genuine"
    assert [e.to_status for e in referral.events] == ["proposed", "referred"]
    assert referral.events[-1].note is None and referral.events[-1].user_id == at["cw"].id
    assert audited("referral.referred") == [str(referral.id)]
    assert audited("letter.issue") == [str(letter.id)]
    assert operations.transition(referral, "started", TODAY, at["cw"]) is None  # no new letter
    assert count(Letter) == 1


def test_a_step_not_allowed_from_the_status(at):
    refused("not_allowed", operations.transition, at["referral"], "completed", TODAY, at["cw"])
    refused("not_allowed", operations.transition, at["referral"], "nonsense", TODAY, at["cw"])


def test_approving_and_rejecting_is_for_whoever_may_approve(at):
    referral = operations.refer(at["grad"], "state_grant", at["sv"], on=TODAY,
                                override_reason="комиссия")
    refused("supervisor_only", operations.transition, referral, "approved", TODAY, at["cw"])
    refused("supervisor_only", operations.transition, at["referral"], "rejected", TODAY,
            at["cw"], "no_places")
    operations.transition(referral, "approved", TODAY, at["sv"])
    assert referral.status == "approved"


def test_the_date_it_happened(at):
    future = refused("future", operations.transition, at["referral"], "referred",
                     TODAY + timedelta(days=1), at["cw"])
    assert (future.field, future.status) == ("on", 422)
    refused("before_previous", operations.transition, at["referral"], "referred",
            TODAY - timedelta(days=11), at["cw"])


def test_a_coded_reason_and_a_note_for_other(at):
    assert refused("reason_required", operations.transition, at["referral"], "declined",
                   TODAY, at["cw"]).field == "reason"
    refused("reason_required", operations.transition, at["referral"], "declined", TODAY,
            at["cw"], "made_up")
    assert refused("note_required", operations.transition, at["referral"], "declined", TODAY,
                   at["cw"], "other", " ").field == "note"
    operations.transition(at["referral"], "declined", TODAY, at["cw"], "other", " учится ")
    assert at["referral"].reason == "other" and at["referral"].events[-1].note == "учится"


def test_the_letter_names_a_provider(at):
    referral = operations.refer(at["grad"], "public_works", at["cw"], on=TODAY)
    refused("no_provider", operations.transition, referral, "referred", TODAY, at["cw"])


def test_the_letter_takes_a_place(at):
    set_allocation("public_works", at["region"], at["district"], TODAY.year, 1, 0)
    first, second = (operations.refer(person, "public_works", at["cw"], on=TODAY,
                                      provider_id=at["provider"])
                     for person in (at["grad"], young(f.districts_of(KYZYLORDA)[0], "Екінші")))
    operations.transition(first, "referred", TODAY, at["cw"])  # the allocation's one place
    refused("no_places", operations.transition, second, "referred", TODAY, at["cw"])
    operations.transition(second, "cancelled", TODAY, at["cw"], "duplicate")  # needs none


def test_closing_a_referral_cancels_its_letter(at):
    letter = operations.transition(at["referral"], "referred", TODAY, at["cw"])
    operations.transition(at["referral"], "cancelled", TODAY, at["sv"], "entered_in_error")
    assert (letter.status, letter.cancelled_by_id) == ("cancelled", at["sv"].id)
    assert audited("letter.cancel") == [str(letter.id)]


def test_the_provider_is_named_before_the_letter(at):
    referral = at["referral"]
    for provider_id in (at["far_provider"], 10**6):
        error = refused("validation_error", operations.set_provider, referral, provider_id,
                        at["cw"])
        assert error.field == "provider_id" and "No active provider" in str(error)
    operations.set_provider(referral, at["provider"], at["cw"])
    assert audited("referral.provider") == [str(referral.id)]
    operations.transition(referral, "referred", TODAY, at["cw"])
    refused("letter_issued", operations.set_provider, referral, at["provider"], at["cw"])
    refused("validation_error", operations.set_provider, referral, at["far_provider"],
            at["cw"])  # the value is read before the state


def test_a_letter_is_reissued_only_while_it_is_in_force(at):
    referral = at["referral"]
    refused("not_allowed", operations.reissue_letter, referral, at["cw"])
    first = operations.transition(referral, "referred", TODAY, at["cw"])
    second = operations.reissue_letter(referral, at["cw"])
    assert (first.status, second.status) == ("cancelled", "genuine")
    assert second.number == f"43-{TODAY.year}-000002"
    operations.transition(referral, "declined", TODAY, at["cw"], "health")
    refused("not_allowed", operations.reissue_letter, referral, at["cw"])
    assert db.session.scalar(select(Referral.status)) == "declined"
