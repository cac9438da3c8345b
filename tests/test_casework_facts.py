"""A person's casework facts on `person` (last contact, next due, referrals and follow-ups
waiting) follow every change made through the session, equal what their history says, and a
full refresh mends what went around the session."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from caseworker.casework import facts
from caseworker.extensions import db
from caseworker.models import (
    EmploymentPlan, FollowUp, Interaction, Outcome, Person, PlanStep, Referral)
from caseworker.models.referral import OPEN_STATUSES
from tests import factories as f

D = date(2026, 3, 10)
STATUSES = ("proposed", "approved", "referred", "started", "completed", "declined", "cancelled")


@pytest.fixture
def people(ctx):
    district = f.districts_of("430000000")[0]
    cw = f.user("cw.facts", "caseworker", district)
    return cw, [f.person(district, last=f"Факт{n}", caseworker_id=cw.id) for n in range(12)]


def _stored(person_id: int) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person_id)


def _contact(person: Person, user_id: int, at: datetime, due: date | None = None,
             done: date | None = None) -> Interaction:
    item = Interaction(person_id=person.id, user_id=user_id, at=at, channel="phone",
                       topic="job_search", next_action="позвонить" if due else None,
                       due_on=due, done_on=done)
    db.session.add(item)
    db.session.flush()
    return item


def test_contacts_and_plan_steps_give_last_contact_and_next_due(people):
    cw, (person, *_rest) = people
    assert _stored(person.id).last_contact_at is None
    task = _contact(person, cw.id, datetime(2026, 3, 1, 10), due=D + timedelta(days=5))
    _contact(person, cw.id, datetime(2026, 3, 2, 9))
    plan = EmploymentPlan(person_id=person.id, goal="сварщик", agreed_on=D,
                          review_every_days=90, next_review_on=D + timedelta(days=90))
    plan.steps = [PlanStep(text="резюме", due_on=D + timedelta(days=2))]
    db.session.add(plan)
    db.session.flush()
    stored = _stored(person.id)
    assert stored.last_contact_at == datetime(2026, 3, 2, 9)
    assert stored.next_due_on == D + timedelta(days=2)  # the step, sooner than the task
    step = db.session.scalar(select(PlanStep).where(PlanStep.plan_id == plan.id))
    step.done_on = D
    db.session.flush()
    assert _stored(person.id).next_due_on == D + timedelta(days=5)  # now the task
    db.session.get(Interaction, task.id).done_on = D
    db.session.flush()
    assert _stored(person.id).next_due_on is None


def test_the_steps_of_a_replaced_plan_are_no_next_action(people):
    _cw, (person, *_rest) = people
    old = f.plan(person, D, steps=(("резюме", D + timedelta(days=1)),))
    assert _stored(person.id).next_due_on == D + timedelta(days=1)
    old.closed_on = D + timedelta(days=3)
    db.session.flush()
    f.plan(person, D + timedelta(days=3), steps=(("курсы", D + timedelta(days=9)),))
    assert _stored(person.id).next_due_on == D + timedelta(days=9)
    assert facts.differences(db.session.connection()) == []


def test_referrals_and_follow_ups_give_the_waiting_figures(people):
    _cw, (person, *_rest) = people
    waiting = Referral(person_id=person.id, measure_code="public_works", status="referred",
                       proposed_on=D, status_on=D, verdict={})
    proposed = Referral(person_id=person.id, measure_code="microcredit", status="proposed",
                        proposed_on=D, status_on=D, verdict={})
    done = Referral(person_id=person.id, measure_code="youth_practice", status="completed",
                    proposed_on=D, status_on=D, verdict={})
    db.session.add_all([waiting, proposed, done])
    db.session.flush()
    outcome = Outcome(referral_id=done.id, kind="permanent_job", start_on=D)
    outcome.follow_ups = [
        FollowUp(months=3, due_on=D + timedelta(days=90)),
        FollowUp(months=6, due_on=D + timedelta(days=180), checked_on=D, source="employer"),
        FollowUp(months=12, due_on=D + timedelta(days=365), checked_on=D,
                 source="could_not_verify")]
    db.session.add(outcome)
    db.session.flush()
    stored = _stored(person.id)
    assert (stored.open_referrals, stored.awaiting_approval) == (2, 1)
    assert stored.provider_wait_from == D
    assert stored.follow_up_due_on == D + timedelta(days=90)
    assert (stored.follow_ups_checked, stored.follow_ups_verified) == (2, 1)
    assert stored.placed_on == D
    db.session.get(Referral, waiting.id).status = "started"
    db.session.flush()
    stored = _stored(person.id)
    assert stored.provider_wait_from is None and stored.open_referrals == 2
    first = db.session.scalar(select(FollowUp).where(FollowUp.months == 3))
    first.checked_on, first.source = D + timedelta(days=91), "client_call"
    db.session.flush()
    stored = _stored(person.id)
    assert stored.follow_up_due_on is None
    assert (stored.follow_ups_checked, stored.follow_ups_verified) == (3, 2)


def test_a_refresh_leaves_the_profile_version_and_its_change_time(people):
    cw, (person, *_rest) = people
    before = _stored(person.id)
    version, changed = before.version, before.updated_at
    _contact(person, cw.id, datetime(2026, 3, 1, 10))
    after = _stored(person.id)
    assert after.last_contact_at is not None
    assert (after.version, after.updated_at) == (version, changed)


def _random_history(rng: random.Random, cw_id: int, persons: list[Person]) -> None:
    """Contacts, tasks, plan steps, referrals, outcomes and follow-ups made, changed and
    deleted in any order, a flush after each, as the pages make them."""
    made: list = []
    placed: set[int] = set()
    plans: dict[int, EmploymentPlan] = {}  # a person's active plan
    for _ in range(160):
        person = rng.choice(persons)
        day = D + timedelta(days=rng.randrange(-60, 60))
        roll = rng.random()
        if roll < 0.3:
            made.append(_contact(person, cw_id, datetime(day.year, day.month, day.day, 9),
                                 due=day if rng.random() < 0.5 else None))
        elif roll < 0.45:  # a new plan replaces (closes) the active one: its steps lapse
            if person.id in plans:
                plans[person.id].closed_on = day
                db.session.flush()
            plan = plans[person.id] = EmploymentPlan(
                person_id=person.id, goal="цель", agreed_on=day, review_every_days=90,
                next_review_on=day)
            plan.steps = [PlanStep(text="шаг", due_on=day)]
            db.session.add(plan)
            made.extend([plan, plan.steps[0]])
        elif roll < 0.65:
            made.append(Referral(person_id=person.id, measure_code="public_works",
                                 status=_status(rng, person.id), proposed_on=day, status_on=day,
                                 verdict={}))
            db.session.add(made[-1])
        elif roll < 0.75:
            referral = next((r for r in made if isinstance(r, Referral)
                             and r.id not in placed), None)
            if referral is not None:
                placed.add(referral.id)
                outcome = Outcome(referral_id=referral.id, kind="permanent_job", start_on=day)
                outcome.follow_ups = [FollowUp(months=m, due_on=day + timedelta(days=30 * m))
                                      for m in (3, 6, 12)]
                db.session.add(outcome)
                made.extend(outcome.follow_ups)
        elif made:
            _change(rng, rng.choice(made), day)
        db.session.flush()


def _status(rng: random.Random, person_id: int, referral_id: int | None = None) -> str:
    """A status at random, closed when the person has another open referral to the measure
    (the database keeps one open referral per person and measure)."""
    other_open = db.session.scalar(select(Referral.id).where(
        Referral.person_id == person_id, Referral.measure_code == "public_works",
        Referral.id != (referral_id or 0),
        Referral.status.in_(OPEN_STATUSES)).limit(1))
    return rng.choice([s for s in STATUSES if other_open is None or s not in OPEN_STATUSES])


def _change(rng: random.Random, obj, day: date) -> None:
    if isinstance(obj, Interaction):
        if rng.random() < 0.3:
            db.session.delete(obj)
        else:
            obj.done_on, obj.at = day, datetime(day.year, day.month, day.day, 15)
    elif isinstance(obj, PlanStep):
        obj.done_on = day
    elif isinstance(obj, Referral):
        obj.status, obj.status_on = _status(rng, obj.person_id, obj.id), day
    elif isinstance(obj, FollowUp):
        obj.checked_on = day
        obj.source = rng.choice(("employer", "client_call", "could_not_verify"))


def test_generated_histories_keep_every_fact_equal_to_the_history(people):
    cw, persons = people
    _random_history(random.Random(7), cw.id, persons)
    assert facts.differences(db.session.connection()) == []
    assert {p.last_contact_at for p in map(_stored, (p.id for p in persons))} != {None}


def test_what_went_around_the_session_is_found_and_mended(people, app, runner):
    cw, (person, *_rest) = people
    _contact(person, cw.id, datetime(2026, 3, 1, 10), due=D)
    db.session.execute(update(Person).where(Person.id == person.id).values(next_due_on=None)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    check = runner.invoke(args=["casework", "facts", "--check"])
    assert check.exit_code != 0 and str(person.id) in check.output
    assert runner.invoke(args=["casework", "facts"]).exit_code == 0
    assert runner.invoke(args=["casework", "facts", "--check"]).exit_code == 0
    assert _stored(person.id).next_due_on == D


def test_a_full_refresh_in_shares_mends_every_person_once(people, monkeypatch):
    """The benchmark refreshes everyone in several connections, each a share of the ranges
    of persons: together the shares take every person, and none twice."""
    cw, persons = people
    _random_history(random.Random(11), cw.id, persons)
    conn = db.session.connection()
    conn.execute(update(Person).values(open_referrals=99, last_contact_at=None))
    monkeypatch.setattr(facts, "CHUNK", 5)  # 12 persons: ranges of 5 ids, some empty
    done = [facts.refresh(conn, share=(number, 3)) for number in range(3)]
    assert sum(done) == len(persons)
    assert facts.differences(conn) == []
