"""What happens to a person's file over time: registration episodes, field changes, transfers."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.geo import District
from caseworker.models.types import BigId, utcnow
from caseworker.models.user import User

if TYPE_CHECKING:
    from caseworker.models.person import Person

# The grounds the employment law (the Social Code from 1 July 2023) gives for taking a person
# off the register, as codes: among them two refusals of suitable work, registration as an
# entrepreneur, a prison sentence and a move abroad for permanent residence.
DEREGISTRATION_REASONS = ("found_work", "moved", "refused_services", "pension", "education",
                          "military_service", "no_contact", "death", "other", "placed",
                          "refused_two_offers", "entrepreneur", "imprisoned", "moved_abroad")


class RegistrationEpisode(db.Model):
    """One spell as unemployed: from registration to deregistration (open while None)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    registered_on: Mapped[date] = mapped_column(Date)
    deregistered_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(30))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # when the registration and the deregistration were entered (UTC), beside the days they
    # happened: an entry made long after is shown as late (domain.event_dates)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        # At most one open episode per person, whatever arrives at once: two returns sent
        # together make one episode, the other is refused (people.operations.reregister).
        Index("uq_registration_episode_open", "person_id", unique=True,
              sqlite_where=text("deregistered_on IS NULL"),
              postgresql_where=text("deregistered_on IS NULL")),
    )


class FieldChange(db.Model):
    """Who changed which field of a person from what to what, and when."""
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # when it was entered
    # the day it happened, for a change an event of that day made (a status set by a
    # back-dated deregistration, return or job); None: when it was entered
    happened_on: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_field_change_person_at", "person_id", "at"),)


class TransferRequest(db.Model):
    """A person moved: the new district asks, a supervisor of the old district decides."""
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    from_district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    to_district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)  # when it was entered
    decided_on: Mapped[date | None] = mapped_column(Date)  # the day it was decided
    # Why the old district rejected the request (the requesting district reads it).
    decision_note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()
    from_district: Mapped[District] = relationship(foreign_keys=[from_district_id])
    to_district: Mapped[District] = relationship(foreign_keys=[to_district_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        # At most one request waiting for a decision per person, whatever arrives at once
        # (people.operations.request_transfer refuses the others).
        Index("uq_transfer_request_pending", "person_id", unique=True,
              sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )
