"""Reference data: target groups, the measures catalogue and its versions by date, MCI by date,
pension ages."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, Numeric, String,
    Text,
    UniqueConstraint, or_, select, text)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker import clock
from caseworker.domain import versions as dated
from caseworker.extensions import db
from caseworker.models.mixins import Named, said_in_language


class TargetGroup(Named, db.Model):
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Filled when the group is computed from the profile rather than ticked.
    derived_from: Mapped[str | None] = mapped_column(Text)


class MeasureVersion(db.Model):
    """What a measure is from one day to another: its eligibility rules, its benefit, its longest
    duration and whether a referral needs approval, in force from `valid_from` to `valid_to`
    (the last day; None: until a later version). A measure's versions never overlap: the
    operation that adds one checks it under the measure's row lock, and the database keeps one
    version per start day and one open version per measure. `number` counts a measure's
    versions (1, 2, ...): a referral keeps the one it was judged under (Referral.rules_version)."""
    __tablename__ = "measure_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"))
    number: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Eligibility rules as data (the rule columns of measures.csv).
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    # A referral that commits more than its allocation's funds left: "refuse" always, or
    # "approval": a supervisor may make it with a recorded reason.
    over_funds: Mapped[str] = mapped_column(String(10), default="approval",
                                            server_default="approval")
    benefit_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    benefit_unit: Mapped[str] = mapped_column(String(30), default="none")  # dated.UNITS
    benefit_period: Mapped[str | None] = mapped_column(String(40))
    # A move to one of these regions (KATO) is paid this amount instead (resettlement).
    amount_by_region: Mapped[dict] = mapped_column(JSON, default=dict)
    max_months: Mapped[int | None] = mapped_column(Integer)
    # The decree or order it follows, in the three languages (`source`: the reader's).
    source_kk: Mapped[str | None] = mapped_column(Text)
    source_ru: Mapped[str | None] = mapped_column(Text)
    source_en: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(String(20))

    measure: Mapped["Measure"] = relationship(back_populates="versions")

    __table_args__ = (
        UniqueConstraint("measure_code", "number", name="uq_measure_version_number"),
        UniqueConstraint("measure_code", "valid_from", name="uq_measure_version_valid_from"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="ends_after_start"),
        Index("uq_measure_version_open", "measure_code", unique=True,
              sqlite_where=text("valid_to IS NULL"), postgresql_where=text("valid_to IS NULL")),
    )

    source = said_in_language("source")

    def amount_to(self, region_kato: str | None) -> Decimal | None:
        """The amount of a move to that region (the version's own, unless the region has one)."""
        special = (self.amount_by_region or {}).get(region_kato or "")
        return Decimal(str(special)) if special is not None else self.benefit_amount


class WithdrawnVersion(db.Model):
    """A version added by mistake (a wrong amount or day of a decree not yet in force), taken
    back before its first day: what it said, with who withdrew it, when and why. The measure's
    page lists it; its number is never given to another version."""
    __tablename__ = "withdrawn_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    said: Mapped[dict] = mapped_column(JSON, default=dict)  # rules, benefit, source_kk...
    reason: Mapped[str] = mapped_column(Text)
    withdrawn_at: Mapped[datetime] = mapped_column(DateTime)
    withdrawn_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    withdrawn_by = relationship("User")


def _in_force(name: str, default=None):
    """An attribute of the version in force today, for what shows the catalogue as it stands
    (in SQL too, as a subquery); anything dated asks `measure.version_on(day)`."""
    def value(self):
        version = self.current
        return getattr(version, name) if version is not None else default

    def expression(cls):
        today = clock.today()
        return (select(getattr(MeasureVersion, name)).where(
            MeasureVersion.measure_code == cls.code, MeasureVersion.valid_from <= today,
            or_(MeasureVersion.valid_to.is_(None), MeasureVersion.valid_to >= today))
            .scalar_subquery())
    return hybrid_property(value, expr=expression)


class Measure(Named, db.Model):
    """A measure of the catalogue: what it is called and what counts as its outcome. What it
    pays and whom it takes are its versions, by date."""
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    counts_as_outcome: Mapped[str | None] = mapped_column(Text)
    # What does not fit a column, in the three languages (`notes`: the reader's).
    notes_kk: Mapped[str | None] = mapped_column(Text)
    notes_ru: Mapped[str | None] = mapped_column(Text)
    notes_en: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    versions: Mapped[list[MeasureVersion]] = relationship(
        back_populates="measure", order_by=MeasureVersion.valid_from, lazy="selectin")

    def version_on(self, day: date) -> MeasureVersion | None:
        return dated.in_force(self.versions, day)

    @property
    def current(self) -> MeasureVersion | None:
        return self.version_on(clock.today())

    notes = said_in_language("notes")
    rules = _in_force("rules", {})
    rules_version = _in_force("number")
    needs_approval = _in_force("needs_approval", False)
    benefit_amount = _in_force("benefit_amount")
    benefit_unit = _in_force("benefit_unit", "none")
    benefit_period = _in_force("benefit_period")
    max_months = _in_force("max_months")

    @property
    def moves_person(self) -> bool:
        """Voluntary resettlement: a referral names the region the person moves to."""
        return self.kind == "mobility"

    @property
    def pays_nothing(self) -> bool:
        """The person is paid nothing (a free course): a referral to it has no amount."""
        return self.benefit_period == "course"


class ResettlementRate(db.Model):
    """A region that receives voluntary resettlement, for one group (`resettler`: from a
    labour-surplus region; `kandas`: an ethnic Kazakh returnee), from `valid_from` to
    `valid_to` (the last day; None: until a later row), with the allowance per family member
    in MCI, as the minister's order for the year lists it (`source`, `confidence`). Astana and
    Almaty never receive (the loader refuses them)."""
    __tablename__ = "resettlement_rate"
    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(20))  # resettler | kandas
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    mci_per_member: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    source: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(20))

    region = relationship("Region")

    __table_args__ = (
        UniqueConstraint("group", "region_id", "valid_from", name="uq_resettlement_rate_start"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from",
                        name="resettlement_ends_after_start"),
        CheckConstraint("\"group\" IN ('resettler', 'kandas')", name="resettlement_group"),
    )


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
