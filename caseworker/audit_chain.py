"""Sealing the audit log into a keyed hash chain, and verifying it.

Each event is written with a mac: HMAC-SHA256(audit key, its fields), so an event inserted
into the table by someone without the key (after the last seal, or into a gap of ids) is
never adopted by a seal and shows as `forged`. Each seal is HMAC-SHA256(audit key, previous
digest | the event's fields), written in event order by a command or the schedule, never
inside a request. After each seal the last digest, its event and the count of seals are
appended to an anchor kept outside the database (a file, and a log line): a cut tail (the
last events deleted with their seals) no longer holds the anchored seal and shows as `cut`.
The key is the audit's own (`CASEWORKER_AUDIT_KEY`), never the session secret.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from caseworker import anchor_store
from caseworker.extensions import db
from caseworker.models import AuditEvent, AuditSeal
from caseworker.models.types import utcnow

GENESIS = "0" * 64
BATCH = 5000
log = logging.getLogger("caseworker.audit")


def _fields(event: AuditEvent) -> tuple:
    return (event.at.isoformat(), event.user_id, event.role, event.action,
            event.record_type, event.record_id, event.address, event.request_id)


def _join(fields: Iterable) -> bytes:
    return "|".join("" if f is None else str(f) for f in fields).encode()


def _payload(event: AuditEvent) -> bytes:
    fields = (event.id, *_fields(event))
    if event.happened_on is not None:  # events without a day keep the digests they had
        fields += (event.happened_on.isoformat(),)
    if event.provider_id is not None:  # nor do events of a user
        fields += (f"provider:{event.provider_id}",)
    return _join(fields)


def mac(key: str, event: AuditEvent) -> str:
    """The event's own mark, made when it is written (its id is not known yet)."""
    day = event.happened_on.isoformat() if event.happened_on is not None else None
    fields = (*_fields(event), day)
    if event.provider_id is not None:  # an organisation's answer through its link
        fields += (f"provider:{event.provider_id}",)
    return hmac.new(key.encode(), _join(fields), hashlib.sha256).hexdigest()


def marker(key: str, at, action: str, record_type: str | None, address: str | None,
           request_id: str | None):
    """`mac` of many events written at one moment with one action (a bulk write), given
    each one's record id, user id, role and day: the key and the fields before the record id
    hashed once (once a user), not again for each row."""
    keyed = hmac.new(key.encode(), digestmod=hashlib.sha256)
    heads: dict[tuple, object] = {}

    def mark(record_id, user_id, role, day) -> str:
        head = heads.get((user_id, role))
        if head is None:
            head = heads[(user_id, role)] = keyed.copy()
            head.update(_join((at.isoformat(), user_id, role, action, record_type)) + b"|")
        marked = head.copy()
        marked.update(_join((record_id, address, request_id,
                             day.isoformat() if day is not None else None)))
        return marked.hexdigest()
    return mark


def genuine(key: str, event: AuditEvent) -> bool:
    return event.mac is not None and hmac.compare_digest(event.mac, mac(key, event))


def digest(secret: str, previous: str, event: AuditEvent) -> str:
    return hmac.new(secret.encode(), previous.encode() + b"|" + _payload(event),
                    hashlib.sha256).hexdigest()


def seal(secret: str, skipped: list[int] | None = None) -> int:
    """Seal every genuine event not sealed yet, in order; returns how many. An event without
    a right mac is left out (added to `skipped`; verify names it). The caller commits."""
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
            after = event.id
            if not genuine(secret, event):
                log.warning("audit event %s has no valid mark: not sealed", event.id)
                if skipped is not None:
                    skipped.append(event.id)
                continue
            previous = digest(secret, previous, event)
            db.session.add(AuditSeal(event_id=event.id, digest=previous))
            count += 1
        db.session.flush()


@dataclass(frozen=True)
class Anchor:
    event_id: int
    seals: int
    digest: str

    def line(self) -> str:
        return f"event={self.event_id} seals={self.seals} digest={self.digest}"


def current_anchor() -> Anchor | None:
    last = db.session.execute(select(AuditSeal.event_id, AuditSeal.digest)
                              .order_by(AuditSeal.event_id.desc()).limit(1)).first()
    if last is None:
        return None
    return Anchor(last.event_id, db.session.scalar(select(func.count()).select_from(AuditSeal)),
                  last.digest)


