"""A person's file, one function per use case: register, update, deregister, return (register
again), set the segment by hand, request a transfer, decide a transfer.

Each checks its rules, writes (add + flush, never commit), audits, and returns its result or
raises `Refused` with a code of `caseworker.refusals`. The doors (the pages, the API, the demo)
guard with the policy first, then call the operation, commit, and only translate its answer.
A rule the database keeps (one IIN, one open episode, one waiting transfer per person) answers
two submissions arriving at once as it answers the second of two sequential ones.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit, clock, labels, policy
from caseworker.bulk_writes import flushed_new, written
from caseworker.domain.derived import too_young_to_register
from caseworker.domain.event_dates import day_problem
from caseworker.domain.iin import IINInfo
from caseworker.domain.names import search_key
from caseworker.domain.profiling import SEGMENTS
from caseworker.extensions import db
from caseworker.models import FieldChange, Person, RegistrationEpisode, TransferRequest, User
from caseworker.models.casefile import DEREGISTRATION_REASONS
from caseworker.models.types import utcnow
from caseworker.people import queries
from caseworker.people.occupations import check_occupations
from caseworker.people.forms import too_young_message
from caseworker.people.profiling import refresh_segment
from caseworker.refusals import Refused, flushed

# Fields a profile form edits, in the order the history shows them.
PROFILE_FIELDS = (
    "last_name", "first_name", "patronymic", "phone", "email", "address", "rural",
    "household_size", "education_level", "specialty", "graduation_year", "graduated_on",
    "experience_months", "specialty_experience_months",
    "last_job_ended", "disability_group", "target_groups", "desired_occupations",
    "occupation_codes", "locality", "expected_wage", "last_wage", "skills", "languages", "business_idea", "consent_date", "consent_basis", "caseworker_id",
)
# Why a person leaves the register when someone chooses it ("placed" is set by an outcome).
LEAVING_REASONS = tuple(r for r in DEREGISTRATION_REASONS if r != "placed")


def as_text(value) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return ", ".join(sorted(map(str, value)))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _apply_profile(person: Person, values: dict, user: User) -> list[FieldChange]:
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


def _record(person: Person, user: User, field: str, old, new, on: date | None = None) -> None:
    """A change of the file, with the day of the event that made it (`on`), when it has one:
    the timeline places it on that day, marked when it was entered late."""
    db.session.add(FieldChange(person_id=person.id, user_id=user.id, field=field,
                               old=as_text(old), new=as_text(new), at=utcnow(),
                               happened_on=on))


def _flush(again: Callable[[], None] | None = None, code: str = "stale") -> None:
    """Flush. When another request wrote the same rows at the same moment (the person's
    version moved on, or the database refused a second open row), nothing of this one is kept
    (rolled back here: the request has written nothing else) and it is answered as the second
    of two sequential submissions would be: `again()` checks the rules anew and raises that
    refusal; when they pass now, `code`."""
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        if again is not None:
            again()
        raise Refused(code) from None


# ---- registration --------------------------------------------------------------------------

_READ = object()  # `found` not given: the IIN is looked up


def _not_registered_yet(iin: str, user: User, found=_READ) -> None:
    """Refuses an IIN registered already. In the user's area: audited as a search by IIN, and
    the door may open the person (`detail`). Elsewhere: the one deliberate look outside the
    scope, which says only that (no id, no name) and is audited. The audit stays (`keep`).
    `found`: the IIN's row (`queries.iin_anywhere`) as a batch read it already, or None."""
    # One read decides both (two reads could see a registration made between them).
    if found is _READ:
        found = db.session.execute(queries.iin_anywhere(iin)).first()
    if found is None:
        return
    if policy.in_scope(user, found):
        audit.record("person.search_iin", "person", found.id, user=user)
        raise Refused("already_registered", detail={"person_id": found.id}, keep=True)
    audit.record("person.exists_elsewhere", "person", found.id, user=user)
    raise Refused("registered_elsewhere", keep=True)


def check_registrable(info: IINInfo, user: User, today: date, found=_READ) -> None:
    """What the IIN alone decides (the first step of the registration page asks it, and
    `register` asks it again): old enough to be registered, and not registered yet."""
    if too_young_to_register(info.birth_date, today):
        raise Refused("too_young", too_young_message())
    _not_registered_yet(info.iin, user, found)


