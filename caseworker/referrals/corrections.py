"""Undoing a referral's last step recorded by mistake ("started" typed on the wrong referral,
"completed" a month early, "cancelled" instead of "declined"): the one operation the page and
the API call.

Only the last step is undone, by whoever recorded it or the district's supervisor (an
organisation's own answer: the supervisor), with a reason and a tick. The referral goes back
to the status and day of the step before; the step is kept in `undone_step` as it was, with
who undid it, when and why (the referral's page shows it), and leaves the steps every count
reads, so the indicators, the allocation's totals and the casework facts follow. What rests on
the step stops it: an outcome (void it first), payments or a contract (money was paid or
agreed on it: reverse them first). Undoing "referred" cancels its letter; undoing a closing
step does not bring its cancelled letter back (the page offers a new one). The proposal itself
is never undone: a referral made by mistake is cancelled."""
from __future__ import annotations

from sqlalchemy import select

from caseworker import audit
from caseworker.domain import workflow
from caseworker.extensions import db
from caseworker.models import Contract, Payment, Referral, ReferralEvent, UndoneStep, User
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.referral import OPEN_STATUSES
from caseworker.models.types import utcnow
from caseworker.payments import commitments, totals
from caseworker.refusals import Refused, message_of
from caseworker.measures.allocations import lock as lock_allocation
from caseworker.referrals import operations, proposing
from caseworker.voiding import may_void, reason_given

def _steps(referral: Referral) -> list[ReferralEvent]:
    return sorted(referral.events, key=lambda e: (e.happened_on, e.id))


def last_step(referral: Referral) -> ReferralEvent | None:
    """The step an undo would take back: the latest, unless it is the proposal."""
    steps = _steps(referral)
    return steps[-1] if len(steps) > 1 else None


def blocked(referral: Referral) -> str | None:
    """Why the page offers no undo of a step the user could otherwise undo: what rests on
    it (said before the form, not after a refused try)."""
    if referral.outcome is not None:
        return message_of("undo_outcome_first")
    return None


def may_undo(user: User | None, referral: Referral) -> bool:
    """Whether the page offers the undo to `user` (the operation checks it all again)."""
    step = last_step(referral)
    return step is not None and may_void(user, step.user_id, referral.person)


@operations._stale_on_conflict
def undo_last_step(referral: Referral, user: User, *, reason: str | None,
                   confirmed: bool) -> UndoneStep:
    reason = reason_given(reason, confirmed, "undo")
    steps = _steps(referral)
    if len(steps) < 2:
        raise Refused("first_step_stays")
    step, before = steps[-1], steps[-2]
    if not may_void(user, step.user_id, referral.person):
        raise Refused("not_yours_to_void")
    if referral.outcome is not None:
        raise Refused("undo_outcome_first")
    if db.session.scalar(select(Payment.id).where(Payment.referral_id == referral.id).limit(1)
                         ) is not None or db.session.scalar(
            select(Contract.id).where(Contract.referral_id == referral.id)) is not None:
        raise Refused("undo_money_first")
    _reopen(referral, step.to_status, before.to_status)
    undone = UndoneStep(
        referral_id=referral.id, from_status=step.from_status, to_status=step.to_status,
        happened_on=step.happened_on, recorded_at=step.recorded_at, user_id=step.user_id,
        provider_id=step.provider_id, reason=step.reason, note=step.note,
        undone_at=utcnow(), undone_by_id=user.id, undo_reason=reason)
    db.session.add(undone)
    db.session.delete(step)
    referral.status, referral.status_on = before.to_status, before.happened_on
    referral.reason = before.reason if before.to_status in workflow.REASONS else None
    if step.to_status == "referred":
        for letter in referral.letters:
            if letter.status == "genuine":
                operations._cancel_letter(letter, user)
    audit.record("referral.step_undone", "referral", referral.id, user=user,
                 on=step.happened_on)
    db.session.flush()
    db.session.expire(referral, ["events"])
    return undone


def _reopen(referral: Referral, undone: str, back_to: str) -> None:
    """Places and funds as if the undone step had not been taken: a referral that closed
    commits again (refused if the allocation has no place or funds left for it now)."""
    if back_to in OPEN_STATUSES and undone not in OPEN_STATUSES and db.session.scalar(
            select(Referral.id).where(Referral.person_id == referral.person_id,
                                      Referral.measure_code == referral.measure_code,
                                      Referral.status.in_(OPEN_STATUSES),
                                      Referral.id != referral.id).limit(1)) is not None:
        raise Refused("already_open")
    allocation = referral.allocation
    if allocation is None:
        return
    reads = proposing.Reads()
    if back_to in USING_STATUSES and undone not in USING_STATUSES:
        if reads.places_left(allocation) <= 0:  # under the allocation's lock
            raise Refused("no_places")
    if back_to in OPEN_STATUSES and undone not in OPEN_STATUSES:
        lock_allocation(allocation.id)
        if not commitments.affordable(allocation, referral.amount_kzt):
            raise Refused("no_funds_final")
        totals.referral_made(referral)
