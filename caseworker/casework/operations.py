"""The use cases of casework, one function each: record a contact, edit its note, finish its
task, void it, save an employment plan, add and finish its steps, reassign persons to a
caseworker.

Each checks its rules, writes (add + flush, never commit), audits, and returns what it made or
raises `Refused` with a code of `caseworker.refusals.REFUSALS`. A page or any other door calls
the same function and only translates its answer. After a refusal the caller rolls back (the
doors do: `web.show_refusal`, the API's error handler).

Where two requests may race, the database decides, not a read before the write: one active
plan per person is a unique index (a save that comes second, at once or later, is refused as
`plan_exists`); a task or a step is finished by an UPDATE that only matches it while it is
open; the person and the plan carry versions (a save over a newer one is `stale`).
"""
from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from caseworker import audit, clock, policy
from caseworker.bulk_writes import inserted
from caseworker.casework import facts, queries
from caseworker.domain.casework import (
    contact_problem, may_edit_note, next_review, plan_problem, step_problem)
from caseworker.domain.event_dates import day_problem
from caseworker.extensions import db
from caseworker.models import (
    EmploymentPlan, FieldChange, Interaction, Person, PlanStep, RegistrationEpisode, User)
from caseworker.models.types import utcnow
from caseworker.refusals import Refused, flushed
from caseworker.voiding import mark_void


def _editable(user: User, person: Person) -> None:
    if not policy.can(user, "person.edit", person):
        raise Refused("forbidden")


def _refuse(problem: str | None, **said) -> None:
    """The refusal of a rule's `problem` (none: nothing to refuse), in the words `said` gives
    for it (a message that names this person's day), else its code's own."""
    if problem:
        raise Refused(problem, said.get(problem))


def _first_registered(person: Person) -> date:
    return db.session.scalar(select(func.min(RegistrationEpisode.registered_on)).where(
        RegistrationEpisode.person_id == person.id)) or person.registered_on


def _day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_day(on: date, *, follows: date | None, before: str) -> None:
    """The day an event happened: not in the future, not before what it follows."""
    _refuse(day_problem(on, clock.today(), follows=follows, before=before))


# --- contacts and their tasks ---------------------------------------------------------------

def checked_contact(person: Person, user: User, *, at: datetime | None = None,
                    channel: str, topic: str, note: str | None, next_action: str | None,
                    due_on: date | None, now: datetime, on: date | None = None,
                    first: date) -> dict:
    """The rules of a contact (see `record_contact`), the person first registered on `first`:
    the values of its row, or `Refused`. The one check both forms of the use case make."""
    _editable(user, person)
    if at is None:
        on = on or now.date()
        at = now if on == now.date() else datetime.combine(on, time.min)
    note, next_action = (note or "").strip() or None, (next_action or "").strip() or None
    problem = contact_problem(at, now, first, bool(note), bool(next_action), due_on)
    _refuse(problem, contact_before_registration=_l(
        "The person was first registered on %(day)s: a contact is on or after it.",
        day=_day(first)))
    return {"person_id": person.id, "user_id": user.id, "at": at, "channel": channel,
            "topic": topic, "note": note, "next_action": next_action, "due_on": due_on}


def record_contact(person: Person, user: User, *, at: datetime | None = None,
                   channel: str, topic: str, note: str | None, next_action: str | None,
                   due_on: date | None, now: datetime, on: date | None = None) -> Interaction:
    """A contact with the person, perhaps setting a next action due on a day (a task). `at`
    and `now` are local wall-clock times; a contact known only by its day gives `on` instead
    (its time is then the start of that day, or now when it is today)."""
    values = checked_contact(person, user, at=at, channel=channel, topic=topic, note=note,
                             next_action=next_action, due_on=due_on, now=now, on=on,
                             first=_first_registered(person))
    item = Interaction(**values, created_at=utcnow())
    db.session.add(item)
    db.session.flush()
    audit.record("interaction.create", "interaction", item.id, user=user, on=item.at.date())
    return item


