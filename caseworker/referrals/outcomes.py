"""The use cases after a referral: record what came of it, and the checks 3, 6 and 12 months
later of whether the person is still in the job. Each checks its rules, writes, audits and
flushes (the door commits), or raises `Refused`; the pages and the API only translate."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from caseworker import audit, clock, policy
from caseworker.domain.dates import add_months
from caseworker.extensions import db
from caseworker.models import (
    FieldChange, FollowUp, Outcome, Person, Referral, RegistrationEpisode, User)
from caseworker.models.outcome import FOLLOW_UP_MONTHS, JOB_KINDS, OUTCOME_KINDS, SOURCES
from caseworker.models.types import utcnow
from caseworker.refusals import Refused

OUTCOME_STATUSES = ("referred", "started", "completed")


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def record_outcome(referral: Referral, user: User, *, kind: str, start_on: date,
                   employer: str | None = None, wage_kzt: int | None = None) -> Outcome:
    """What came of a referred person's referral, since `start_on`. A job employs the person,
    closes their open registration episode and plans its follow-up checks."""
    if referral.outcome is not None:
        raise Refused("outcome_recorded")
    if referral.status not in OUTCOME_STATUSES:
        raise Refused("not_referred")
    if kind not in OUTCOME_KINDS:
        raise Refused("validation_error", field="kind")
    if start_on > clock.today():
        raise Refused("future", field="start_on")
    if start_on < referral.proposed_on:
        raise Refused("before_referral", _l("This is before the referral was made (%(date)s).",
                                            date=_day(referral.proposed_on)))
    outcome = Outcome(referral_id=referral.id, kind=kind, employer=(employer or "").strip()
                      or None, start_on=start_on, wage_kzt=wage_kzt, recorded_by_id=user.id,
                      recorded_at=utcnow())
    referral.outcome = outcome
    try:
        db.session.flush()
    except IntegrityError as error:  # recorded by someone else at the same moment
        raise Refused("outcome_recorded") from error
    if kind in JOB_KINDS:  # whether the person is still in the job: asked of a job only
        for months in FOLLOW_UP_MONTHS:
            outcome.follow_ups.append(FollowUp(months=months,
                                               due_on=add_months(start_on, months)))
        _employed(referral.person, start_on, user)
    audit.record("outcome.record", "referral", referral.id, user=user)
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


def check_follow_up(follow_up: FollowUp, user: User, *, still_employed: bool | None,
                    source: str, on: date) -> FollowUp:
    """Whether the person is still in the job, checked on `on` from `source` ("could not
    verify" records no answer). A check is recorded once."""
    if follow_up.checked_on is not None:
        raise Refused("already_checked")
    if source not in SOURCES:
        raise Refused("validation_error", field="source")
    if on > clock.today():
        raise Refused("future")
    began = follow_up.outcome.start_on
    if on < began:
        raise Refused("before_job", _l("A check cannot be earlier than the job began "
                                       "(%(date)s).", date=_day(began)))
    # Claimed in the database first: of two checks sent at the same moment, one finds it done.
    claimed = db.session.execute(
        update(FollowUp).where(FollowUp.id == follow_up.id, FollowUp.checked_on.is_(None))
        .values(checked_on=on).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise Refused("already_checked")
    follow_up.checked_on, follow_up.source, follow_up.checked_by_id = on, source, user.id
    follow_up.still_employed = None if source == "could_not_verify" else still_employed
    audit.record("follow_up.check", "follow_up", follow_up.id, user=user)
    db.session.flush()
    return follow_up


def due(user: User, until: date) -> Select:
    """Follow-ups not yet checked and due by `until`, in the user's scope, oldest first."""
    stmt = (select(FollowUp).join(Outcome, Outcome.id == FollowUp.outcome_id)
            .join(Referral, Referral.id == Outcome.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(FollowUp.checked_on.is_(None), FollowUp.due_on <= until)
            .order_by(FollowUp.due_on))
    return policy.scope_persons(stmt, user)