def checked_registration(info: IINInfo, values: dict, user: User, today: date,
                         confirm_duplicate: bool = False, *, on: date | None = None,
                         found=_READ, pending: tuple[Person, ...] = (),
                         read: bool = True) -> Person:
    """The rules of a registration (see `register`) and the person it makes, not added to
    the session yet. A batch gives the IIN's row it read (`found`) and the persons it has
    made but not written (`pending`: a likely duplicate may be among them); `read` False:
    `pending` holds the written ones it may be too (`queries.duplicate_candidates`), and
    they are not looked for again."""
    on = on or today
    problem = day_problem(on, today, born=info.birth_date)
    if problem:
        raise Refused(problem)
    if on != today and too_young_to_register(info.birth_date, on):
        # old enough today, not on the day given: the day is what to correct
        raise Refused("too_young", too_young_message(), field="on")
    check_registrable(info, user, on, found)
    check_occupations(values)
    duplicates = db.session.scalars(queries.likely_duplicates(
        user, values["last_name"], values["first_name"], info.birth_date,
        values.get("phone"))).all() if read else []
    duplicates += [p for p in pending if policy.in_scope(user, p) and queries.likely_same(
        p, values["last_name"], values["first_name"], info.birth_date, values.get("phone"))]
    if duplicates and not confirm_duplicate:
        raise Refused("likely_duplicate", detail={"duplicates": duplicates[:5]})
    person = Person(iin=info.iin, birth_date=info.birth_date, sex=info.sex,
                    region_id=user.district.region_id, district_id=user.district_id,
                    registered_on=on, status="active", target_groups=[], languages=[])
    _apply_profile(person, values, user)
    if person.caseworker_id is None and policy.can(user, "caseload.own"):
        person.caseworker_id = user.id
    refresh_segment(person, today)
    return person


def register(info: IINInfo, values: dict, user: User, today: date,
             confirm_duplicate: bool = False, *, on: date | None = None) -> Person:
    """Register a person in the user's district with the profile `values` (as the profile
    form cleans them), and open their first registration episode on `on` (left out: today;
    a past day back-dates it: the person is of registration age on that day)."""
    person = checked_registration(info, values, user, today, confirm_duplicate, on=on)
    on = person.registered_on
    db.session.add(person)
    # the same IIN saved a moment ago (a double submit): answered as the second one is
    _flush(lambda: _not_registered_yet(info.iin, user), "already_registered")
    db.session.add(RegistrationEpisode(person_id=person.id, registered_on=on,
                                       opened_by_id=user.id, opened_at=utcnow()))
    audit.record("person.create", "person", person.id, user=user, on=on)
    db.session.flush()
    return person


def register_many(items: list[tuple[IINInfo, dict, User, bool, date, object]], today: date
                  ) -> list[Person | Refused]:
    """The batch form of `register` (an import of many): each item (IIN, profile values,
    user, confirm_duplicate, on, the IIN's row as read or None) judged by the same rules
    (`checked_registration`, a duplicate looked for among the batch's persons too); those
    that pass written with one flush, their episodes and audit events with one INSERT each.
    The persons already written whom a likely duplicate could be are read once, for all the
    items (`queries.duplicate_candidates`: by birth date and phone, then judged by
    `likely_same` as the batch's own). Returns each item's person, or its refusal (a likely
    duplicate's names rows of the persons it may be)."""
    results: list[Person | Refused] = []
    made: list[tuple[Person, User]] = []
    born: dict[date, list] = defaultdict(list)  # the persons a duplicate could be, written
    phones: dict[str, list] = defaultdict(list)  # or of the batch, by birth date and phone
    for row in db.session.execute(queries.duplicate_candidates(
            {info.birth_date for info, *_rest in items},
            {values.get("phone") for _info, values, *_rest in items} - {None, ""})):
        born[row.birth_date].append(row)
        if row.phone:
            phones[row.phone].append(row)
    with db.session.no_autoflush:  # the batch's persons are written together, at the end
        for info, values, user, confirm, on, found in items:
            pending = dict.fromkeys(born.get(info.birth_date, []) + phones.get(
                values.get("phone") or "", []))  # each once
            try:
                person = checked_registration(info, values, user, today, confirm, on=on,
                                              found=found, pending=tuple(pending),
                                              read=False)
            except Refused as refused:
                results.append(refused)
                continue
            made.append((person, user))
            born[person.birth_date].append(person)
            if person.phone:
                phones[person.phone].append(person)
            results.append(person)
    if not made:
        return results
    flushed_new([person for person, _user in made])
    written(RegistrationEpisode.__table__, [
        {"person_id": p.id, "registered_on": p.registered_on, "opened_by_id": user.id,
         "opened_at": utcnow()} for p, user in made])
    audit.record_many("person.create", "person",
                      [(p.id, user, p.registered_on) for p, user in made])
    return results


