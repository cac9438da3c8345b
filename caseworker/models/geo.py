"""Regions, districts and the career centre of each district; territory by date: a district's
region by date (DistrictRegion), earlier names (TerritoryName) and earlier KATO codes
(TerritoryCode). The columns of Region and District hold what they are today; the dated rows
say what they were (`domain.territory`)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, false)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Named


class Region(Named, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kato: Mapped[str] = mapped_column(String(9), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # region | city
    centre_en: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[date | None] = mapped_column(Date)  # None: before the records
    valid_to: Mapped[date | None] = mapped_column(Date)  # the last day; None: still exists
    split_from: Mapped[str | None] = mapped_column(String(9))
    labour_surplus: Mapped[bool] = mapped_column(Boolean, default=False)

    districts: Mapped[list[District]] = relationship(
        back_populates="region", order_by="District.kato")


class District(Named, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kato: Mapped[str] = mapped_column(String(9), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    urban: Mapped[bool] = mapped_column(Boolean, default=False)
    # "public" when the name comes from public sources, "demo" when made up for the demo;
    # a code not (yet) seen in the statistics committee's classifier is "unconfirmed".
    name_source: Mapped[str] = mapped_column(String(10), default="public")
    kato_source: Mapped[str] = mapped_column(String(20), default="public")
    valid_from: Mapped[date | None] = mapped_column(Date)  # formed; None: before the records
    valid_to: Mapped[date | None] = mapped_column(Date)  # the last day; None: still exists

    region: Mapped[Region] = relationship(back_populates="districts")
    centre: Mapped[CareerCentre | None] = relationship(back_populates="district", uselist=False)


class CareerCentre(Named, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), unique=True)
    address_kk: Mapped[str] = mapped_column(String(300))
    address_ru: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(40))
    head: Mapped[str] = mapped_column(String(200))
    # The head and the phone are made up (demo data, `centre_source = demo`): the letters
    # the centre prints say so.
    # Deferred and without a Python default, so that the territories load into a database
    # migrated to a revision before it (the migration tests do): read it with undefer().
    demo_contacts: Mapped[bool] = mapped_column(Boolean, server_default=false(), deferred=True)
    __mapper_args__ = {"eager_defaults": False}  # nor fetched back after an insert

    district: Mapped[District] = relationship(back_populates="centre")


_ONE_UNIT = "(region_id IS NULL) <> (district_id IS NULL)"
_ENDS = "valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from"


class DistrictRegion(db.Model):
    """The region that held a district from `valid_from` to `valid_to` (inclusive; None: open).
    A district's rows never overlap and leave no day of its life without a region (checked by
    the loader and by `territories.operations`); they may begin before the district was formed:
    the region its territory belonged to."""
    __tablename__ = "district_region"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(String(20))

    district: Mapped[District] = relationship()
    region: Mapped[Region] = relationship()

    __table_args__ = (
        UniqueConstraint("district_id", "valid_from", name="uq_district_region_start"),
        CheckConstraint(_ENDS, name="ends_after_start"),
        Index("ix_district_region_day", "valid_from", "valid_to"),
    )


class _DatedUnitRow:
    """What an earlier name or code carries: the unit it belongs to (a region or a district,
    one of them), the days it was in force, and where that is known from."""
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(String(20))

    @declared_attr.directive
    def __table_args__(cls):  # noqa: N805  (each table gets constraints of its own)
        return (CheckConstraint(_ONE_UNIT, name="one_unit"),
                CheckConstraint(_ENDS, name="ends_after_start"))


class TerritoryName(_DatedUnitRow, Named, db.Model):
    """An earlier name of a region or a district, in force from `valid_from` to `valid_to`;
    on any other day the unit has the name on its own row."""
    __tablename__ = "territory_name"
    id: Mapped[int] = mapped_column(primary_key=True)


class TerritoryCode(_DatedUnitRow, db.Model):
    """An earlier KATO code of a region or a district (Semey's before the 2022 split), in force
    from `valid_from` to `valid_to`; the same code may belong to another unit on other days."""
    __tablename__ = "territory_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    kato: Mapped[str] = mapped_column(String(9), index=True)
