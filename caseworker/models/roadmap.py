"""Employment Roadmap projects: infrastructure and other projects of a region (or one of its
districts) that create jobs; the career centre refers persons to those jobs."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text)
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
    funds_allocated_kzt: Mapped[int] = mapped_column(BigInteger, default=0)
    # The jobs created and funds used are what its progress entries add up to by a date
    # (`ProjectProgress`): every job the project created, whoever filled it (the referrals to
    # its jobs are counted apart).
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    region: Mapped[Region] = relationship()
    district: Mapped[District | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_roadmap_project_region_year", "region_id", "year"),)


class ProjectProgress(db.Model):
    """What a project reported on a day: funds used and jobs created (of which permanent)
    since its last entry. Never edited: a mistaken entry is reversed by an entry of the
    opposite figures that names it, with a reason, dated the day it was corrected. An entry
    that is not a reversal carries a reason only when it was carried over from the figures
    once typed on the project itself (migration 0046)."""
    __tablename__ = "project_progress"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("roadmap_project.id"))
    on: Mapped[date] = mapped_column(Date)
    funds_used_kzt: Mapped[int] = mapped_column(BigInteger, default=0)
    jobs_created: Mapped[int] = mapped_column(Integer, default=0)
    permanent_jobs: Mapped[int] = mapped_column(Integer, default=0)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("project_progress.id"),
                                                    unique=True)
    reason: Mapped[str | None] = mapped_column(Text)
    # Where the project stood when the entry was made (the indicators count it there).
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    project: Mapped[RoadmapProject] = relationship()
    entered_by = relationship("User")
    reverses = relationship("ProjectProgress", remote_side=[id], foreign_keys=[reverses_id])

    __table_args__ = (
        CheckConstraint("(reverses_id IS NULL AND funds_used_kzt >= 0 AND jobs_created >= 0 "
                        "AND permanent_jobs >= 0 AND permanent_jobs <= jobs_created) OR "
                        "(reverses_id IS NOT NULL AND funds_used_kzt <= 0 AND jobs_created <= 0 "
                        "AND permanent_jobs <= 0 AND reason IS NOT NULL)", name="figures"),
        Index("ix_project_progress_project", "project_id", "on"),
        Index("ix_project_progress_place", "region_id", "on"),
    )
