"""Writes on person files. Each adds and flushes, records history and audit; views commit."""
from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy import select

from caseworker import audit
from caseworker.domain.iin import IINInfo
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import FieldChange, Person, RegistrationEpisode, TransferRequest, User
from caseworker.models.types import utcnow
from caseworker.people.profiling import refresh_segment

# Fields a profile form edits, in the order the history shows them.
PROFILE_FIELDS = (
    "last_name", "first_name", "patronymic", "phone", "email", "address", "rural",
    "household_size", "education_level", "specialty", "graduation_year", "experience_months",
    "last_job_ended", "disability_group", "target_groups", "desired_occupations", "skills",
    "languages", "business_idea", "consent_date", "consent_basis", "caseworker_id",
)


def as_text(value) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return ", ".join(sorted(map(str, value)))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def apply_profile(person: Person, values: dict, user: User) -> list[FieldChange]:
    """Set the profile fields, recording a FieldChange for each that differs, all at the same
    moment (the timeline shows one save as one line)."""
    changes, at = [], utcnow()
    for name in PROFILE_FIELDS:
        if name not in values:
            continue
        old, new = getattr(person, name), values[name]
        if as_text(old) == as_text(new):
            continue
        setattr(person, name, new)
        if person.id is not None:
            change = FieldChange(person_id=person.id, user_id=user.id, field=name,
                                 old=as_text(old), new=as_text(new), at=at)
            db.session.add(change)
            changes.append(change)
    person.name_search = search_key(person.last_name, person.first_name, person.patronymic)
    return changes


def register(info: IINInfo, values: dict, user: User, today: date) -> Person:
    person = Person(iin=info.iin, birth_date=info.birth_date, sex=info.sex,
                    region_id=user.district.region_id, district_id=user.district_id,
                    registered_on=today, status="active", target_groups=[], languages=[])
    apply_profile(person, values, user)
    if person.caseworker_id is None and user.role == "caseworker":
        person.caseworker_id = user.id
    refresh_segment(person, today)
    db.session.add(person)
    db.session.flush()
    db.session.add(RegistrationEpisode(person_id=person.id, registered_on=today,
                                       opened_by_id=user.id))
    audit.record("person.create", "person", person.id)
    db.session.flush()
    return person


def update(person: Person, values: dict, user: User, today: date) -> list[FieldChange]:
    # One flush for the whole change, so the version goes up by exactly one.
    with db.session.no_autoflush:
        changes = apply_profile(person, values, user)
        refresh_segment(person, today)
    audit.record("person.update", "person", person.id)
    db.session.flush()  # raises StaleDataError when someone else saved first
    return changes


def _record(person: Person, user: User, field: str, old, new) -> None:
    db.session.add(FieldChange(person_id=person.id, user_id=user.id, field=field,
                               old=as_text(old), new=as_text(new), at=utcnow()))


def open_episode(person: Person) -> RegistrationEpisode | None:
    return db.session.scalar(select(RegistrationEpisode).where(
        RegistrationEpisode.person_id == person.id,
        RegistrationEpisode.deregistered_on.is_(None)))


def deregister(person: Person, reason: str, on: date, user: User) -> None:
    episode = open_episode(person)
    if episode is None or person.status == "deregistered":
        raise ValueError("not_registered")  # left already (placed in a job, or another tab)
    if on < episode.registered_on:
        raise ValueError("before_registration")
    episode.deregistered_on, episode.reason, episode.closed_by_id = on, reason, user.id
    _record(person, user, "status", person.status, "deregistered")
    person.status = "deregistered"
    audit.record("person.deregister", "person", person.id)
    db.session.flush()


def reregister(person: Person, on: date, user: User, today: date) -> None:
    if open_episode(person) is not None:
        raise ValueError("registered")  # registered already (another tab)
    last = db.session.scalar(select(RegistrationEpisode.deregistered_on).where(
        RegistrationEpisode.person_id == person.id).order_by(
            RegistrationEpisode.deregistered_on.desc()).limit(1))
    if last is not None and on < last:
        raise ValueError("before_deregistration")
    _record(person, user, "status", person.status, "active")
    person.status, person.registered_on = "active", on
    db.session.add(RegistrationEpisode(person_id=person.id, registered_on=on,
                                       opened_by_id=user.id))
    refresh_segment(person, today)
    audit.record("person.reregister", "person", person.id)
    db.session.flush()


def set_segment(person: Person, segment: str | None, reason: str | None, user: User) -> None:
    old = person.effective_segment
    person.segment_override = segment or None
    person.segment_reason = (reason or "").strip() or None if segment else None
    _record(person, user, "segment", old, person.effective_segment)
    audit.record("person.segment", "person", person.id)
    db.session.flush()


def request_transfer(person: Person, user: User, note: str | None) -> TransferRequest | None:
    """A new request to move the person's file to the user's district; None when one is
    already waiting for a decision (it is not made twice)."""
    pending = db.session.scalar(select(TransferRequest).where(
        TransferRequest.person_id == person.id, TransferRequest.status == "pending",
        TransferRequest.to_district_id == user.district_id))
    if pending is not None:
        return None
    request = TransferRequest(person_id=person.id, from_district_id=person.district_id,
                              to_district_id=user.district_id, requested_by_id=user.id,
                              note=note, status="pending", requested_at=utcnow())
    db.session.add(request)
    db.session.flush()
    audit.record("transfer.request", "transfer_request", request.id)
    return request


def decide_transfer(request: TransferRequest, approve: bool, user: User,
                    reason: str | None = None) -> None:
    """Approve (the file moves to the requesting district) or reject, with its reason."""
    if request.status != "pending":
        abort(409)
    request.status = "approved" if approve else "rejected"
    request.decided_by_id, request.decided_at = user.id, utcnow()
    request.decision_note = None if approve else (reason or "").strip() or None
    audit.record("transfer." + request.status, "transfer_request", request.id)
    if approve:
        person = db.session.get(Person, request.person_id)
        _record(person, user, "district", person.district.name_ru, request.to_district.name_ru)
        person.district_id = request.to_district_id
        person.region_id = request.to_district.region_id
        person.caseworker_id = request.requested_by_id
    db.session.flush()
