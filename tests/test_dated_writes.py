"""Every write of an event takes the day it happened (`on`): for each event, a past day is
kept beside when and by whom it was entered, a day in the future and a day before what the
event follows are refused with their codes, and an entry made long after is late in the
person's timeline and in the audit. The operations, called directly."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.casework import operations as casework
from caseworker.casework.timeline import timeline
from caseworker.domain.event_dates import LATE_ENTRY_DAYS
from caseworker.domain.iin import make, parse
from caseworker.extensions import db
from caseworker.models import (
    AuditEvent, FollowUp, Interaction, Person, Referral, RegistrationEpisode, User)
from caseworker.people import operations as people
from caseworker.referrals import operations as referrals, outcomes
from tests import factories as f
from tests.people_client import refused

TODAY = clock.today()
TOMORROW = TODAY + timedelta(days=1)
LONG_AGO = TODAY - timedelta(days=LATE_ENTRY_DAYS + 30)  # entered today: late
REGISTERED = date(TODAY.year - 1, 6, 1)  # a registration of last year
VALUES = {"last_name": "Серікова", "first_name": "Дана", "patronymic": None, "phone": None,
          "consent_date": REGISTERED, "consent_basis": "written"}


@pytest.fixture
def w(app):
    """Inside a request: a caseworker and a supervisor of a district of Kyzylorda region, a
    young graduate registered on REGISTERED (eligible for youth practice), a provider."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        kz = f.districts_of(f.KYZYLORDA)
        cw, sv = f.user("cw", "caseworker", kz[0]), f.user("sv", "supervisor", kz[0])
        grad = f.person(kz[0], last="Жақсылықова", first="Мөлдір", sex="F",
                        born=date(TODAY.year - 24, 1, 15), graduation_year=TODAY.year - 2,
                        experience_months=0, education_level="higher", status="active")
        grad.registered_on = REGISTERED
        db.session.add(RegistrationEpisode(person_id=grad.id, registered_on=REGISTERED))
        provider = f.provider(kz[0].region_id)
        db.session.commit()
        yield {"cw": cw, "sv": sv, "person": grad, "provider": provider.id}
        db.session.rollback()


def entry(person: Person, kind: str):
    return next(e for e in timeline(person.id) if e.kind == kind)


def audit_of(action: str) -> AuditEvent:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id.desc())).first()


def refer(w, on: date) -> Referral:
    return referrals.refer(w["person"], "youth_practice", w["cw"], on=on,
                           provider_id=w["provider"])


# --- registration, deregistration, return --------------------------------------------------

def info(born=date(1998, 4, 12), serial=4321):
    return parse(make(born, "F", serial), TODAY)


def test_a_registration_is_dated_the_day_it_happened(w):
    person = people.register(info(), VALUES, w["cw"], TODAY, on=LONG_AGO)
    episode = db.session.scalar(select(RegistrationEpisode).where(
        RegistrationEpisode.person_id == person.id))
    assert person.registered_on == episode.registered_on == LONG_AGO
    assert episode.opened_by_id == w["cw"].id and episode.opened_at is not None
    assert audit_of("person.create").happened_on == LONG_AGO
    assert entry(person, "registered").late
    on_the_day = people.register(info(serial=4322), VALUES, w["cw"], TODAY,
                                 confirm_duplicate=True)
    assert on_the_day.registered_on == TODAY and not entry(on_the_day, "registered").late


def test_a_registration_in_the_future_before_birth_or_under_age_is_refused(w):
    refused("future", lambda: people.register(info(), VALUES, w["cw"], TODAY, on=TOMORROW))
    refused("before_birth", lambda: people.register(info(), VALUES, w["cw"], TODAY,
                                                    on=date(1998, 4, 11)))
    # of registration age on the day it happened, not today
    refused("too_young", lambda: people.register(info(), VALUES, w["cw"], TODAY,
                                                 on=date(2010, 1, 1)))
    assert db.session.scalar(select(Person.id).where(Person.iin == info().iin)) is None


def test_a_deregistration_and_a_return_are_dated(w):
    person = w["person"]
    refused("future", lambda: people.deregister(person, "moved", TOMORROW, w["cw"], TODAY))
    refused("before_registration", lambda: people.deregister(
        person, "moved", REGISTERED - timedelta(days=1), w["cw"], TODAY))
    left = REGISTERED + timedelta(days=40)
    episode = people.deregister(person, "moved", on=left, user=w["cw"], today=TODAY)
    assert (episode.deregistered_on, episode.closed_at is not None) == (left, True)
    assert entry(person, "deregistered").late
    assert audit_of("person.deregister").happened_on == left
    refused("before_deregistration", lambda: people.reregister(
        person, left - timedelta(days=1), w["cw"], TODAY))
    refused("future", lambda: people.reregister(person, TOMORROW, w["cw"], TODAY))
    back = people.reregister(person, on=left + timedelta(days=10), user=w["cw"], today=TODAY)
    assert back.registered_on == left + timedelta(days=10) and back.opened_at is not None
    assert person.registered_on == back.registered_on