def seal_and_anchor(secret: str, anchor_file: str | None,
                    skipped: list[int] | None = None, redis_url: str | None = None) -> int:
    """Seal, commit, then append the new last seal to the anchor file (made 0600), the log and,
    when there is one, Redis (a store every server reaches): only committed seals are
    anchored."""
    count = seal(secret, skipped)
    db.session.commit()
    anchor = current_anchor()
    if count and anchor is not None:
        log.info("audit anchor %s", anchor.line())
        if anchor_file:
            path = Path(anchor_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a") as out:
                out.write(f"{utcnow().isoformat(timespec='seconds')} {anchor.line()}\n")
        if redis_url:
            anchor_store.push(redis_url, f"{utcnow().isoformat(timespec='seconds')} "
                                         f"{anchor.line()}")
    return count


def read_anchors(text: str) -> list[Anchor]:
    """The anchors of a file (or of lines printed by `flask audit anchor`); other lines are
    ignored, a malformed anchor line raises ValueError."""
    found = []
    for line in text.splitlines():
        parts = dict(p.split("=", 1) for p in line.split() if "=" in p)
        if "event" not in parts:
            continue
        try:
            found.append(Anchor(int(parts["event"]), int(parts["seals"]), parts["digest"]))
        except (KeyError, ValueError):
            raise ValueError(f"not an anchor line: {line[:120]}") from None
    return found


@dataclass
class Break:
    event_id: int
    why: str   # changed | removed | unsealed | forged | cut


def verify(secret: str, anchors: list[Anchor] = ()) -> list[Break]:
    """Walk the sealed chain; the first break of each kind is enough to act on. Events after
    the last seal must carry a right mark; each anchor's seal must be there as anchored."""
    seals = db.session.execute(select(AuditSeal.event_id, AuditSeal.digest)
                               .order_by(AuditSeal.event_id)).all()
    last_sealed = seals[-1].event_id if seals else 0
    events = {e.id: e for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.id <= last_sealed))}
    breaks: list[Break] = []
    previous = GENESIS
    for event_id, stored in seals:
        event = events.pop(event_id, None)
        if event is None:
            breaks.append(Break(event_id, "removed"))
        elif digest(secret, previous, event) != stored:
            breaks.append(Break(event_id, "changed"))
        previous = stored
    breaks += [Break(event.id, "unsealed" if genuine(secret, event) else "forged")
               for event in sorted(events.values(), key=lambda e: e.id)]
    breaks += [Break(event.id, "forged") for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.id > last_sealed).order_by(AuditEvent.id))
        if not genuine(secret, event)]
    by_event = {s.event_id: (n, s.digest) for n, s in enumerate(seals, start=1)}
    for anchor in dict.fromkeys(anchors):  # one anchor kept in the file and in Redis: once
        if by_event.get(anchor.event_id) != (anchor.seals, anchor.digest):
            breaks.append(Break(anchor.event_id, "cut"))
    return breaks


def verify_report(secret: str, anchor_file: str, given: bool = False,
                  redis_url: str | None = None) -> tuple[int, list[str]]:
    """What `flask audit verify` (and a restore) says: an exit code and lines. The anchor file
    is read when it exists (it must, when `given`), and the anchors in Redis when it is set
    and reached."""
    path = Path(anchor_file)
    anchors: list[Anchor] = []
    notes: list[str] = []
    try:
        if path.exists():
            anchors = read_anchors(path.read_text())
            notes.append(f"audit: {len(anchors)} anchors checked")
        elif given:
            return 2, [f"audit: no anchor file {anchor_file}"]
        kept = anchor_store.read(redis_url) if redis_url else None
        if kept is not None:
            found = read_anchors(kept)
            anchors += found
            notes.append(f"audit: {len(found)} anchors in Redis checked")
    except ValueError as bad:
        return 2, [f"audit: {bad}"]
    if redis_url and kept is None:
        notes.append("audit: the anchors in Redis cannot be reached; not checked")
    if not anchors:
        notes.append("audit: no anchors; the tail is not checked")
    breaks = verify(secret, anchors)
    lines = [f"audit event {b.event_id}: {b.why}" for b in breaks[:20]]
    if breaks:
        return 1, lines
    return 0, notes + ["audit: the chain is intact"]