def check_current(person: Person, version: int | None) -> None:
    """A change made on `version` of the profile is made on the saved one: not on an older
    one (someone else saved since). `update` asks it; the API asks it before it reads the
    values sent, so that a stale write is answered as stale whatever it holds."""
    if version != person.version:
        raise Refused("stale")


def update(person: Person, values: dict, user: User, today: date, *,
           version: int | None) -> list[FieldChange]:
    """Change profile fields, made on the profile's `version` (see check_current)."""
    check_current(person, version)
    check_occupations(values)
    # One flush for the whole change, so the version goes up by exactly one.
    with db.session.no_autoflush:
        changes = _apply_profile(person, values, user)
        refresh_segment(person, today)
    audit.record("person.update", "person", person.id, user=user)
    flushed()  # someone else saved between the check and this flush: stale
    return changes


# ---- the register: leaving it and coming back -------------------------------------------------

def open_episode(person: Person) -> RegistrationEpisode | None:
    return db.session.scalar(select(RegistrationEpisode).where(
        RegistrationEpisode.person_id == person.id,
        RegistrationEpisode.deregistered_on.is_(None)))


def _closable(person: Person, on: date, today: date) -> RegistrationEpisode:
    problem = day_problem(on, today, born=person.birth_date)
    if problem:
        raise Refused(problem)
    episode = open_episode(person)
    if episode is None or person.status == "deregistered":
        raise Refused("not_registered")  # left already (placed in a job, or another tab)
    if on < episode.registered_on:
        raise Refused("before_registration")
    return episode


def deregister(person: Person, reason: str | None, on: date, user: User,
               today: date) -> RegistrationEpisode:
    """Close the open registration episode with its reason; the file is kept."""
    if reason not in LEAVING_REASONS:
        raise Refused("reason_required")
    episode = _closable(person, on, today)
    with db.session.no_autoflush:  # written at once, by _flush
        episode.deregistered_on, episode.reason, episode.closed_by_id = on, reason, user.id
        episode.closed_at = utcnow()
        _record(person, user, "status", person.status, "deregistered", on)
        person.status = "deregistered"
        audit.record("person.deregister", "person", person.id, user=user, on=on)
    _flush(lambda: _closable(person, on, today))
    return episode


def _returnable(person: Person, on: date, today: date) -> None:
    problem = day_problem(on, today, born=person.birth_date)
    if problem:
        raise Refused(problem)
    if open_episode(person) is not None:
        raise Refused("on_register")  # registered already (another tab, a double submit)
    last = db.session.scalar(select(RegistrationEpisode.deregistered_on).where(
        RegistrationEpisode.person_id == person.id).order_by(
            RegistrationEpisode.deregistered_on.desc()).limit(1))
    if last is not None and on < last:
        raise Refused("before_deregistration")


def reregister(person: Person, on: date, user: User, today: date) -> RegistrationEpisode:
    """Register a person who left (deregistered, or placed in a job) again: a new episode."""
    _returnable(person, on, today)
    with db.session.no_autoflush:  # written at once, by _flush
        _record(person, user, "status", person.status, "active", on)
        person.status, person.registered_on = "active", on
        episode = RegistrationEpisode(person_id=person.id, registered_on=on,
                                      opened_by_id=user.id, opened_at=utcnow())
        db.session.add(episode)
        refresh_segment(person, today)
        audit.record("person.reregister", "person", person.id, user=user, on=on)
    _flush(lambda: _returnable(person, on, today))
    return episode