# --- referrals: the proposal and every step --------------------------------------------------

def test_a_referral_back_dated_takes_that_day_and_its_letter_that_year(w):
    proposed = date(TODAY.year - 1, 9, 1)
    referral = refer(w, proposed)
    assert referral.proposed_on == referral.status_on == proposed
    assert referral.events[0].happened_on == proposed
    assert referral.rules_version == f.version_number("youth_practice", proposed)
    letter = referrals.transition(referral, "referred", proposed + timedelta(days=9), w["cw"])
    assert letter.issued_on == proposed + timedelta(days=9)
    assert letter.number == f"43-{proposed.year}-000001"  # the year of the referred day
    assert audit_of("letter.issue").happened_on == letter.issued_on
    assert entry(w["person"], "referral").late
    this_year = refer_again(w)
    assert this_year.number == f"43-{TODAY.year}-000001"  # each year counts on its own


def refer_again(w):
    referral = referrals.refer(w["person"], "public_works", w["sv"], on=TODAY,
                               provider_id=w["provider"], override_reason="test")
    return referrals.transition(referral, "referred", TODAY, w["sv"])


def test_a_referral_in_the_future_or_before_the_registration_is_refused(w):
    refused("future", lambda: refer(w, TOMORROW))
    refused("referral_before_registration", lambda: refer(w, REGISTERED - timedelta(days=1)))
    assert db.session.scalar(select(Referral.id)) is None


def test_a_step_in_the_future_or_before_the_last_step_is_refused(w):
    referral = refer(w, date(TODAY.year - 1, 9, 1))
    refused("future", lambda: referrals.transition(referral, "referred", TOMORROW, w["cw"]))
    referral = db.session.get(Referral, referral.id)
    refused("before_previous", lambda: referrals.transition(
        referral, "referred", date(TODAY.year - 1, 8, 31), w["cw"]))
    referral = db.session.get(Referral, referral.id)
    referrals.transition(referral, "referred", on=date(TODAY.year - 1, 9, 5), user=w["cw"])
    refused("before_previous", lambda: referrals.transition(
        db.session.get(Referral, referral.id), "started", date(TODAY.year - 1, 9, 4), w["cw"]))
    referrals.transition(db.session.get(Referral, referral.id), "started",
                         on=date(TODAY.year - 1, 9, 5), user=w["cw"])
    steps = [e.happened_on for e in db.session.get(Referral, referral.id).events]
    assert steps == [date(TODAY.year - 1, 9, 1), date(TODAY.year - 1, 9, 5),
                     date(TODAY.year - 1, 9, 5)]


def test_a_step_entered_on_the_day_is_not_late(w):
    referral = refer(w, TODAY)
    assert not entry(w["person"], "referral").late
    assert referral.events[0].recorded_at is not None


# --- an outcome and its checks ---------------------------------------------------------------

@pytest.fixture
def started(w):
    referral = refer(w, date(TODAY.year - 1, 9, 1))
    referrals.transition(referral, "referred", date(TODAY.year - 1, 9, 2), w["cw"])
    referrals.transition(referral, "started", date(TODAY.year - 1, 9, 3), w["cw"])
    db.session.commit()
    return referral


def test_an_outcome_takes_the_day_it_happened(w, started):
    refused("future", lambda: outcomes.record_outcome(started, w["cw"], kind="permanent_job",
                                                      on=TOMORROW))
    refused("before_referral", lambda: outcomes.record_outcome(
        db.session.get(Referral, started.id), w["cw"], kind="permanent_job",
        on=date(TODAY.year - 1, 8, 31)))
    began = date(TODAY.year - 1, 10, 1)
    outcome = outcomes.record_outcome(db.session.get(Referral, started.id), w["cw"],
                                      kind="permanent_job", on=began)
    assert outcome.start_on == began and outcome.recorded_by_id == w["cw"].id
    assert entry(w["person"], "outcome").late
    assert entry(w["person"], "deregistered").late  # placed in the job, on the day it began
    assert audit_of("outcome.record").happened_on == began


