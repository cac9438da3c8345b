"""The audit log: who did what to which record, never personal data. Append-only."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.extensions import db
from caseworker.models.types import BigId, utcnow


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(20))
    # an organisation that acted without an account (its answer link), instead of a user
    provider_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(45))
    request_id: Mapped[str | None] = mapped_column(String(40))
    # the day the recorded event happened, where the write records one (a registration, a
    # referral's step, a contact...): an entry made long after it shows as late
    happened_on: Mapped[date | None] = mapped_column(Date)
    # HMAC of the fields with the audit key, made when written: a row inserted by someone
    # without the key is never sealed (caseworker.audit_chain)
    mac: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_event_record", "record_type", "record_id"),)


class AuditSeal(db.Model):
    """The hash chain over the audit log: each seal covers one event and the seal before it,
    keyed with the audit's own key, so a changed, removed or inserted event breaks the chain.
    Written by `flask audit seal` (not inside requests), in event order."""
    event_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    digest: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