def record_contacts(items: list[tuple[Person, User, dict]], now: datetime
                    ) -> list[int | Refused]:
    """The batch form of `record_contact` (an import of many): each item (person, user, the
    keywords of `record_contact`) judged by the same rules (`checked_contact`), the persons'
    first registrations read in one statement, the contacts that pass written with one
    INSERT, audited in bulk, and the persons' casework facts left to the caller's settling
    (`facts.deferred`). Returns each item's new id, or its refusal."""
    firsts = dict(db.session.execute(
        select(RegistrationEpisode.person_id, func.min(RegistrationEpisode.registered_on))
        .where(RegistrationEpisode.person_id.in_({p.id for p, _u, _v in items}))
        .group_by(RegistrationEpisode.person_id)).all())
    results: list[int | Refused] = []
    rows, places = [], []
    for person, user, values in items:
        try:
            row = checked_contact(person, user, now=now,
                                  first=firsts.get(person.id) or person.registered_on,
                                  **values)
        except Refused as refused:
            results.append(refused)
            continue
        places.append((len(results), user))
        results.append(0)
        rows.append(row | {"created_at": utcnow()})
    if not rows:
        return results
    ids = inserted(Interaction, rows)  # the table's INSERT: no ORM bulk work
    for (index, _user), new_id in zip(places, ids):
        results[index] = new_id
    audit.record_many("interaction.create", "interaction",
                      [(new_id, user, row["at"].date())
                       for (_index, user), new_id, row in zip(places, ids, rows)])
    facts.touch(db.session, {row["person_id"] for row in rows})
    return results


def edit_note(item: Interaction, user: User, note: str, now: datetime) -> Interaction:
    """Within 24 hours the author rewrites the note; afterwards a correction is appended,
    made at `now` (local wall-clock time, as a contact's time is)."""
    _editable(user, db.session.get(Person, item.person_id))
    if may_edit_note(item.user_id, user.id, item.created_at, utcnow()):
        item.note = note
        audit.record("interaction.update", "interaction", item.id, user=user)
        db.session.flush()
        return item
    correction = Interaction(person_id=item.person_id, user_id=user.id, at=now,
                             channel=item.channel, topic=item.topic, note=note,
                             corrects_id=item.id, created_at=utcnow())
    db.session.add(correction)
    db.session.flush()
    audit.record("interaction.correct", "interaction", correction.id, user=user)
    return correction


def _finish(model, row_id: int, person_id: int, on: date) -> bool:
    """Marks a task or a step done on `on` when it is still open: true when this request did
    it. One UPDATE that matches only an open row, so of two at once the second matches
    nothing (it waits for the first's lock and reads its result)."""
    done = db.session.execute(
        update(model).where(model.id == row_id, model.done_on.is_(None))
        .values(done_on=on).execution_options(synchronize_session="evaluate")).rowcount
    if done:
        facts.refresh(db.session.connection(), [person_id])  # a statement, not a flushed row
    return bool(done)


def finish_task(item: Interaction, user: User, on: date) -> None:
    """The contact's task done on `on`: not in the future, not before the contact."""
    _editable(user, db.session.get(Person, item.person_id))
    if item.due_on is None:
        raise Refused("not_a_task")
    _check_day(on, follows=item.at.date(), before="done_before_task")
    if not _finish(Interaction, item.id, item.person_id, on):
        raise Refused("task_done")
    audit.record("task.done", "interaction", item.id, user=user, on=on)
    db.session.flush()


def void_contact(item: Interaction, user: User, *, reason: str,
                 confirmed: bool = True) -> Interaction:
    """A contact recorded by mistake (the wrong person, a contact that did not happen), voided
    by whoever recorded it or the district's supervisor: kept, marked void with who, when and
    why; it and its task stop counting (the last contact, the next action due)."""
    mark_void(item, user, db.session.get(Person, item.person_id), item.user_id, reason,
              confirmed)
    audit.record("interaction.void", "interaction", item.id, user=user)
    db.session.flush()
    return item


# --- the employment plan and its steps ------------------------------------------------------

