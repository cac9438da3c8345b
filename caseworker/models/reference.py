"""Reference data: target groups, the measures catalogue, MCI by date, pension ages."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Named
from caseworker.models.types import utcnow


class TargetGroup(Named, db.Model):
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Filled when the group is computed from the profile rather than ticked.
    derived_from: Mapped[str | None] = mapped_column(Text)


class Measure(Named, db.Model):
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Eligibility rules as data (the rule columns of measures.csv); bumped version on edit.
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    rules_version: Mapped[int] = mapped_column(Integer, default=1)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    benefit_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    benefit_unit: Mapped[str] = mapped_column(String(30), default="none")
    benefit_period: Mapped[str | None] = mapped_column(String(40))
    max_months: Mapped[int | None] = mapped_column(Integer)
    counts_as_outcome: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def moves_person(self) -> bool:
        """Voluntary resettlement: a referral names the region the person moves to."""
        return self.kind == "mobility"

    @property
    def pays_nothing(self) -> bool:
        """The person is paid nothing (a free course): a referral to it has no amount."""
        return self.benefit_period == "course"


class MciRate(db.Model):
    effective_from: Mapped[date] = mapped_column(Date, primary_key=True)
    mci_kzt: Mapped[int] = mapped_column(Integer)
    min_wage_kzt: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[str] = mapped_column(String(20))


class PensionAge(db.Model):
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    men: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    women: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    confidence: Mapped[str] = mapped_column(String(20))


class MeasureVersion(db.Model):
    """A measure as an admin saved it: every field of the catalogue entry, so that what the
    rules said when a referral was made (its `rules_version`) can always be read back."""
    __tablename__ = "measure_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"), index=True)
    rules_version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    changed: Mapped[list] = mapped_column(JSON, default=list)  # the fields this save changed
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    saved_by = relationship("User")
