"""Writes of casework: each adds, flushes and audits; the view commits."""
from __future__ import annotations

from datetime import date, datetime

from flask import abort

from caseworker import audit
from caseworker.domain.casework import may_edit_note, next_review
from caseworker.extensions import db
from caseworker.models import EmploymentPlan, FieldChange, Interaction, Person, PlanStep, User
from caseworker.models.types import utcnow


def add_interaction(person: Person, user: User, values: dict) -> Interaction:
    item = Interaction(person_id=person.id, user_id=user.id, created_at=utcnow(), **values)
    db.session.add(item)
    db.session.flush()
    audit.record("interaction.create", "interaction", item.id)
    return item


def edit_note(item: Interaction, user: User, note: str, now: datetime) -> Interaction:
    """Within 24 hours the author rewrites the note; afterwards a correction is appended,
    made at `now` (local wall-clock time, as a contact's time is)."""
    if may_edit_note(item.user_id, user.id, item.created_at, utcnow()):
        item.note = note
        audit.record("interaction.update", "interaction", item.id)
        db.session.flush()
        return item
    correction = Interaction(person_id=item.person_id, user_id=user.id, at=now,
                             channel=item.channel, topic=item.topic, note=note,
                             corrects_id=item.id, created_at=utcnow())
    db.session.add(correction)
    db.session.flush()
    audit.record("interaction.correct", "interaction", correction.id)
    return correction


def finish_task(item: Interaction, on: date) -> None:
    if item.done_on is not None or item.due_on is None:
        abort(409)
    item.done_on = on
    audit.record("task.done", "interaction", item.id)
    db.session.flush()


def save_plan(person: Person, user: User, plan: EmploymentPlan | None, goal: str,
              agreed_on: date, every: int) -> EmploymentPlan:
    plan = plan or EmploymentPlan(person_id=person.id, created_by_id=user.id)
    plan.goal, plan.agreed_on, plan.review_every_days = goal, agreed_on, every
    plan.next_review_on = next_review(agreed_on, every)
    db.session.add(plan)
    db.session.flush()
    audit.record("plan.save", "employment_plan", plan.id)
    return plan


def add_step(plan: EmploymentPlan, text: str, due_on: date) -> PlanStep:
    step = PlanStep(plan_id=plan.id, text=text, due_on=due_on)
    db.session.add(step)
    db.session.flush()
    audit.record("plan.step", "employment_plan", plan.id)
    return step


def finish_step(step: PlanStep, on: date) -> None:
    if step.done_on is not None:
        abort(409)
    step.done_on = on
    audit.record("plan.step_done", "employment_plan", step.plan_id)
    db.session.flush()


def reassign(persons: list[Person], to: User, by: User) -> int:
    moved = 0
    for person in persons:
        if person.caseworker_id == to.id:
            continue
        db.session.add(FieldChange(person_id=person.id, user_id=by.id, field="caseworker_id",
                                   old=str(person.caseworker_id or ""), new=str(to.id),
                                   at=utcnow()))
        person.caseworker_id = to.id
        audit.record("person.reassign", "person", person.id)
        moved += 1
    db.session.flush()
    return moved