def save_plan(person: Person, user: User, *, goal: str, agreed_on: date | None = None,
              review_every_days: int, plan_id: int | None, version: int | None,
              new_plan: bool, today: date, on: date | None = None) -> EmploymentPlan:
    """Agree the person's first plan (`plan_id` None), change the active plan (`plan_id` and
    the `version` the form was opened on), or agree a new plan that closes the active one
    (`new_plan`; the closed plan is kept, closed on the new plan's day). The day it was
    agreed is `on` (or `agreed_on`, as the plan calls it)."""
    _editable(user, person)
    agreed_on = on or agreed_on or today
    current = db.session.scalar(queries.plan_of(person.id))
    if plan_id is None and current is not None:
        raise Refused("plan_exists")
    if plan_id is not None and (current is None or (current.id, current.version)
                                != (plan_id, version)):
        raise Refused("stale")
    editing = current is not None and not new_plan
    # a plan of an earlier registration keeps its date when it is edited
    registered = min(person.registered_on, current.agreed_on) if editing else \
        person.registered_on
    problem = plan_problem(agreed_on, today, registered,
                           current.agreed_on if current and new_plan else None)
    if problem == "future":
        raise Refused(problem, field="agreed_on")
    _refuse(problem, plan_before_registration=_l(
        "The person was registered on %(day)s: a plan is agreed on or after that day.",
        day=_day(registered)))
    if current is not None and new_plan:
        current.closed_on = agreed_on
        flushed()
        audit.record("plan.close", "employment_plan", current.id, user=user)
    plan = current if editing else EmploymentPlan(person_id=person.id, created_by_id=user.id,
                                                  entered_at=utcnow())
    plan.goal, plan.agreed_on, plan.review_every_days = goal, agreed_on, review_every_days
    plan.next_review_on = next_review(agreed_on, review_every_days)
    db.session.add(plan)
    flushed(unique="plan_exists")  # one active plan per person
    audit.record("plan.save", "employment_plan", plan.id, user=user, on=agreed_on)
    return plan


def add_step(person: Person, user: User, text: str, due_on: date, *,
             on: date | None = None) -> PlanStep:
    """A step agreed in the person's active plan on `on` (left out: today), not before the
    plan was agreed."""
    _editable(user, person)
    plan = db.session.scalar(queries.plan_of(person.id))
    if plan is None:
        raise Refused("no_active_plan")
    on = on or clock.today()
    _check_day(on, follows=plan.agreed_on, before="step_agreed_before_plan")
    _refuse(step_problem(due_on, plan.agreed_on))
    step = PlanStep(plan_id=plan.id, text=text, due_on=due_on, agreed_on=on,
                    entered_at=utcnow(), entered_by_id=user.id)
    db.session.add(step)
    db.session.flush()
    audit.record("plan.step", "employment_plan", plan.id, user=user, on=on)
    return step


def finish_step(step: PlanStep, user: User, on: date) -> None:
    person = db.session.get(Person, step.plan.person_id)
    _editable(user, person)
    _check_day(on, follows=step.agreed_on or step.plan.agreed_on, before="done_before_step")
    if not _finish(PlanStep, step.id, person.id, on):
        raise Refused("step_done")
    audit.record("plan.step_done", "employment_plan", step.plan_id, user=user, on=on)
    db.session.flush()


# --- reassignment ---------------------------------------------------------------------------

def reassign(user: User, person_ids: list[int], to_id: int | None) -> tuple[int, User]:
    """Hands the persons (of the user's district) to a caseworker of the user's team; returns
    how many changed hands (those with that caseworker already stay) and the caseworker."""
    if not policy.can(user, "caseload.review"):
        raise Refused("forbidden")
    if not person_ids:
        raise Refused("nobody_chosen")
    target = db.session.get(User, to_id) if to_id else None
    if (target is None or not target.active or target.district_id != user.district_id
            or not policy.can(target, "caseload.own")):
        raise Refused("not_in_team")
    wanted = set(person_ids)
    persons = db.session.scalars(policy.scope_persons(
        select(Person).where(Person.id.in_(wanted)), user).order_by(Person.id)).all()
    if len(persons) != len(wanted):
        raise Refused("unknown_persons")
    moved = 0
    for person in persons:
        if person.caseworker_id == target.id:
            continue
        db.session.add(FieldChange(person_id=person.id, user_id=user.id, field="caseworker_id",
                                   old=str(person.caseworker_id or ""), new=str(target.id),
                                   at=utcnow()))
        person.caseworker_id = target.id  # the person's version: a change at once is stale
        audit.record("person.reassign", "person", person.id, user=user)
        moved += 1
    flushed()
    return moved, target
