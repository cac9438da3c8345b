"""The keys an API client sent with its POSTs (the Idempotency-Key header), per token: what
the request was (a hash of its method, path and body) and the answer it got, so that the same
request sent again is answered the same without being run twice. A key is claimed in the
same transaction as the request's writes: the unique index makes a second run of the same
key fail there, with nothing of it kept."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.extensions import db
from caseworker.models.types import utcnow


class IdempotencyKey(db.Model):
    __tablename__ = "idempotency_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    # the answer; null while the request that claimed the key has not answered yet
    status: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_idempotency_token_key"),
                      Index("ix_idempotency_key_expires_at", "expires_at"))
