"""The use cases of referrals: refer a person, move a referral on (the letter is issued when
it is referred), name its provider, reissue its letter. Each checks every rule, writes, audits
and flushes (the door commits), or raises `Refused` with a code of `caseworker.refusals`.
The HTML pages and the API call these and only translate what they return or raise.

Rules that two submissions at the same moment could both pass (one open referral per person
and measure, one letter in force per referral, a letter number used once) are kept by the
database as well: its refusal is answered with the same code as the check's."""
from __future__ import annotations

import functools
from dataclasses import dataclass
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit, clock, policy
from caseworker.domain import letter_codes, workflow
from caseworker.domain.event_dates import day_problem
from caseworker.domain.numbering import letter_number, sequence_of
from caseworker.extensions import db
from caseworker.models import (
    Letter, LetterBatch, LetterCounter, Person, Provider, Referral, ReferralEvent, User)
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.referral import OPEN_STATUSES
from caseworker.models.types import utcnow
from caseworker.payments import totals
from caseworker.referrals import answer_links, proposing
from caseworker.refusals import Refused
from caseworker.territories import queries as territories

_text, _invalid = proposing.text, proposing.invalid
# the rules of a proposal, used by the pages and the demo as well
referable, places_left, open_referral = (
    proposing.referable, proposing.places_left, proposing.open_referral)


