"""What came of a referral, and the checks 3, 6 and 12 months later."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Voidable
from caseworker.models.types import utcnow

OUTCOME_KINDS = ("permanent_job", "temporary_job", "business_opened", "training_certificate",
                 "not_employed", "other")
JOB_KINDS = ("permanent_job", "temporary_job", "business_opened")
FOLLOW_UP_MONTHS = (3, 6, 12)
SOURCES = ("employer", "client_call", "record", "could_not_verify")
LIVE = text("voided_at IS NULL")


class Outcome(Voidable, db.Model):
    """What came of a referral. One that is not void per referral (the database says so); a
    voided one stays, and a corrected outcome is recorded after it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    employer: Mapped[str | None] = mapped_column(String(300))
    start_on: Mapped[date] = mapped_column(Date)
    wage_kzt: Mapped[int | None] = mapped_column(BigInteger)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # What the outcome changed, so that voiding it puts it back: the person's status before
    # it made them "employed", and the registration episode it closed.
    status_before: Mapped[str | None] = mapped_column(String(20))
    closed_episode_id: Mapped[int | None] = mapped_column(ForeignKey("registration_episode.id"))

    follow_ups = relationship("FollowUp", order_by=lambda: [FollowUp.months, FollowUp.id],
                              back_populates="outcome")
    referral = relationship("Referral", back_populates="outcomes")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])

    __table_args__ = (Index("uq_outcome_live", "referral_id", unique=True,
                            sqlite_where=LIVE, postgresql_where=LIVE),)


class FollowUp(Voidable, db.Model):
    """A check planned at `months`. A voided check stays; a new open check of the same months
    takes its place (unless its outcome was voided)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id"))
    months: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    checked_on: Mapped[date | None] = mapped_column(Date)
    still_employed: Mapped[bool | None] = mapped_column()
    source: Mapped[str | None] = mapped_column(String(20))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)  # when it was entered (UTC)

    outcome = relationship("Outcome", back_populates="follow_ups")
    checked_by = relationship("User", foreign_keys=[checked_by_id])

    # an outcome's checks still open (lists reach them through the persons in scope)
    __table_args__ = (Index("ix_follow_up_outcome_open", "outcome_id", "checked_on", "due_on"),)
