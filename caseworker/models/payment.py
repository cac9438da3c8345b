"""Money paid against referrals: payments (never edited; a reversal corrects one), and for
subsidised jobs the employer's contract and a timesheet per month."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text,
    UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.types import BigId, utcnow


class Entered:
    """Money's records say who entered them, and when (UTC)."""
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class Contract(Entered, db.Model):
    """The employer's contract of a subsidised job: one per referral, editable until the
    first payment."""
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    position: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    monthly_wage_kzt: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    referral = relationship("Referral")
    timesheets: Mapped[list[Timesheet]] = relationship(
        back_populates="contract", order_by="Timesheet.month")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("monthly_wage_kzt > 0", name="wage"),
    )


class Timesheet(Entered, db.Model):
    """Days worked in one month of a contract, and the subsidy they give (worked out when
    the timesheet was entered: wage, share, the month's MCI cap and working days)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    days_worked: Mapped[int] = mapped_column(Integer)
    working_days: Mapped[int] = mapped_column(Integer)
    subsidy_kzt: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    contract: Mapped[Contract] = relationship(back_populates="timesheets")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("contract_id", "month", name="uq_timesheet_month"),
        CheckConstraint("days_worked >= 0 AND days_worked <= working_days",
                        name="days"),
    )


class Payment(Entered, db.Model):
    """Money paid against a referral on a (local) day. Never edited: a reversal is a payment
    of the opposite amount that names the one it reverses, with a reason.

    `month_round` keeps "a month is paid once" in the database without editing a payment:
    the first payment of a month is round 0, one made after it was reversed round 1, ...;
    two payments of the same month and round cannot both be stored."""
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"))
    kind: Mapped[str] = mapped_column(String(20))
    amount_kzt: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(60))
    month: Mapped[date | None] = mapped_column(Date)  # a wage subsidy's month (its 1st day)
    month_round: Mapped[int | None] = mapped_column(Integer)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)
    # Where and for what it was paid, as it stood when entered (the person may move later;
    # "funds used" of a region counts what its districts paid).
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    source: Mapped[str] = mapped_column(String(10), default="form")  # form | api | import

    referral = relationship("Referral")
    entered_by = relationship("User")
    reverses = relationship("Payment", remote_side=[id], foreign_keys=[reverses_id])

    __table_args__ = (
        UniqueConstraint("referral_id", "document_number", name="uq_payment_document"),
        UniqueConstraint("referral_id", "month", "month_round", name="uq_payment_month"),
        CheckConstraint("amount_kzt <> 0", name="amount"),
        CheckConstraint("(reverses_id IS NULL AND amount_kzt > 0) OR "
                        "(reverses_id IS NOT NULL AND amount_kzt < 0 AND reason IS NOT NULL)",
                        name="reversal"),
        Index("ix_payment_referral", "referral_id", "paid_on"),
        Index("ix_payment_place", "region_id", "district_id", "measure_code", "paid_on"),
        Index("ix_payment_paid_on", "paid_on"),
    )


class CommitmentChange(Entered, db.Model):
    """A referral's commitment raised after it was made (to pay more than it committed): from
    and to, why, and the supervisor's reason where it went beyond the funds left."""
    __tablename__ = "commitment_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    from_kzt: Mapped[int | None] = mapped_column(BigInteger)
    to_kzt: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)
    override_reason: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)

    entered_by = relationship("User")

    __table_args__ = (CheckConstraint("to_kzt > 0", name="raised"),)
