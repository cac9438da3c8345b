"""Outcomes of referrals and their follow-up checks. Writes add and flush; views commit."""
from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy import Select, select

from caseworker import audit, policy
from caseworker.domain.dates import add_months
from caseworker.extensions import db
from caseworker.models import (
    FieldChange, FollowUp, Outcome, Person, Referral, RegistrationEpisode, User)
from caseworker.models.outcome import FOLLOW_UP_MONTHS, JOB_KINDS
from caseworker.models.types import utcnow

OUTCOME_STATUSES = ("referred", "started", "completed")


def record(referral: Referral, kind: str, employer: str | None, start_on: date,
           wage_kzt: int | None, user: User) -> Outcome:
    if referral.outcome is not None or referral.status not in OUTCOME_STATUSES:
        abort(409)
    outcome = Outcome(referral_id=referral.id, kind=kind, employer=employer, start_on=start_on,
                      wage_kzt=wage_kzt, recorded_by_id=user.id, recorded_at=utcnow())
    referral.outcome = outcome
    db.session.flush()
    if kind in JOB_KINDS:  # whether the person is still in the job: asked of a job only
        for months in FOLLOW_UP_MONTHS:
            outcome.follow_ups.append(FollowUp(months=months,
                                               due_on=add_months(start_on, months)))
        _employed(referral.person, start_on, user)
    audit.record("outcome.record", "referral", referral.id)
    db.session.flush()
    return outcome


def _employed(person: Person, on: date, user: User) -> None:
    """A confirmed job: the person is employed and the open registration episode closes."""
    episode = db.session.scalar(select(RegistrationEpisode).where(
        RegistrationEpisode.person_id == person.id,
        RegistrationEpisode.deregistered_on.is_(None)))
    if episode is not None:
        episode.deregistered_on = max(on, episode.registered_on)
        episode.reason, episode.closed_by_id = "placed", user.id
    if person.status != "employed":
        db.session.add(FieldChange(person_id=person.id, user_id=user.id, field="status",
                                   old=person.status, new="employed", at=utcnow()))
        person.status = "employed"


def check(follow_up: FollowUp, still_employed: bool | None, source: str, on: date,
          user: User) -> None:
    if follow_up.checked_on is not None:
        abort(409)
    follow_up.checked_on, follow_up.source, follow_up.checked_by_id = on, source, user.id
    follow_up.still_employed = None if source == "could_not_verify" else still_employed
    audit.record("follow_up.check", "follow_up", follow_up.id)
    db.session.flush()


def due(user: User, until: date) -> Select:
    """Follow-ups not yet checked and due by `until`, in the user's scope, oldest first."""
    stmt = (select(FollowUp).join(Outcome, Outcome.id == FollowUp.outcome_id)
            .join(Referral, Referral.id == Outcome.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(FollowUp.checked_on.is_(None), FollowUp.due_on <= until)
            .order_by(FollowUp.due_on))
    return policy.scope_persons(stmt, user)
