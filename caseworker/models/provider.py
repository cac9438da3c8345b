"""Employers, training providers, microfinance organisations and grant commissions."""
from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.extensions import db

PROVIDER_KINDS = ("employer", "training", "microfinance", "grant_commission", "akimat")
# Which providers a person is referred to, by the measure's kind (a kind not named: any).
KINDS_FOR_MEASURE = {
    "grant": ("grant_commission",), "credit": ("microfinance",), "training": ("training",),
    "subsidised_job": ("employer",), "public_works": ("employer", "akimat"),
    "placement": ("employer",), "mobility": ("akimat",),
}


class Provider(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_search: Mapped[str] = mapped_column(String(300))
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_provider_region_name", "region_id", "name_search"),)
