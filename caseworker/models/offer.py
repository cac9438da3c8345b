"""A suitable-job offer: a vacancy offered to a person on a day, and the person's answer
(accepted: a referral to the job; refused with a coded reason; no answer). Whether the offer
was suitable is judged by the rules of its day (domain.suitable) and kept with the reasons,
so a later change of the rules never rewrites it. An answer entered by mistake is voided,
never deleted; the offer then waits for its answer again."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.types import utcnow

OFFER_STATES = ("offered", "accepted", "refused", "no_answer")
ANSWERS = ("accepted", "refused", "no_answer")
# Why a person refused an offer (coded; "other" with a note).
REFUSAL_REASONS = ("wage", "distance", "schedule", "health", "occupation", "family",
                   "found_work", "other")
PROPOSAL_STATES = ("pending", "confirmed", "rejected")


class Offer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id"))
    offered_on: Mapped[date] = mapped_column(Date)
    offered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    state: Mapped[str] = mapped_column(String(12), default="offered")
    # The answer in force: its day, the coded reason of a refusal and a note, who entered it
    # and when. Voided, these are cleared and kept in the offer's answers' history (the audit
    # and `void_reason` below say what was voided).
    answered_on: Mapped[date | None] = mapped_column(Date)
    refusal_reason: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The referral to the job an accepted offer made (its numbered letter).
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))
    # Suitable by the rules of `offered_on`: the verdict and each rule's outcome.
    suitable: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    rules_from: Mapped[date | None] = mapped_column(Date)  # the version of the rules judged by
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # The last answer voided: when, by whom, why (the offer is "offered" again).
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    person = relationship("Person")
    vacancy = relationship("Vacancy")
    referral = relationship("Referral")
    offered_by = relationship("User", foreign_keys=[offered_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    voided_by = relationship("User", foreign_keys=[voided_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("state IN ('offered', 'accepted', 'refused', 'no_answer')",
                        name="offer_state"),
        CheckConstraint("answered_on IS NULL OR answered_on >= offered_on",
                        name="offer_answer_after"),
        Index("ix_offer_person", "person_id", "offered_on"),
        Index("ix_offer_vacancy", "vacancy_id", "state"),
    )


class DeregistrationProposal(db.Model):
    """After a person's second refusal of a suitable offer, the app proposes deregistration
    ("refused two offers of suitable work") to the district's supervisor, who confirms it (the
    person is deregistered on the day of the refusal) or rejects it with a reason."""
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"))  # the second refusal
    proposed_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    person = relationship("Person")
    offer = relationship("Offer")
    decided_by = relationship("User")

    __table_args__ = (
        CheckConstraint("state IN ('pending', 'confirmed', 'rejected')",
                        name="proposal_state"),
        Index("ix_proposal_district_state", "district_id", "state"),
        Index("ix_proposal_person", "person_id", "state"),
    )