# ---- profiling ------------------------------------------------------------------------------

def set_segment(person: Person, segment: str | None, reason: str | None, user: User,
                on: date | None = None) -> None:
    """Set the segment by hand, with the reason why, as of `on` (today when left out; not in
    the future, not before the person's registration); None: back to the computed one."""
    segment = segment or None
    if segment is not None and segment not in SEGMENTS:
        raise Refused("segment_unknown")
    reason = (reason or "").strip() or None
    if segment is not None and reason is None:
        raise Refused("segment_reason_required")
    on = on or clock.today()
    problem = day_problem(on, clock.today(), born=person.birth_date,
                          follows=person.registered_on, before="before_registration")
    if problem:
        raise Refused(problem)
    with db.session.no_autoflush:  # written at once, by _flush
        old = person.effective_segment
        person.segment_override = segment
        person.segment_reason = reason if segment else None
        person.segment_on = on if segment else None
        _record(person, user, "segment", old, person.effective_segment, on)
        audit.record("person.segment", "person", person.id, user=user, on=on)
    _flush()


# ---- transfers between districts ------------------------------------------------------------

def _no_request_waiting(person_id: int) -> None:
    if db.session.scalar(select(TransferRequest.id).where(
            TransferRequest.person_id == person_id,
            TransferRequest.status == "pending")) is not None:
        raise Refused("transfer_pending")


def request_transfer(iin: str, user: User, note: str | None) -> TransferRequest:
    """Ask the district that holds the person with this IIN to move the file to the user's
    district. One request at a time waits for a decision, per person."""
    found = db.session.execute(queries.iin_anywhere(iin)).first()
    if found is None or found.district_id == user.district_id:
        raise Refused("not_elsewhere")
    _no_request_waiting(found.id)
    request = TransferRequest(person_id=found.id, from_district_id=found.district_id,
                              to_district_id=user.district_id, requested_by_id=user.id,
                              note=(note or "").strip() or None, status="pending",
                              requested_at=utcnow())
    db.session.add(request)
    _flush(lambda: _no_request_waiting(found.id), "transfer_pending")
    audit.record("transfer.request", "transfer_request", request.id, user=user)
    db.session.flush()
    return request


def _decided(request: TransferRequest) -> Refused:
    return Refused("transfer_decided", _l(
        "This request was decided already: %(status)s.",
        status=labels.label(labels.TRANSFER_STATUSES, request.status)))


def decide_transfer(request: TransferRequest, approve: bool, user: User,
                    reason: str | None = None, on: date | None = None) -> None:
    """Approve (the file moves to the requesting district, to the caseworker who asked) or
    reject, saying why (the requesting district reads it), on `on` (today when left out; not
    in the future, not before the request). Decided once: of two decisions sent at once, the
    second is refused."""
    if request.status != "pending":  # decided meanwhile, in another tab or by someone else
        raise _decided(request)
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise Refused("transfer_reason_required")
    on = on or clock.today()
    problem = day_problem(on, clock.today(), follows=clock.local(request.requested_at).date(),
                          before="decided_before_request")
    if problem:
        raise Refused(problem)
    status = "approved" if approve else "rejected"
    decided = db.session.execute(
        sql_update(TransferRequest)
        .where(TransferRequest.id == request.id, TransferRequest.status == "pending")
        .values(status=status, decided_by_id=user.id, decided_at=utcnow(), decided_on=on,
                decision_note=None if approve else reason)
        .execution_options(synchronize_session=False))
    db.session.refresh(request)  # as decided now, by this request or by another
    if decided.rowcount != 1:
        raise _decided(request)
    audit.record("transfer." + status, "transfer_request", request.id, user=user, on=on)
    if approve:
        person = db.session.get(Person, request.person_id)
        with db.session.no_autoflush:  # written at once, by _flush
            _record(person, user, "district", person.district.name_ru,
                    request.to_district.name_ru, on)
            person.district_id = request.to_district_id
            person.region_id = request.to_district.region_id
            person.caseworker_id = request.requested_by_id
    _flush()
