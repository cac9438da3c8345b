"""The rules every void follows (an outcome, a follow-up check, a contact recorded by mistake),
shared by the operations that void them: who may, why, and the marking itself."""
from __future__ import annotations

from caseworker import policy
from caseworker.models import Person, User
from caseworker.models.types import utcnow
from caseworker.refusals import Refused


def mark_void(record, user: User, person: Person, recorded_by_id: int | None, reason: str,
              confirmed: bool) -> None:
    """Marks `record` (a `Voidable`) void by `user`, now, for `reason`; or refuses: not the
    author nor the district's supervisor, already void, no reason, not confirmed."""
    if not policy.may_void(user, recorded_by_id, person):
        raise Refused("not_yours_to_void")
    if record.voided_at is not None:
        raise Refused("already_void")
    if not (reason or "").strip():
        raise Refused("void_reason_required")
    if not confirmed:
        raise Refused("confirm_void")
    record.voided_at, record.voided_by_id = utcnow(), user.id
    record.void_reason = reason.strip()