def test_a_follow_up_check_is_dated_and_kept_with_when_it_was_entered(w, started):
    outcome = outcomes.record_outcome(started, w["cw"], kind="permanent_job",
                                      on=date(TODAY.year - 1, 10, 1))
    check = outcome.follow_ups[0]
    refused("future", lambda: outcomes.check_follow_up(
        check, w["cw"], still_employed=True, source="employer", on=TOMORROW))
    check = db.session.get(FollowUp, check.id)
    refused("before_job", lambda: outcomes.check_follow_up(
        check, w["cw"], still_employed=True, source="employer",
        on=date(TODAY.year - 1, 9, 30)))
    check = db.session.get(FollowUp, check.id)
    day = date(TODAY.year, 1, 10)
    outcomes.check_follow_up(check, w["cw"], still_employed=True, source="employer", on=day)
    assert (check.checked_on, check.checked_by_id) == (day, w["cw"].id)
    assert check.checked_at is not None and entry(w["person"], "follow_up").late


# --- contacts, plans and their steps ---------------------------------------------------------

def contact(w, **kw) -> Interaction:
    values = {"channel": "visit", "topic": "job_search", "note": "был на приёме",
              "next_action": None, "due_on": None, "now": clock.now()} | kw
    return casework.record_contact(w["person"], w["cw"], **values)


def test_a_contact_known_by_its_day_is_dated_that_day(w):
    item = contact(w, on=LONG_AGO)
    assert item.at == datetime.combine(LONG_AGO, datetime.min.time())
    assert item.user_id == w["cw"].id and item.created_at is not None
    assert entry(w["person"], "contact").late
    assert audit_of("interaction.create").happened_on == LONG_AGO
    today = contact(w, on=TODAY)
    assert today.at.date() == TODAY and not timeline(w["person"].id)[0].late


def test_a_contact_in_the_future_or_before_the_registration_is_refused(w):
    refused("contact_future", lambda: contact(w, on=TOMORROW))
    refused("contact_before_registration", lambda: contact(
        w, on=REGISTERED - timedelta(days=1)))


def test_a_plan_and_its_steps_are_dated(w):
    person = w["person"]
    save = dict(goal="работа", review_every_days=90, plan_id=None, version=None,
                new_plan=False, today=TODAY)
    refused("future", lambda: casework.save_plan(person, w["cw"], on=TOMORROW, **save))
    refused("plan_before_registration", lambda: casework.save_plan(
        person, w["cw"], on=REGISTERED - timedelta(days=1), **save))
    agreed = REGISTERED + timedelta(days=5)
    plan = casework.save_plan(person, w["cw"], on=agreed, **save)
    assert plan.agreed_on == agreed and plan.entered_at is not None
    due = agreed + timedelta(days=60)
    refused("future", lambda: casework.add_step(person, w["cw"], "резюме", due, on=TOMORROW))
    refused("step_agreed_before_plan", lambda: casework.add_step(
        person, w["cw"], "резюме", due, on=agreed - timedelta(days=1)))
    step = casework.add_step(person, w["cw"], "резюме", due, on=agreed + timedelta(days=1))
    assert (step.agreed_on, step.entered_by_id) == (agreed + timedelta(days=1), w["cw"].id)
    assert step.entered_at is not None
    refused("done_before_step", lambda: casework.finish_step(step, w["cw"], agreed))
    refused("future", lambda: casework.finish_step(step, w["cw"], TOMORROW))
    casework.finish_step(step, w["cw"], agreed + timedelta(days=2))
    assert audit_of("plan.step_done").happened_on == agreed + timedelta(days=2)


def test_a_task_is_done_on_or_after_its_contact(w):
    item = contact(w, on=LONG_AGO, next_action="принести резюме",
                   due_on=LONG_AGO + timedelta(days=3))
    db.session.commit()
    refused("done_before_task", lambda: casework.finish_task(
        db.session.get(Interaction, item.id), w["cw"], LONG_AGO - timedelta(days=1)))
    refused("future", lambda: casework.finish_task(
        db.session.get(Interaction, item.id), w["cw"], TOMORROW))
    casework.finish_task(db.session.get(Interaction, item.id), w["cw"],
                         LONG_AGO + timedelta(days=2))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Interaction, item.id).done_on == LONG_AGO + timedelta(days=2)


def test_every_user_is_who_entered_it(w):
    """The person's registration and every step carry their author (entered_by)."""
    referral = refer(w, TODAY)
    assert referral.created_by_id == w["cw"].id
    assert referral.events[0].user_id == w["cw"].id
    assert isinstance(db.session.get(User, referral.events[0].user_id), User)
