"""The rules every void follows (an outcome, a follow-up check, a contact recorded by mistake),
shared by the operations that void them: who may, why, and the marking itself; and what every
opening again of a thing marked done or ended by mistake asks (a reason and a tick)."""
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
    if not (reason or "").strip():
        raise Refused("void_reason_required")
    if not confirmed:
        raise Refused("confirm_void")
    record.voided_at, record.voided_by_id = utcnow(), user.id
    record.void_reason = reason.strip()


def reopen_reason(reason: str | None, confirmed: bool, missing: str = "reopen_reason_required",
                  unconfirmed: str = "confirm_reopen") -> str:
    """The reason a correction gives (an opening again; a version withdrawn), stripped; or the
    refusal: none given (`missing`), or not confirmed by its tick (`unconfirmed`)."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(missing)
    if not confirmed:
        raise Refused(unconfirmed)
    return reason
