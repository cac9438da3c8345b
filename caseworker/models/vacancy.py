"""An employer's open positions, entered by the career centre or imported from the labour
exchange's extract. Edits are guarded by the version; closing and cancelling keep the day,
who and why."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Reopenable
from caseworker.models.types import utcnow

VACANCY_STATUSES = ("open", "filled", "closed", "cancelled")
SCHEDULES = ("full_day", "part_time", "shift", "rotation", "flexible", "remote")


class Vacancy(Reopenable, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"))
    # The position as the employer names it ("Продавец-консультант"); None: the unit group's.
    title: Mapped[str | None] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    # The settlement the work is in (a town, an aul), as written; None: the district's centre.
    locality: Mapped[str | None] = mapped_column(String(200))
    places: Mapped[int] = mapped_column(Integer)
    wage: Mapped[int] = mapped_column(Integer)  # tenge a month, before tax
    hours_per_week: Mapped[int] = mapped_column(Integer)
    schedule: Mapped[str] = mapped_column(String(20))
    # Requirements: the lowest education level (people's codes), months of experience, the
    # languages needed (codes kk, ru, en, other); None / empty: none asked.
    education_level: Mapped[str | None] = mapped_column(String(30))
    experience_months: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    duties: Mapped[str | None] = mapped_column(Text)
    # A subsidised job of this measure (social jobs, youth practice...); None: an ordinary one.
    measure_code: Mapped[str | None] = mapped_column(ForeignKey("measure.code"))
    # The quota groups the job is set aside for (domain.vacancies.QUOTA_GROUPS codes).
    quota_groups: Mapped[list] = mapped_column(JSON, default=list)
    opened_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    # When the status left "open": the day it happened, why, who entered it and when.
    status_on: Mapped[date | None] = mapped_column(Date)
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_at: Mapped[datetime | None] = mapped_column(DateTime)
    status_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Closed because its employer was deactivated: that step of the employer's timeline.
    closed_by_event_id: Mapped[int | None] = mapped_column(ForeignKey("organisation_event.id"))
    # The labour exchange's number of an imported vacancy (an import finds it again by it).
    external_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    organisation = relationship("Provider")
    occupation = relationship("Occupation")
    district = relationship("District")
    measure = relationship("Measure")
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    status_by = relationship("User", foreign_keys=[status_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("places >= 1", name="vacancy_places"),
        CheckConstraint("wage >= 0", name="vacancy_wage"),
        CheckConstraint("hours_per_week BETWEEN 1 AND 60", name="vacancy_hours"),
        CheckConstraint("closes_on IS NULL OR closes_on >= opened_on", name="vacancy_dates"),
        CheckConstraint("status IN ('open', 'filled', 'closed', 'cancelled')",
                        name="vacancy_status"),
        Index("ix_vacancy_district_status", "district_id", "status", "occupation_code"),
        Index("ix_vacancy_region_status", "region_id", "status"),
        Index("ix_vacancy_organisation", "organisation_id", "status"),
    )

    @property
    def open(self) -> bool:
        return self.status == "open"
