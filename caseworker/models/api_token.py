"""Per-user tokens for the JSON API. Only a SHA-256 hash of the secret is stored; the
prefix is kept to tell tokens apart on the page. Revoked tokens stay, for the record."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.types import utcnow
from caseworker.models.user import User


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None
