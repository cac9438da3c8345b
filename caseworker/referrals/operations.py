"""Writes on referrals: create, move through the workflow, issue and cancel letters.
Each adds and flushes and writes the audit; the view commits."""
from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from caseworker import audit
from caseworker.domain import letter_codes, workflow
from caseworker.extensions import db
from caseworker.models import (
    Allocation, Letter, LetterCounter, Measure, Person, Referral, ReferralEvent, Region, User)
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.referral import OPEN_STATUSES
from caseworker.models.types import utcnow



class ReferralRefused(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _lock(allocation: Allocation) -> None:
    """Take the allocation's row lock (PostgreSQL) or the database write lock (SQLite)
    before counting its places, so two people cannot both take the last one."""
    db.session.execute(update(Allocation).where(Allocation.id == allocation.id)
                       .values(places=Allocation.places)
                       .execution_options(synchronize_session=False))


def places_left(allocation: Allocation) -> int:
    used = db.session.scalar(select(func.count()).select_from(Referral).where(
        Referral.allocation_id == allocation.id, Referral.status.in_(USING_STATUSES)))
    return allocation.places - used


def open_referral(person: Person, measure: Measure) -> Referral | None:
    return db.session.scalar(select(Referral).where(
        Referral.person_id == person.id, Referral.measure_code == measure.code,
        Referral.status.in_(OPEN_STATUSES)))


def _event(referral: Referral, before: str | None, after: str, on: date, user: User,
           reason: str | None = None, note: str | None = None) -> None:
    referral.events.append(ReferralEvent(from_status=before, to_status=after, happened_on=on,
                                         recorded_at=utcnow(), user_id=user.id, reason=reason,
                                         note=note))


def create(person: Person, measure: Measure, user: User, *, verdict: dict, on: date,
           allocation: Allocation | None, provider_id: int | None, start_on: date | None,
           amount_kzt: int | None, comment: str | None, override_reason: str | None,
           form_token: str | None, project_id: int | None = None,
           destination: Region | None = None) -> Referral:
    if form_token and db.session.scalar(select(Referral.id).where(
            Referral.form_token == form_token)):
        raise ReferralRefused("duplicate_submit")
    if person.status != "active":
        raise ReferralRefused("not_active")
    if open_referral(person, measure) is not None:
        raise ReferralRefused("already_open")
    if verdict.get("status") != "passed" and not override_reason:
        raise ReferralRefused("not_eligible")
    if allocation is not None:
        _lock(allocation)
        if places_left(allocation) <= 0 and not override_reason:
            raise ReferralRefused("no_places")
    if override_reason and user.role != "supervisor":
        raise ReferralRefused("override_supervisor_only")
    if amount_kzt and measure.pays_nothing:
        raise ReferralRefused("free_measure")
    if measure.moves_person and (destination is None or destination.labour_surplus
                                 or destination.id == person.region_id):
        raise ReferralRefused("destination_required")
    referral = Referral(
        person_id=person.id, measure_code=measure.code, status="proposed", proposed_on=on,
        status_on=on, verdict=verdict, rules_version=measure.rules_version,
        override_reason=override_reason, allocation_id=allocation.id if allocation else None,
        provider_id=provider_id, start_on=start_on, amount_kzt=amount_kzt, comment=comment,
        created_by_id=user.id, form_token=form_token, project_id=project_id,
        destination_region_id=destination.id if destination else None)
    db.session.add(referral)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ReferralRefused("duplicate_submit") from None
    _event(referral, None, "proposed", on, user, note=override_reason)
    audit.record("referral.create", "referral", referral.id)
    db.session.flush()
    return referral


def transition(referral: Referral, to: str, on: date, user: User, today: date,
               reason: str | None = None, note: str | None = None) -> None:
    workflow.check(referral.status, to, needs_approval=referral.measure.needs_approval,
                   role=user.role, happened_on=on, previous_on=referral.status_on, today=today,
                   reason=reason, has_provider=referral.provider_id is not None, note=note)
    if to in USING_STATUSES and referral.status not in USING_STATUSES and referral.allocation:
        _lock(referral.allocation)
        if places_left(referral.allocation) <= 0:
            raise workflow.TransitionError("no_places")
    before = referral.status
    referral.status, referral.status_on = to, on
    if to in workflow.REASONS:
        referral.reason = reason
    _event(referral, before, to, on, user, reason, note)
    audit.record(f"referral.{to}", "referral", referral.id)
    if to in ("cancelled", "rejected", "declined"):
        for letter in referral.letters:
            if letter.status == "genuine":
                cancel_letter(letter, user)
    db.session.flush()


def set_provider(referral: Referral, provider_id: int) -> None:
    """Where the person is sent, chosen or changed before the letter is issued."""
    if referral.status not in workflow.BEFORE_LETTER:
        raise workflow.TransitionError("letter_issued")
    referral.provider_id = provider_id
    audit.record("referral.provider", "referral", referral.id)
    db.session.flush()


def _next_number(region_id: int, year: int) -> int:
    """Atomic: UPDATE ... RETURNING under the write lock; the first letter of a year
    inserts the counter row (a concurrent insert loses on the key and retries)."""
    for _ in range(3):
        last = db.session.scalar(
            update(LetterCounter).where(LetterCounter.region_id == region_id,
                                        LetterCounter.year == year)
            .values(last=LetterCounter.last + 1).returning(LetterCounter.last))
        if last is not None:
            return last
        try:
            with db.session.begin_nested():
                db.session.add(LetterCounter(region_id=region_id, year=year, last=1))
                db.session.flush()
            return 1
        except IntegrityError:
            continue
    raise RuntimeError("could not take a letter number")


def issue_letter(referral: Referral, user: User, on: date) -> Letter:
    """A new numbered letter; an earlier genuine letter of the referral is cancelled."""
    for old in referral.letters:
        if old.status == "genuine":
            cancel_letter(old, user)
    region = referral.person.region
    seq = _next_number(region.id, on.year)
    letter = Letter(referral_id=referral.id, number=f"{region.kato[:2]}-{on.year}-{seq:06d}",
                    code="".join(secrets.choice(letter_codes.ALPHABET)
                                 for _ in range(letter_codes.LENGTH)),
                    issued_on=on, issued_by_id=user.id, status="genuine")
    referral.letters.append(letter)
    db.session.flush()
    audit.record("letter.issue", "letter", letter.id)
    return letter


def cancel_letter(letter: Letter, user: User) -> None:
    letter.status, letter.cancelled_at, letter.cancelled_by_id = "cancelled", utcnow(), user.id
    audit.record("letter.cancel", "letter", letter.id, user=user)
    db.session.flush()
