"""Sealing the audit log into a keyed hash chain, and verifying it.

Each seal is HMAC-SHA256(secret, previous digest | the event's fields), written in event order
by a command or a periodic job, never inside a request (reads must not queue behind it).
Verification recomputes the chain: a changed field, a removed event or an inserted one (which
has no seal, or a seal that does not chain) is reported with the first event where it breaks.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import AuditEvent, AuditSeal

GENESIS = "0" * 64
BATCH = 5000


def _payload(event: AuditEvent) -> bytes:
    fields = (event.id, event.at.isoformat(), event.user_id, event.role, event.action,
              event.record_type, event.record_id, event.address, event.request_id)
    if event.happened_on is not None:  # events without a day keep the digests they had
        fields += (event.happened_on.isoformat(),)
    if event.provider_id is not None:  # nor do events of a user
        fields += (f"provider:{event.provider_id}",)
    return "|".join("" if f is None else str(f) for f in fields).encode()


def digest(secret: str, previous: str, event: AuditEvent) -> str:
    return hmac.new(secret.encode(), previous.encode() + b"|" + _payload(event),
                    hashlib.sha256).hexdigest()


def seal(secret: str) -> int:
    """Seal every event not sealed yet, in order; returns how many. The caller commits."""
    last = db.session.execute(select(AuditSeal.event_id, AuditSeal.digest)
                              .order_by(AuditSeal.event_id.desc()).limit(1)).first()
    previous, after = (last.digest, last.event_id) if last else (GENESIS, 0)
    count = 0
    while True:
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.id > after)
                                    .order_by(AuditEvent.id).limit(BATCH)).all()
        if not events:
            return count
        for event in events:
            previous = digest(secret, previous, event)
            db.session.add(AuditSeal(event_id=event.id, digest=previous))
            after = event.id
            count += 1
        db.session.flush()


@dataclass
class Break:
    event_id: int
    why: str   # changed | removed | unsealed


def verify(secret: str) -> list[Break]:
    """Walk the sealed chain; the first break of each kind is enough to act on."""
    seals = db.session.execute(select(AuditSeal.event_id, AuditSeal.digest)
                               .order_by(AuditSeal.event_id)).all()
    events = {e.id: e for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.id <= (seals[-1].event_id if seals else 0)))}
    breaks: list[Break] = []
    previous = GENESIS
    for event_id, stored in seals:
        event = events.pop(event_id, None)
        if event is None:
            breaks.append(Break(event_id, "removed"))
        elif digest(secret, previous, event) != stored:
            breaks.append(Break(event_id, "changed"))
        previous = stored
    breaks += [Break(event_id, "unsealed") for event_id in sorted(events)]
    return breaks
