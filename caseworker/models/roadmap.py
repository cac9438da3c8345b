"""Employment Roadmap projects: infrastructure and other projects of a region (or one of its
districts) that create jobs; the career centre refers persons to those jobs."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.geo import District, Region
from caseworker.models.types import utcnow

JOB_KINDS = ("permanent", "temporary")


class RoadmapProject(db.Model):
    __tablename__ = "roadmap_project"
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    jobs_kind: Mapped[str] = mapped_column(String(10))  # permanent | temporary
    jobs_planned: Mapped[int] = mapped_column(Integer, default=0)
    # every job the project has created, whoever filled it (the referrals are counted apart)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    funds_allocated_kzt: Mapped[int] = mapped_column(BigInteger, default=0)
    funds_used_kzt: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    region: Mapped[Region] = relationship()
    district: Mapped[District | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_roadmap_project_region_year", "region_id", "year"),)
