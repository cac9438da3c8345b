"""The private link printed on a referral letter for the organisation that receives the person:
with it the organisation answers the referral without an account. The database keeps the
code's hash (keyed with the server's secret), never the code."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.types import utcnow

# One live link per letter: a renewed link revokes the one before it.
_LIVE = column("revoked_at").is_(None)


class AnswerLink(db.Model):
    __tablename__ = "answer_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id"), index=True)
    # random bytes (hex) the printed code is made from with the server's key: the letter can
    # be printed again, and neither column gives the code to someone without the key
    nonce: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    letter = relationship("Letter")

    __table_args__ = (Index("uq_answer_link_live", "letter_id", unique=True,
                            sqlite_where=_LIVE, postgresql_where=_LIVE),)
