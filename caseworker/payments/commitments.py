"""A referral's commitment: the check every commitment passes against its allocation's funds
(a new referral's, and a raised one's), what is left of it to pay, and raising it.

A payment never goes beyond what is left of its referral's commitment (commitment - paid,
reversals counted): the allocation counts the commitment while the referral is open, so a
payment beyond it would spend money nobody checked against the funds left and take the
allocation below zero once the referral closes. To pay more, the commitment is raised first
(`raise_commitment`), through the same check as a new referral: refused when the funds left
are short, or, where the measure's version allows it, made by a supervisor with a reason."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from caseworker import audit, policy
from caseworker.extensions import db
from caseworker.models import Allocation, CommitmentChange, Measure, Payment, Referral, User
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import queries, totals
from caseworker.refusals import Refused


FundsLeft = Callable[[Allocation], int]


def affordable(allocation: Allocation, amount_kzt: int | None,
               funds_left: FundsLeft | None = None) -> bool:
    """Whether the allocation has the commitment left (allocated - committed by open referrals
    - paid on closed ones), read under its lock (or by `funds_left`, a batch's reading kept
    current as it goes). An allocation without funds (0) limits places only; an amount not
    known yet commits nothing."""
    if not allocation.funds_kzt or not amount_kzt:
        return True
    left = funds_left(allocation) if funds_left else queries.funds_of(allocation).left
    return amount_kzt <= left


def check_funds(allocation: Allocation | None, measure: Measure, amount_kzt: int | None,
                on: date, override_reason: str | None,
                funds_left: FundsLeft | None = None) -> None:
    """A commitment of `amount_kzt` on the allocation (its lock taken): within the funds left,
    or beyond them only where the measure's version of `on` lets a supervisor do it with a
    reason (who may override is checked with the reason)."""
    if allocation is None or affordable(allocation, amount_kzt, funds_left):
        return
    version = measure.version_on(on)
    if version is None or version.over_funds != "approval":
        raise Refused("no_funds_final")
    if not override_reason:
        raise Refused("no_funds")


def _tenge(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def paid_on(referral_id: int) -> int:
    """What was paid on the referral, reversals counted, as committed now."""
    return int(db.session.scalar(select(func.coalesce(func.sum(Payment.amount_kzt), 0))
                                 .where(Payment.referral_id == referral_id)))


def ceiling(referral: Referral) -> int:
    """What payments on the referral may add up to: the commitment its allocation counts (its
    stored amount); where none is stored and no allocation's funds count it, the one worked
    out from the measure (0 where it cannot be known: raise it first)."""
    if referral.amount_kzt:
        return referral.amount_kzt
    allocation = db.session.get(Allocation, referral.allocation_id) \
        if referral.allocation_id else None
    if allocation is not None and allocation.funds_kzt:
        return 0
    contract = queries.contract_of(referral.id)
    return queries.commitment_of(referral, contract) or 0


def check_payment(referral: Referral, amount: int, status: str) -> None:
    """A payment of `amount` on the referral (its lock taken, `status` read under it): no more
    than is left of its commitment; on a closed referral, no more than its allocation has
    left as well (closing freed what was not paid)."""
    left = ceiling(referral) - paid_on(referral.id)
    if amount > left:
        raise Refused("over_commitment", message=_l(
            "The payment is more than what is left of the referral's commitment: %(left)s "
            "tenge left. To pay more, raise the commitment first.", left=_tenge(max(left, 0))))
    if status in OPEN_STATUSES or referral.allocation_id is None:
        return
    allocation = db.session.get(Allocation, referral.allocation_id)
    if allocation.funds_kzt and amount > queries.funds_of(allocation).left:
        raise Refused("no_funds_closed", message=_l(
            "The referral is closed and its allocation has %(left)s tenge left: less than "
            "this payment.", left=_tenge(max(queries.funds_of(allocation).left, 0))))


def raise_commitment(referral: Referral, user: User, *, amount_kzt: int, reason: str | None,
                     on: date, override_reason: str | None = None) -> CommitmentChange:
    """Raise an open referral's whole commitment to `amount_kzt`: the rise is checked against
    its allocation's funds left under the allocation's lock, as a new referral's commitment
    is (the measure's version of `on` decides whether a supervisor may go beyond them with
    `override_reason`); the allocation counts the new amount at once."""
    if not policy.can(user, "commitment.raise"):
        raise Refused("forbidden")
    text, override = (reason or "").strip(), (override_reason or "").strip() or None
    if not text:
        raise Refused("commitment_reason_required")
    totals.lock_for(referral)
    status, before = db.session.execute(select(Referral.status, Referral.amount_kzt).where(
        Referral.id == referral.id)).one()
    if status not in OPEN_STATUSES:
        raise Refused("commitment_closed")
    present = before or ceiling(referral)
    if isinstance(amount_kzt, bool) or not isinstance(amount_kzt, int) \
            or amount_kzt <= present:
        raise Refused("commitment_not_raised", message=_l(
            "Enter the new whole commitment: more than the present %(amount)s tenge.",
            amount=_tenge(present)))
    allocation = db.session.get(Allocation, referral.allocation_id) \
        if referral.allocation_id else None
    check_funds(allocation, referral.measure, amount_kzt - (before or 0), on, override)
    if override and not policy.can(user, "eligibility.override"):
        raise Refused("override_supervisor_only")
    change = CommitmentChange(referral_id=referral.id, from_kzt=before, to_kzt=amount_kzt,
                              reason=text[:1000], override_reason=override and override[:1000],
                              decided_on=on, entered_by_id=user.id)
    db.session.add(change)
    db.session.execute(update(Referral).where(Referral.id == referral.id)
                       .values(amount_kzt=amount_kzt)
                       .execution_options(synchronize_session=False))
    db.session.expire(referral, ["amount_kzt"])
    if allocation is not None:
        totals.add(allocation.id, committed=amount_kzt - (before or 0))
    db.session.flush()
    audit.record("referral.commitment", "referral", referral.id, user=user, on=on)
    return change
