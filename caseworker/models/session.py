"""Server-side sessions (one row per logged-in browser) and second-factor recovery codes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.extensions import db
from caseworker.models.types import BigId, utcnow


class UserSession(db.Model):
    """A login's session: the cookie holds a random token, this row its SHA-256. Ending a
    session deletes the row; the schedule removes those past the idle or absolute limit."""
    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    address: Mapped[str | None] = mapped_column(String(45))
    agent: Mapped[str | None] = mapped_column(String(200))


class RecoveryCode(db.Model):
    """A one-time code to log in without the authenticator, stored as its SHA-256."""
    __tablename__ = "recovery_code"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
