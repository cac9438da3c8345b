"""Contacts with a person, the tasks they set, and individual employment plans."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Reopenable, Voidable
from caseworker.models.types import utcnow

CHANNELS = ("visit", "phone", "sms", "email", "egov", "outreach")
TOPICS = ("registration", "job_search", "measure", "documents", "follow_up", "plan", "other")


class Interaction(Voidable, Reopenable, db.Model):
    """A contact. Its author may edit the note for 24 hours; after that a correction is
    appended as a new interaction pointing at the one it corrects. A contact recorded by
    mistake is voided (kept, marked void): it and its task stop counting."""
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    channel: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    next_action: Mapped[str | None] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id])

    __table_args__ = (
        Index("ix_interaction_person_at", "person_id", "at"),
        # a person's open tasks (never all open tasks at once: that is every caseload)
        Index("ix_interaction_person_open", "person_id", "done_on", "due_on"),
    )


ACTIVE_PLAN = text("closed_on IS NULL")


class EmploymentPlan(db.Model):
    """An individual employment plan agreed with the person, reviewed at set intervals, active
    until it is closed; a person has at most one active plan (the database says so: two
    caseworkers agreeing a first plan at the same moment make one)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    goal: Mapped[str] = mapped_column(Text)
    agreed_on: Mapped[date] = mapped_column(Date)
    review_every_days: Mapped[int] = mapped_column(Integer, default=90)
    next_review_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    entered_at: Mapped[datetime | None] = mapped_column(DateTime)  # first saved (UTC)
    closed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    steps = relationship("PlanStep", order_by="PlanStep.due_on", back_populates="plan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("uq_employment_plan_active", "person_id", unique=True,
              sqlite_where=ACTIVE_PLAN, postgresql_where=ACTIVE_PLAN),
    )


class PlanStep(Reopenable, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("employment_plan.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    # the day the step was agreed with the person, and when and by whom it was entered
    agreed_on: Mapped[date | None] = mapped_column(Date)
    entered_at: Mapped[datetime | None] = mapped_column(DateTime)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    plan = relationship("EmploymentPlan", back_populates="steps")
