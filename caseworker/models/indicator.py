"""Plans for the indicators, and the frozen month-end figures that were reported.

The indicators themselves are data in code (`caseworker.indicators.definitions`): a plan row
names one by its code.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, event, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.geo import District, Region
from caseworker.models.types import utcnow


class IndicatorPlan(db.Model):
    """The target of an indicator for a region (or one of its districts) in a year."""
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(40))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    # the district, or 0 for the whole region: its place in the unique key (NULLs would not
    # collide there, so two plans of a whole region could be inserted at the same instant)
    district_key: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    year: Mapped[int] = mapped_column(Integer)
    target: Mapped[int] = mapped_column(BigInteger)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # what the plans' form was opened on: a save from an older form is refused (409)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    region: Mapped[Region] = relationship()
    district: Mapped[District | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        Index("ux_indicator_plan_key", "year", "indicator_code", "region_id", "district_key",
              unique=True),
    )


@event.listens_for(IndicatorPlan, "before_insert")
@event.listens_for(IndicatorPlan, "before_update")
def _district_key(_mapper, _connection, plan: IndicatorPlan) -> None:
    plan.district_key = plan.district_id or 0


class IndicatorSnapshot(db.Model):
    """A region's figure for an indicator as it stood at a closed month's end, kept so that
    later edits of case data do not change what was reported."""
    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    indicator_code: Mapped[str] = mapped_column(String(40))
    definition_version: Mapped[int] = mapped_column(Integer)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    fact: Mapped[int] = mapped_column(BigInteger)
    # How many persons or referrals the fact rests on (what suppression looks at).
    units: Mapped[int] = mapped_column(BigInteger)
    plan: Mapped[int | None] = mapped_column(BigInteger)
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    __table_args__ = (
        Index("ix_indicator_snapshot_key", "as_of", "indicator_code", "region_id", unique=True),
    )


class IndicatorDay(db.Model):
    """What the persons of a district add to an indicator on a day (grain "d"), in a month
    (grain "m", dated the 1st) and in the year (grain "y", dated the 1st of January), per year
    of the period: the summary the indicator pages read
    (see indicators/summary.py). Kept current on every flush that changes a referral, its
    events or outcome, a payment, a project's progress entry, or a person's district; `flask
    indicators summary` rebuilds it."""
    __tablename__ = "indicator_day"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    indicator_code: Mapped[str] = mapped_column(String(40))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    # None: a figure of the whole region (a Roadmap project of no one district)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    grain: Mapped[str] = mapped_column(String(1))
    day: Mapped[date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    units: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (
        Index("ix_indicator_day_key", "year", "indicator_code", "district_id", "grain", "day",
              unique=True),
        # the key of a row of a whole region (no district): NULLs never collide in the index
        # above, so without this one each add of such a cell would insert a row of its own
        Index("ix_indicator_day_region_key", "year", "indicator_code", "region_id", "grain",
              "day", unique=True, sqlite_where=text("district_id IS NULL"),
              postgresql_where=text("district_id IS NULL")),
        Index("ix_indicator_day_read", "year", "grain", "day"),
        # one indicator of one region by month (a region's money chart)
        Index("ix_indicator_day_region", "indicator_code", "region_id", "year", "grain", "day"),
    )
