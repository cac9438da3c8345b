"""Regions, districts and the career centre of each district."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Named


class Region(Named, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kato: Mapped[str] = mapped_column(String(9), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # region | city
    centre_en: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[date | None] = mapped_column(Date)
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
