"""A task (a contact's next action) or a plan step marked done by mistake, opened again: the
one operation the page and the API call.

Whoever may mark it done (the person's caseworker, the district's supervisor) may open it
again, with a reason and a tick. It counts as open once more (the caseload's next action,
what is overdue), and keeps who opened it, when, why and the day it had been marked done; the
page shows that beside it, and the audit keeps every time. A voided contact's task stays as it
is (the contact counts nowhere)."""
from __future__ import annotations

from sqlalchemy import update

from caseworker import audit, policy
from caseworker.casework import facts
from caseworker.extensions import db
from caseworker.models import Interaction, Person, PlanStep, User
from caseworker.models.types import utcnow
from caseworker.refusals import Refused
from caseworker.voiding import reason_given


def _reopen(model, row, person: Person, user: User, reason: str | None,
            confirmed: bool, not_done: str) -> None:
    """Opens `row` again, or refuses. One UPDATE that matches the row only while it is done,
    so of two at once the second finds it open and is refused as the first's `not_done`."""
    if not policy.can(user, "person.edit", person):
        raise Refused("forbidden")
    reason = reason_given(reason, confirmed, "reopen")
    if row.done_on is None:
        raise Refused(not_done)
    opened = db.session.execute(
        update(model).where(model.id == row.id, model.done_on.is_not(None))
        .values(done_on=None, reopened_at=utcnow(), reopened_by_id=user.id,
                reopen_reason=reason, reopened_done_on=row.done_on)
        .execution_options(synchronize_session="fetch")).rowcount
    if not opened:
        raise Refused(not_done)
    facts.refresh(db.session.connection(), [person.id])


def reopen_task(item: Interaction, user: User, *, reason: str | None,
                confirmed: bool) -> Interaction:
    """The contact's task, marked done by mistake, open again."""
    if item.due_on is None:
        raise Refused("not_a_task")
    if item.voided_at is not None:
        raise Refused("already_void")
    _reopen(Interaction, item, db.session.get(Person, item.person_id), user, reason,
            confirmed, "task_not_done")
    audit.record("task.reopened", "interaction", item.id, user=user)
    db.session.flush()
    return item


def reopen_step(step: PlanStep, user: User, *, reason: str | None,
                confirmed: bool) -> PlanStep:
    """A plan step, marked done by mistake, open again."""
    _reopen(PlanStep, step, db.session.get(Person, step.plan.person_id), user, reason,
            confirmed, "step_not_done")
    audit.record("plan.step_reopened", "employment_plan", step.plan_id, user=user)
    db.session.flush()
    return step
