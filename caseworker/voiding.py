"""The rules every void follows (an outcome, a follow-up check, a contact recorded by mistake),
shared by the operations that void them: who may, why, and the marking itself; and what every
correction asks (a void, an undone step, an opening again, a version withdrawn): a reason and
a tick."""
from __future__ import annotations

from caseworker import policy
from caseworker.models import Person, User
from caseworker.models.types import utcnow
from caseworker.refusals import Refused


def may_void(user: User | None, recorded_by_id: int | None, person: Person) -> bool:
    """Whether `user` may void a record about `person` made by `recorded_by_id`: its author, or
    a supervisor of the person's district (the policy's "record.void" / "record.void_any")."""
    if not policy.can(user, "record.void", person):
        return False
    return user.id == recorded_by_id or policy.can(user, "record.void_any", person)


def mark_void(record, user: User, person: Person, recorded_by_id: int | None, reason: str,
              confirmed: bool) -> None:
    """Marks `record` (a `Voidable`) void by `user`, now, for `reason`; or refuses: not the
    author nor the district's supervisor, already void, no reason, not confirmed."""
    if not may_void(user, recorded_by_id, person):
        raise Refused("not_yours_to_void")
    if record.voided_at is not None:
        raise Refused("already_void")
    reason = reason_given(reason, confirmed, "void")
    record.voided_at, record.voided_by_id = utcnow(), user.id
    record.void_reason = reason


def reason_given(reason: str | None, confirmed: bool, correction: str) -> str:
    """The reason a correction gives (`correction`: "void", "undo", "reopen", "withdraw"),
    stripped; or its refusal: none given (`<correction>_reason_required`), or not confirmed by
    its tick (`confirm_<correction>`), the pair of codes `refusals.reason_and_tick` makes."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(f"{correction}_reason_required")
    if not confirmed:
        raise Refused(f"confirm_{correction}")
    return reason
