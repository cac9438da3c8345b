"""Referral letters: numbered region-year-sequence, never reused; a reissue cancels the old."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import (
    Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint, column,
    text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.types import utcnow


class LetterCounter(db.Model):
    """The last number used per region and year; taken with an atomic UPDATE ... RETURNING."""
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


# One letter in force per referral: a reissue cancels the old one in the same transaction,
# and the database refuses a second genuine letter issued at the same moment.
_GENUINE = column("status") == "genuine"


class Letter(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(String(10), default="genuine")  # genuine | cancelled
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    referral = relationship("Referral", back_populates="letters")
    issued_by = relationship("User", foreign_keys=[issued_by_id])
    cancelled_by = relationship("User", foreign_keys=[cancelled_by_id])
    # the receiving organisation's answer link in force (what the letter prints of it)
    answer_link = relationship(
        "AnswerLink", viewonly=True, uselist=False,
        primaryjoin="and_(AnswerLink.letter_id == Letter.id, AnswerLink.revoked_at.is_(None))")

    __table_args__ = (Index("uq_letter_genuine", "referral_id", unique=True,
                            sqlite_where=_GENUINE, postgresql_where=_GENUINE),)

    VALID_DAYS = 30  # the letter says it is valid for as long from the day it is issued

    @property
    def valid_until(self) -> date:
        return self.issued_on + timedelta(days=self.VALID_DAYS)


class ReferralEvent(db.Model):
    """One transition of a referral: when it happened and when it was recorded, by whom."""
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(1000))
    # A step the receiving organisation recorded itself, through the answer link on the
    # letter (then no user recorded it), and the organisation's own coded reason of a "not
    # hired" (`workflow.EMPLOYER_REASONS`).
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"))
    employer_reason: Mapped[str | None] = mapped_column(String(40))
    # An organisation's answer the caseworker has opened: when, and who opened its referral.
    seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user = relationship("User", foreign_keys=[user_id])
    provider = relationship("Provider")

    __table_args__ = (UniqueConstraint("referral_id", "recorded_at", "to_status"),
                      # the answers an organisation gave through its links
                      Index("ix_referral_event_provider", "provider_id", "recorded_at"),
                      # ... and those nobody has opened yet (the work queue counts them)
                      Index("ix_referral_event_unseen", "referral_id",
                            postgresql_where=text("provider_id IS NOT NULL AND seen_at IS NULL"),
                            sqlite_where=text("provider_id IS NOT NULL AND seen_at IS NULL")))


class LetterBatch(db.Model):
    """One PDF of the letters a district issued on a day, made for a supervisor to print;
    kept only until the next batch of the district (it holds personal data): one per district,
    which the database keeps when two are made at the same moment."""
    __tablename__ = "letter_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True, unique=True)
    made_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    made_on: Mapped[date] = mapped_column(Date)
    letters: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UndoneStep(db.Model):
    """A referral's step recorded by mistake and undone (its last step, by its author or the
    district's supervisor, with a reason): the step as it was, and who undid it, when and why.
    The step itself leaves `referral_event`, so that nothing counts it any more."""
    __tablename__ = "undone_step"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"))
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(1000))
    undone_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    undo_reason: Mapped[str] = mapped_column(String(1000))

    user = relationship("User", foreign_keys=[user_id])
    undone_by = relationship("User", foreign_keys=[undone_by_id])
    provider = relationship("Provider")
