"""A referral of a person to a measure. The workflow fields grow with the referrals feature;
eligibility already reads which measures a person was referred to and completed."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON, BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, column)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.person import Person
from caseworker.models.reference import Measure
from caseworker.models.types import utcnow

# A referral in one of these is not a real use of the measure (for cool-downs and places).
VOID_STATUSES = ("rejected", "declined", "cancelled")
OPEN_STATUSES = ("proposed", "approved", "referred", "started")
# At most one open referral per person and measure: said by the database, so that two
# submissions at the same moment cannot both pass the check (a partial unique index).
_OPEN = column("status").in_(OPEN_STATUSES)
_PROPOSED = column("status") == "proposed"


class Referral(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"))
    allocation_id: Mapped[int | None] = mapped_column(ForeignKey("allocation.id"))
    amount_kzt: Mapped[int | None] = mapped_column(BigInteger)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"))
    # a job on an Employment Roadmap project, where the referral is to one
    project_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_project.id"), index=True)
    # a job referral: the vacancy whose accepted offer made it (offers.operations.answer)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id"), index=True)
    start_on: Mapped[date | None] = mapped_column(Date)
    # Voluntary resettlement: the region the person moves to (its benefit depends on it).
    destination_region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(String(40))  # coded refusal / decline reason
    # The token of the form that created it: a form submitted twice creates one referral.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    proposed_on: Mapped[date] = mapped_column(Date)
    status_on: Mapped[date] = mapped_column(Date)
    # What the eligibility engine said when the referral was made, and under which rules.
    verdict: Mapped[dict] = mapped_column(JSON, default=dict)
    rules_version: Mapped[int] = mapped_column(Integer, default=1)
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    person: Mapped[Person] = relationship()
    measure: Mapped[Measure] = relationship()
    provider = relationship("Provider")
    destination = relationship("Region")
    project = relationship("RoadmapProject")
    allocation = relationship("Allocation")
    created_by = relationship("User")
    letters = relationship("Letter", back_populates="referral", order_by="Letter.id")
    events = relationship("ReferralEvent", order_by="ReferralEvent.id")
    # every outcome recorded, a voided one too, oldest first; `outcome` is the one in force
    outcomes = relationship("Outcome", order_by="Outcome.id", back_populates="referral")

    @property
    def outcome(self):
        """The outcome in force (not void), or None."""
        return next((o for o in self.outcomes if o.voided_at is None), None)

    @property
    def measure_version(self):
        """The version of the measure the referral was judged under (its rules_version):
        whether it needs approval, how long it lasts and what it pays are that version's."""
        return next((v for v in self.measure.versions if v.number == self.rules_version), None)

    @property
    def needs_approval(self) -> bool:
        version = self.measure_version
        return version.needs_approval if version is not None else self.measure.needs_approval

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_referral_person_measure", "person_id", "measure_code", "status"),
        Index("ix_referral_measure_status", "measure_code", "status"),
        # places and funds used of an allocation, read from the index alone
        Index("ix_referral_allocation_use", "allocation_id", "status", "amount_kzt"),
        Index("uq_referral_open", "person_id", "measure_code", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
        # a person's proposed referrals with the version they were judged under: the
        # approvals a supervisor's work queue counts, from the index alone
        Index("ix_referral_proposed", "person_id", "measure_code", "rules_version",
              sqlite_where=_PROPOSED, postgresql_where=_PROPOSED),
    )