def _stale_on_conflict(operation):
    """An operation whose write another transaction of the same moment made impossible (the
    referral's version moved on; a letter in force or a number exists already) is refused as
    "stale", wherever its flush happens (an autoflush too). The door rolls back."""
    @functools.wraps(operation)
    def run(*args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except (StaleDataError, IntegrityError) as error:
            raise Refused("stale") from error
    return run


def by_token(token: str | None) -> Referral | None:
    """The referral a form (or an API idempotency key) already created."""
    if not token:
        return None
    return db.session.scalar(select(Referral).where(Referral.form_token == token))


def refer(person: Person, measure_code: str, user: User, *, on: date,
          provider_id: int | None = None, project_id: int | None = None,
          destination_region_id: int | None = None, amount_kzt: int | None = None,
          start_on: date | None = None, comment: str | None = None,
          override_reason: str | None = None, token: str | None = None) -> Referral:
    """Propose a referral of the person to the measure, judged by `proposing.judged` (the
    eligibility verdict and rules version of `on`, the allocation it draws on, the amount it
    commits). `token` is the form's (or an API key's): sent twice, it makes one referral."""
    existing = by_token(token)
    if existing is not None:
        raise Refused("duplicate_submit", detail={"referral_id": existing.id})
    referral = proposing.judged(person, measure_code, user, proposing.Proposal(
        on, provider_id, project_id, destination_region_id, amount_kzt, start_on, comment,
        override_reason), proposing.Reads())
    referral.form_token = token
    db.session.add(referral)
    try:
        db.session.flush()
    except IntegrityError as error:  # another submission of the moment was first
        raise Refused("duplicate_submit" if "form_token" in str(error.orig)
                      else "already_open") from error
    totals.referral_made(referral)
    _event(referral, None, "proposed", on, user, note=referral.override_reason)
    audit.record("referral.create", "referral", referral.id, user=user, on=on)
    db.session.flush()
    return referral


def _event(referral: Referral, before: str | None, after: str, on: date, user: User | None,
           reason: str | None = None, note: str | None = None,
           provider: Provider | None = None, employer_reason: str | None = None) -> None:
    referral.events.append(ReferralEvent(
        from_status=before, to_status=after, happened_on=on, recorded_at=utcnow(),
        user_id=user.id if user else None, reason=reason, note=note,
        provider_id=provider.id if provider else None, employer_reason=employer_reason))


@_stale_on_conflict
def transition(referral: Referral, to: str, on: date, user: User | None,
               reason: str | None = None, note: str | None = None,
               letter_number: str | None = None, *, provider: Provider | None = None,
               employer_reason: str | None = None) -> Letter | None:
    """Move the referral to `to`, as happened on `on` (today, or a past day not before the
    referral's last step: its letter then has that day, and a number of that day's year).
    Referred: its numbered letter is issued (and returned), under `letter_number` when the
    letter was numbered before (an import of past letters; refused when the number is
    taken). Rejected, declined or cancelled: its letter stops being valid.
    `provider` instead of a user: the step is the receiving organisation's own answer
    (through the link on its letter), recorded as its, never as a user's; only the referral's
    own provider answers it. `employer_reason`: that organisation's coded reason of a "not
    hired" (declined, "employer refused")."""
    note, letter_number = _text(note), _text(letter_number)
    if letter_number is not None and (to != "referred" or _number_taken(letter_number)):
        raise Refused("letter_number_taken" if to == "referred" else "letter_number_unused")
    if (user is None) == (provider is None) or (
            provider is not None and provider.id != referral.provider_id):
        raise Refused("forbidden")
    if employer_reason is not None and (reason != "employer_refused" or
                                        employer_reason not in workflow.EMPLOYER_REASONS):
        raise _invalid("employer_reason", _l("An employer's reason goes with \"employer "
                                             "refused\" and is one of its codes."))
    refusal = workflow.refusal(
        referral.status, to, needs_approval=referral.needs_approval,
        may_approve=policy.can(user, "referral.approve"), happened_on=on,
        previous_on=referral.status_on, today=clock.today(), reason=reason,
        has_provider=referral.provider_id is not None, note=note)
    if refusal is not None:
        raise Refused(refusal)
    if to in USING_STATUSES and referral.status not in USING_STATUSES and referral.allocation:
        if proposing.Reads().places_left(referral.allocation) <= 0:
            raise Refused("no_places")
    if to not in OPEN_STATUSES:
        totals.referral_closing(referral)  # (before its status changes)
    before = referral.status
    referral.status, referral.status_on = to, on
    if to in workflow.REASONS:
        referral.reason = reason
    _event(referral, before, to, on, user, reason, note, provider, employer_reason)
    audit.record(f"referral.{to}", "referral", referral.id, user=user, on=on,
                 provider_id=provider.id if provider else None)
    db.session.flush()  # the referral's version: a step taken at the same moment is stale
    if to in workflow.CLOSING:
        for letter in referral.letters:
            if letter.status == "genuine":
                _cancel_letter(letter, user, provider)
    return _issue_letter(referral, user, on, letter_number) if to == "referred" else None


def _number_taken(number: str) -> bool:
    return db.session.scalar(select(Letter.id).where(Letter.number == number)) is not None


@_stale_on_conflict
def set_provider(referral: Referral, provider_id: int, user: User) -> None:
    """Where the person is sent: an active provider of their region, chosen or changed before
    the letter is issued."""
    proposing.check_provider(referral.person, provider_id)
    if referral.status not in workflow.BEFORE_LETTER:
        raise Refused("letter_issued")
    referral.provider_id = provider_id
    audit.record("referral.provider", "referral", referral.id, user=user)
    db.session.flush()


@_stale_on_conflict
def reissue_letter(referral: Referral, user: User, on: date | None = None) -> Letter:
    """A new number for the letter in force, which is cancelled (the paper in the person's
    hands stops being valid). Issued on `on` (today when left out; a past day entered later:
    not before the letter it replaces, numbered in that day's year and region)."""
    if referral.status not in workflow.REISSUABLE:
        raise Refused("not_allowed")
    on = on or clock.today()
    in_force = [letter.issued_on for letter in referral.letters if letter.status == "genuine"]
    problem = day_problem(on, clock.today(), follows=max(in_force, default=referral.status_on),
                          before="reissue_before_letter")
    if problem:
        raise Refused(problem)
    # The referral's row first, with its version: reissues of the same moment queue there
    # (and the later ones find it stale) rather than on the letters and the number in turns
    # that could wait on each other.
    flag_modified(referral, "status")
    db.session.flush()
    return _issue_letter(referral, user, on)


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
    raise Refused("busy")


@dataclass(frozen=True)
class Numbering:
    id: int  # the region whose count of the year numbers the letter
    kato: str  # its code on the letter's day


def numbering_region(person: Person, on: date) -> Numbering:
    """The region whose letters a letter of the person issued on `on` is numbered among: the
    region their district belonged to that day, with its code then (a district of today's
    Abai numbers a 2020 letter as East Kazakhstan's, "63-2020-...")."""
    found = territories.region_code_of(person.district_id, on)  # one statement
    return Numbering(*found) if found else Numbering(person.region_id, person.region.kato)


def _keep_number(region: Numbering, year: int, number: str) -> str:
    """A number given before (a past letter): kept, and the region's count of its year moved
    past it, so that no later letter is given the same one."""
    sequence = sequence_of(number, region.kato, year)
    if sequence is None:
        return number
    moved = db.session.execute(update(LetterCounter).where(
        LetterCounter.region_id == region.id, LetterCounter.year == year,
        LetterCounter.last < sequence).values(last=sequence)).rowcount
    if not moved and db.session.get(LetterCounter, (region.id, year)) is None:
        db.session.add(LetterCounter(region_id=region.id, year=year, last=sequence))
        db.session.flush()
    return number


def _issue_letter(referral: Referral, user: User, on: date,
                  number: str | None = None) -> Letter:
    """A new numbered letter; an earlier genuine letter of the referral is cancelled. The
    database keeps one genuine letter per referral and each number once: a letter issued at
    the same moment by someone else makes this one stale."""
    for old in referral.letters:
        if old.status == "genuine":
            _cancel_letter(old, user)
    region = numbering_region(referral.person, on)
    number = (_keep_number(region, on.year, number) if number is not None else
              letter_number(region.kato, on.year, _next_number(region.id, on.year)))
    letter = Letter(referral_id=referral.id, number=number,
                    code="".join(secrets.choice(letter_codes.ALPHABET)
                                 for _ in range(letter_codes.LENGTH)),
                    issued_on=on, issued_by_id=user.id, status="genuine")
    referral.letters.append(letter)
    db.session.flush()
    audit.record("letter.issue", "letter", letter.id, user=user, on=on)
    answer_links.create(letter, user, on)  # the receiving organisation's link on the letter
    return letter


def _cancel_letter(letter: Letter, user: User | None, provider: Provider | None = None) -> None:
    letter.status, letter.cancelled_at = "cancelled", utcnow()
    letter.cancelled_by_id = user.id if user else None
    audit.record("letter.cancel", "letter", letter.id, user=user,
                 provider_id=provider.id if provider else None)
    db.session.flush()


@_stale_on_conflict
def keep_letter_batch(body: bytes, letters: int, user: User) -> LetterBatch:
    """Keep the district's PDF of today's letters, dropping its earlier one (it holds
    personal data: one is kept, not a history; of two made at the same moment, the first)."""
    db.session.execute(delete(LetterBatch).where(LetterBatch.district_id == user.district_id))
    batch = LetterBatch(district_id=user.district_id, made_by_id=user.id, made_on=clock.today(),
                        letters=letters, pdf=body)
    db.session.add(batch)
    db.session.flush()
    audit.record("letter.batch_pdf", "letter_batch", batch.id, user=user)
    return batch
