"""A person registered as unemployed. Never hard-deleted."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.domain.iin import mask
from caseworker.domain.names import fold_key, full_name, order_key
from caseworker.extensions import db
from caseworker.models.geo import District, Region
from caseworker.models.types import utcnow
from caseworker.models.user import User

if TYPE_CHECKING:
    from caseworker.models.casefile import RegistrationEpisode, TransferRequest

STATUSES = ("active", "employed", "deregistered")
OCCUPATIONS_KEPT = 3  # desired occupations as codes


class Person(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    iin: Mapped[str] = mapped_column(String(12), unique=True)
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str | None] = mapped_column(String(100))
    # "last first patronymic", casefolded in Python: prefix search for Kazakh and Russian.
    name_search: Mapped[str] = mapped_column(String(310))
    # name_search as a key that sorts in Kazakh alphabet order (domain.names.order_key); set
    # on every insert and update
    name_order: Mapped[str] = mapped_column(String(2800))
    # name_search folded (domain.names.fold) as an order key: what a search by name reads a
    # range of, so that "Абд" finds "Әбдірахманова"; set with name_order
    name_fold: Mapped[str] = mapped_column(String(2800))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    address: Mapped[str | None] = mapped_column(String(300))
    rural: Mapped[bool] = mapped_column(Boolean, default=False)
    household_size: Mapped[int | None] = mapped_column(Integer)
    education_level: Mapped[str | None] = mapped_column(String(30))
    specialty: Mapped[str | None] = mapped_column(String(200))
    graduation_year: Mapped[int | None] = mapped_column(Integer)
    # The day the diploma was awarded (youth practice counts three years from it); the year
    # alone is kept for those entered before it was asked.
    graduated_on: Mapped[date | None] = mapped_column(Date)
    experience_months: Mapped[int | None] = mapped_column(Integer)
    # Of the experience, the months worked in the person's specialty (other work aside).
    specialty_experience_months: Mapped[int | None] = mapped_column(Integer)
    last_job_ended: Mapped[date | None] = mapped_column(Date)
    disability_group: Mapped[int | None] = mapped_column(Integer)
    # Ticked target groups only; the derived ones (youth, rural, ...) are computed.
    target_groups: Mapped[list] = mapped_column(JSON, default=list)
    desired_occupations: Mapped[str | None] = mapped_column(Text)
    # The desired occupations as codes of the classifier (ISCO-08 groups, at most
    # OCCUPATIONS_KEPT, the first the main one); `occupation_code`, `_2` and `_3` repeat them so
    # that a vacancy's candidates are narrowed by index ranges over its group's digits
    # (offers.queries); set on every insert and update.
    occupation_codes: Mapped[list] = mapped_column(JSON, default=list)
    occupation_code: Mapped[str | None] = mapped_column(String(10))
    occupation_code_2: Mapped[str | None] = mapped_column(String(10))
    occupation_code_3: Mapped[str | None] = mapped_column(String(10))
    # The settlement the person lives in (as written: a town, an aul), the wage they ask for
    # and the wage of their last job (tenge a month): what matching and suitable offers read.
    locality: Mapped[str | None] = mapped_column(String(200))
    expected_wage: Mapped[int | None] = mapped_column(Integer)
    last_wage: Mapped[int | None] = mapped_column(Integer)
    skills: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    business_idea: Mapped[str | None] = mapped_column(Text)
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_basis: Mapped[str | None] = mapped_column(String(40))
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    # The profiling segment (A/B/C) as computed at the last save, for filters and counts;
    # an override by a caseworker wins and keeps its reason.
    segment: Mapped[str | None] = mapped_column(String(1))
    segment_override: Mapped[str | None] = mapped_column(String(1))
    segment_reason: Mapped[str | None] = mapped_column(Text)
    segment_on: Mapped[date | None] = mapped_column(Date)  # the override holds from this day
    registered_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # Casework facts, derived from the person's contacts, plan steps, referrals and follow-ups
    # and kept current by `casework.facts` (never edited; not part of the profile's version),
    # so that caseloads and team figures read one index of `person` instead of every history.
    last_contact_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_due_on: Mapped[date | None] = mapped_column(Date)  # earliest open task or plan step
    open_referrals: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    awaiting_approval: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    provider_wait_from: Mapped[date | None] = mapped_column(Date)  # earliest unanswered referral
    follow_up_due_on: Mapped[date | None] = mapped_column(Date)  # earliest unchecked follow-up
    follow_ups_checked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    follow_ups_verified: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    placed_on: Mapped[date | None] = mapped_column(Date)  # start of the latest job outcome

    region: Mapped[Region] = relationship()
    district: Mapped[District] = relationship()
    caseworker: Mapped[User | None] = relationship()
    # Read with the person by its page, in the same statement; written through their own rows.
    episodes: Mapped[list[RegistrationEpisode]] = relationship(
        viewonly=True, order_by="(RegistrationEpisode.registered_on.desc(), "
                                "RegistrationEpisode.id.desc())")
    transfers: Mapped[list[TransferRequest]] = relationship(
        viewonly=True, order_by="(TransferRequest.requested_at.desc(), "
                                "TransferRequest.id.desc())")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_person_district_status", "district_id", "status"),
        Index("ix_person_region_status", "region_id", "status"),
        Index("ix_person_district_order", "district_id", "name_order"),
        Index("ix_person_district_fold", "district_id", "name_fold"),
        # the latest registered of a district or region (home pages)
        Index("ix_person_district_created", "district_id", "created_at"),
        Index("ix_person_region_created", "region_id", "created_at"),
        Index("ix_person_region_district", "region_id", "district_id"),
        Index("ix_person_region_order", "region_id", "name_order"),
        Index("ix_person_name_order", "name_order"),
        Index("ix_person_region_fold", "region_id", "name_fold"),
        Index("ix_person_name_fold", "name_fold"),
        # a caseworker's persons with every casework fact the counts read (index-only: a
        # column the counts read that is missing here sends them to the table's rows, as the
        # day of registration that "no contact in 30 days" reads did, 176 ms against 15 for a
        # district's team of 68 at national scale)
        Index("ix_person_caseload", "caseworker_id", "status", "next_due_on", "last_contact_at",
              "provider_wait_from", "follow_up_due_on", "awaiting_approval",
              "follow_ups_checked", "follow_ups_verified", "placed_on", "registered_on"),
        # a district's persons with the casework facts its work queue and its team count
        # (the supervisor's home), read from the index alone whatever the district's size
        Index("ix_person_district_facts", "district_id", "status", "caseworker_id",
              "next_due_on", "provider_wait_from", "follow_up_due_on", "awaiting_approval",
              postgresql_include=["id"]),
        Index("ix_person_phone", "phone"),
        Index("ix_person_district_birth", "district_id", "birth_date"),
        # a vacancy's candidates: active persons of a district by their desired occupations'
        # digits (a caseworker's scope is the district; a region's is its districts)
        Index("ix_person_district_occupation", "district_id", "status", "occupation_code"),
        Index("ix_person_district_occupation_2", "district_id", "status", "occupation_code_2"),
        Index("ix_person_district_occupation_3", "district_id", "status", "occupation_code_3"),
    )

    @property
    def effective_segment(self) -> str | None:
        return self.segment_override or self.segment

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def masked_iin(self) -> str:
        return mask(self.iin)


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _name_keys(_mapper, _connection, person: Person) -> None:
    person.name_order = order_key(person.name_search or "")
    person.name_fold = fold_key(person.name_search or "")
    codes = list(person.occupation_codes or [])[:OCCUPATIONS_KEPT] + [None] * OCCUPATIONS_KEPT
    person.occupation_code, person.occupation_code_2, person.occupation_code_3 = codes[:3]


class PersonCount(db.Model):
    """How many persons a district has in a status, as changes to it: the database adds a
    row of +1 or -1 for each person written, moved or changed in status (triggers on
    `person`, made by the migration `person_counts`), so the home pages add up a few
    thousand rows instead of counting a million persons. `people.counts` folds the rows into
    one per district and status now and then, and checks them against `person`."""
    __tablename__ = "person_count"
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(Integer)
    district_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    n: Mapped[int] = mapped_column(Integer)
