"""Nothing recorded by one click stays wrong: an outcome needs its participation and (for a job)
a confirmation; an outcome, a follow-up check or a contact recorded by mistake is voided with a
reason by its author or the district's supervisor, kept, and counted nowhere. The operations,
by refusal code."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.casework import operations as casework
from caseworker.extensions import db
from caseworker.indicators import queries, summary, tables
from caseworker.models import (
    AuditEvent, FollowUp, Interaction, Outcome, Person, Referral, RegistrationEpisode, User)
from caseworker.referrals import outcomes
from tests import voids_world
from tests.referrals.conftest import refused

TODAY = clock.today()
START = TODAY.replace(month=2, day=1)  # this year's: counted by this year's indicators
world = voids_world.world  # the fixture


@pytest.fixture
def at(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield {k: db.session.get(Referral if k in ("started", "referred", "vacancy") else
                                 Person if k == "person" else User, v)
               for k, v in world.items() if k != "tokens"}
        db.session.rollback()


def job(at, referral="started", by="cw", **kw) -> Outcome:
    return outcomes.record_outcome(at[referral], at[by], **{
        "kind": "permanent_job", "start_on": START, **kw})


# --- recording: the participation, and the confirmation of a job -----------------------------

def test_a_job_needs_the_participation_started(at):
    refused("not_started", job, at, referral="referred")
    assert at["person"].status == "active"
    none = outcomes.record_outcome(at["referred"], at["cw"], kind="not_employed", start_on=START)
    assert none.follow_ups == []


def test_a_referral_to_a_vacancy_is_its_participation(at):
    assert job(at, referral="vacancy").kind == "permanent_job"


def test_a_job_unconfirmed_records_nothing(at):
    assert refused("confirm_employed", job, at, confirmed=False).field == "confirm"
    assert db.session.scalar(select(func.count(Outcome.id))) == 0
    assert at["person"].status == "active"


# --- voiding an outcome -----------------------------------------------------------------------

def test_a_voided_job_puts_the_status_and_the_registration_back(at):
    outcome = job(at)
    assert at["person"].status == "employed"
    outcomes.void_outcome(outcome, at["cw"], reason=" wrong person ")
    assert (outcome.void_reason, outcome.voided_by_id) == ("wrong person", at["cw"].id)
    assert outcome.voided_at is not None and at["person"].status == "active"
    episode = db.session.scalar(select(RegistrationEpisode))
    assert (episode.deregistered_on, episode.reason) == (None, None)
    assert all(fu.voided_at for fu in outcome.follow_ups)  # no check is due any more
    db.session.expire_all()
    assert at["started"].outcome is None and len(at["started"].outcomes) == 1
    assert db.session.scalar(select(Person.placed_on)) is None
    assert db.session.scalar(select(Person.follow_up_due_on)) is None
    assert "outcome.void" in db.session.scalars(select(AuditEvent.action)).all()
    again = job(at, kind="temporary_job")  # the right outcome, after the voided one
    assert at["started"].outcome is again and at["person"].status == "employed"


def test_the_supervisor_of_the_district_may_void_anyones(at):
    outcomes.void_outcome(job(at), at["sv"], reason="duplicate")


@pytest.mark.parametrize("who", ["cw2", "sv.other"])
def test_no_one_else_may_void_an_outcome(at, who):
    outcome = job(at)
    refused("not_yours_to_void", outcomes.void_outcome, outcome, at[who], reason="x")
    assert outcome.voided_at is None


def test_an_outcome_is_voided_once_with_a_reason_and_confirmed(at):
    outcome = job(at)
    assert refused("void_reason_required", outcomes.void_outcome, outcome, at["cw"],
                   reason="  ").field == "reason"
    refused("confirm_void", outcomes.void_outcome, outcome, at["cw"], reason="x",
            confirmed=False)
    assert outcome.voided_at is None
    outcomes.void_outcome(outcome, at["cw"], reason="x")
    refused("already_void", outcomes.void_outcome, outcome, at["cw"], reason="x")


def test_the_placements_indicator_drops_by_one_after_a_void(at):
    region = at["person"].region_id
    period = queries.Period(TODAY.year, TODAY)

    def employed():
        live = tables.facts(period, Person.region_id).get(region, {}).get("employed", (0, 0))
        kept = summary.facts(period, region_id=region).get(region, {}).get("employed", (0, 0))
        assert live[0] == kept[0]  # the summary follows the records
        return live[0]

    before = employed()
    outcome = job(at)
    assert employed() == before + 1
    outcomes.void_outcome(outcome, at["cw"], reason="not this person")
    assert employed() == before


# --- voiding a follow-up check ----------------------------------------------------------------

def _checked(at, by="cw") -> FollowUp:
    check = job(at).follow_ups[0]
    return outcomes.check_follow_up(check, at[by], still_employed=True, source="employer",
                                    on=TODAY)


def test_a_check_needs_an_answer_unless_it_could_not_be_verified(at):
    check = job(at).follow_ups[0]
    assert refused("answer_required", outcomes.check_follow_up, check, at["cw"],
                   still_employed=None, source="employer", on=TODAY).field == "still_employed"


def test_a_voided_check_is_due_again(at):
    check = _checked(at)
    assert db.session.scalar(select(Person.follow_ups_checked)) == 1
    outcomes.void_follow_up(check, at["cw"], reason="the employer meant someone else")
    db.session.expire_all()
    months = [(fu.months, fu.checked_on, fu.voided_at is not None)
              for fu in check.outcome.follow_ups]
    assert months.count((3, None, False)) == 1 and (3, TODAY, True) in months
    assert db.session.scalar(select(Person.follow_ups_checked)) == 0
    assert "follow_up.void" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_check_is_voided_by_its_author_once_with_a_reason(at):
    check = _checked(at)
    refused("not_yours_to_void", outcomes.void_follow_up, check, at["cw2"], reason="x")
    refused("void_reason_required", outcomes.void_follow_up, check, at["cw"], reason="")
    refused("confirm_void", outcomes.void_follow_up, check, at["cw"], reason="x",
            confirmed=False)
    outcomes.void_follow_up(check, at["sv"], reason="x")
    refused("already_void", outcomes.void_follow_up, check, at["cw"], reason="x")
    refused("already_checked", outcomes.check_follow_up, check, at["cw"], still_employed=True,
            source="employer", on=TODAY)


def test_a_check_not_made_is_not_voided(at):
    refused("not_checked", outcomes.void_follow_up, job(at).follow_ups[1], at["cw"], reason="x")


# --- voiding a contact ------------------------------------------------------------------------

def _contact(at, by="cw", due_on=None) -> Interaction:
    return casework.record_contact(
        at["person"], at[by], at=datetime(TODAY.year, TODAY.month, TODAY.day) - timedelta(hours=2),
        channel="phone", topic="job_search", note="called", next_action="send a CV" if due_on
        else None, due_on=due_on, now=clock.now())


def test_a_voided_contact_and_its_task_count_nowhere(at):
    item = _contact(at, due_on=TODAY + timedelta(days=3))
    assert db.session.scalar(select(Person.next_due_on)) == TODAY + timedelta(days=3)
    casework.void_contact(item, at["cw"], reason="another person's call")
    db.session.expire_all()
    assert db.session.scalar(select(Person.last_contact_at)) is None
    assert db.session.scalar(select(Person.next_due_on)) is None
    assert item.void_reason == "another person's call"
    assert "interaction.void" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_contact_is_voided_by_its_author_once_with_a_reason(at):
    item = _contact(at)
    refused("not_yours_to_void", casework.void_contact, item, at["cw2"], reason="x")
    refused("not_yours_to_void", casework.void_contact, item, at["sv.other"], reason="x")
    refused("void_reason_required", casework.void_contact, item, at["cw"], reason=" ")
    refused("confirm_void", casework.void_contact, item, at["cw"], reason="x", confirmed=False)
    casework.void_contact(item, at["sv"], reason="x")
    refused("already_void", casework.void_contact, item, at["cw"], reason="x")
