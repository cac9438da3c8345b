"""The use cases after a referral: record what came of it, and the checks 3, 6 and 12 months
later of whether the person is still in the job. Each checks its rules, writes, audits and
flushes (the door commits), or raises `Refused`; the pages and the API only translate."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from caseworker import audit, clock, policy
from caseworker.domain import workflow
from caseworker.calendar.queries import work_calendar
from caseworker.domain.dates import add_months
from caseworker.domain.event_dates import day_problem
from caseworker.domain.workdays import follow_up_days
from caseworker.extensions import db
from caseworker.models import (
    FieldChange, FollowUp, Outcome, Person, Referral, RegistrationEpisode, User)
from caseworker.models.outcome import FOLLOW_UP_MONTHS, JOB_KINDS, OUTCOME_KINDS, SOURCES
from caseworker.models.types import utcnow
from caseworker.refusals import Refused
from caseworker.voiding import mark_void

def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _live_outcome(referral: Referral) -> int | None:
    return db.session.scalar(select(Outcome.id).where(Outcome.referral_id == referral.id,
                                                       Outcome.voided_at.is_(None)))


def record_outcome(referral: Referral, user: User, *, kind: str, on: date | None = None,
                   start_on: date | None = None, employer: str | None = None,
                   wage_kzt: int | None = None, confirmed: bool = True) -> Outcome:
    """What came of a referred person's referral, since `on` (the day it happened: the job
    began, the certificate was given...; `start_on` is the same, as the outcome calls it). A job employs the person,
    closes their open registration episode and plans its follow-up checks.

    Which kinds a referral may have, by its status and its measure, is
    `workflow.outcome_refusal` (what comes of a participation needs it started: only "not
    employed" before, except a referral to a vacancy). A job deregisters the person, so the
    page asks a confirmation: `confirmed` False refuses a job kind ("confirm_employed"); the
    API's caller states the outcome deliberately and leaves it True. One outcome not void per
    referral: a wrong one is voided (`void_outcome`) and the right one recorded after it."""
    start_on = on or start_on
    checked_outcome(referral, kind, start_on, live=_live_outcome(referral) is not None,
                    confirmed=confirmed)
    outcome = Outcome(referral_id=referral.id, kind=kind, employer=(employer or "").strip()
                      or None, start_on=start_on, wage_kzt=wage_kzt, recorded_by_id=user.id,
                      recorded_at=utcnow())
    db.session.add(outcome)
    try:
        db.session.flush()
    except IntegrityError as error:  # recorded by someone else at the same moment
        raise Refused("outcome_recorded") from error
    if kind in JOB_KINDS:  # whether the person is still in the job: asked of a job only
        for months, due_on in follow_up_dues(start_on):
            outcome.follow_ups.append(FollowUp(months=months, due_on=due_on))
        employed(outcome, referral.person, start_on, user)
    audit.record("outcome.record", "referral", referral.id, user=user, on=start_on)
    db.session.flush()
    db.session.expire(referral, ["outcomes"])
    return outcome


def checked_outcome(referral: Referral, kind: str, start_on: date | None, *, live: bool,
                    confirmed: bool = True) -> None:
    """The rules of an outcome (see `record_outcome`), `live`: the referral has one in force
    already. The one check both forms of the use case make; raises `Refused`."""
    if start_on is None:
        raise Refused("validation_error", field="start_on")
    if live:
        raise Refused("outcome_recorded")
    if kind not in OUTCOME_KINDS:
        raise Refused("validation_error", field="kind")
    refusal = workflow.outcome_refusal(referral.status, kind, referral.measure.kind)
    if refusal:
        raise Refused(refusal)
    problem = day_problem(start_on, clock.today(), born=referral.person.birth_date,
                          follows=referral.proposed_on, before="before_referral")
    if problem == "before_referral":
        raise Refused(problem, _l("This is before the referral was made (%(date)s).",
                                  date=_day(referral.proposed_on)))
    if problem:
        raise Refused(problem, field="start_on")
    if kind in JOB_KINDS and not confirmed:
        raise Refused("confirm_employed")


def follow_up_dues(start_on: date, calendar=None) -> list[tuple[int, date]]:
    """The checks of a job at 3, 6 and 12 months from its start; one that falls on a day
    off is due on the next working day (the working-days calendar, read once; a batch gives
    one read for all its days)."""
    last = add_months(start_on, max(FOLLOW_UP_MONTHS)) + timedelta(days=31)
    return follow_up_days(start_on, FOLLOW_UP_MONTHS, calendar or work_calendar(start_on, last))


_OPEN = object()  # the open episode not given: read


def employed(outcome: Outcome, person: Person, on: date, user: User,
             episode=_OPEN, changes: list[dict] | None = None) -> None:
    """A confirmed job: the person is employed and the open registration episode closes; the
    outcome keeps what it changed, for a void to put back. `episode`: the person's open
    episode as a batch read it (None: none); `changes`: a batch's list, which the person's
    field change joins as a row for the batch to write (else it is added to the session)."""
    if episode is _OPEN:
        episode = db.session.scalar(select(RegistrationEpisode).where(
            RegistrationEpisode.person_id == person.id,
            RegistrationEpisode.deregistered_on.is_(None)))
    if episode is not None:
        episode.deregistered_on = max(on, episode.registered_on)
        episode.reason, episode.closed_by_id = "placed", user.id
        episode.closed_at = utcnow()
        outcome.closed_episode_id = episode.id
    if person.status != "employed":
        change = {"person_id": person.id, "user_id": user.id, "field": "status",
                  "old": person.status, "new": "employed", "at": utcnow(), "happened_on": on}
        if changes is None:
            db.session.add(FieldChange(**change))
        else:
            changes.append(change)
        outcome.status_before, person.status = person.status, "employed"


def void_outcome(outcome: Outcome, user: User, *, reason: str,
                 confirmed: bool = True) -> Outcome:
    """An outcome recorded by mistake, voided by its author or the district's supervisor: kept,
    marked void, counted nowhere (indicators, facts); its checks not yet made are voided with it
    (a checked one stays as it was, counted nowhere with its outcome). What the outcome changed
    is put back when nothing later changed it again: the person's status (while still
    "employed" and no other job outcome in force employs them) and the registration episode it
    closed (reopened while the person has no other open episode). The referral may then have
    its right outcome recorded."""
    referral = outcome.referral
    person = referral.person
    mark_void(outcome, user, person, outcome.recorded_by_id, reason, confirmed)
    for check in outcome.follow_ups:
        if check.checked_on is None and check.voided_at is None:
            check.voided_at, check.voided_by_id = outcome.voided_at, user.id
            check.void_reason = outcome.void_reason
    db.session.flush()
    employed_elsewhere = db.session.scalar(
        select(Outcome.id).join(Referral, Referral.id == Outcome.referral_id).where(
            Referral.person_id == person.id, Outcome.voided_at.is_(None),
            Outcome.kind.in_(JOB_KINDS)).limit(1))
    if outcome.status_before and person.status == "employed" and employed_elsewhere is None:
        db.session.add(FieldChange(person_id=person.id, user_id=user.id, field="status",
                                   old=person.status, new=outcome.status_before, at=utcnow()))
        person.status = outcome.status_before
        _reopen(outcome, person)
    audit.record("outcome.void", "referral", referral.id, user=user)
    db.session.flush()
    db.session.expire(referral, ["outcomes"])
    return outcome


def _reopen(outcome: Outcome, person: Person) -> None:
    """The registration episode the outcome closed opens again, unless another is open."""
    episode = db.session.get(RegistrationEpisode, outcome.closed_episode_id or 0)
    if episode is None or episode.reason != "placed":
        return
    if db.session.scalar(select(RegistrationEpisode.id).where(
            RegistrationEpisode.person_id == person.id,
            RegistrationEpisode.deregistered_on.is_(None))) is not None:
        return
    episode.deregistered_on, episode.reason, episode.closed_by_id = None, None, None
    episode.closed_at = None


def check_follow_up(follow_up: FollowUp, user: User, *, still_employed: bool | None,
                    source: str, on: date) -> FollowUp:
    """Whether the person is still in the job, checked on `on` from `source` ("could not
    verify" records no answer; any other source needs the answer). A check is recorded once."""
    if follow_up.checked_on is not None or follow_up.voided_at is not None:
        raise Refused("already_checked")
    if source not in SOURCES:
        raise Refused("validation_error", field="source")
    if still_employed is None and source != "could_not_verify":
        raise Refused("answer_required")
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
    follow_up.checked_at = utcnow()
    follow_up.still_employed = None if source == "could_not_verify" else still_employed
    audit.record("follow_up.check", "follow_up", follow_up.id, user=user, on=on)
    db.session.flush()
    return follow_up


def void_follow_up(follow_up: FollowUp, user: User, *, reason: str,
                   confirmed: bool = True) -> FollowUp:
    """A check recorded by mistake, voided by whoever recorded it or the district's supervisor:
    kept, marked void, counted nowhere; a new open check of the same months and due date takes
    its place, to be made again. Only a recorded check is voided (one not made yet is simply
    recorded when it is made)."""
    outcome = follow_up.outcome
    if follow_up.checked_on is None:
        raise Refused("not_checked")
    mark_void(follow_up, user, outcome.referral.person, follow_up.checked_by_id, reason, confirmed)
    if outcome.voided_at is None:
        outcome.follow_ups.append(FollowUp(months=follow_up.months, due_on=follow_up.due_on))
    audit.record("follow_up.void", "follow_up", follow_up.id, user=user)
    db.session.flush()
    return follow_up


def due(user: User, until: date) -> Select:
    """Follow-ups not yet checked and due by `until`, in the user's scope, oldest first. The
    persons are narrowed first by their casework fact (`follow_up_due_on`, the earliest of
    these checks), so a district's list does not walk the country's unchecked checks."""
    stmt = (select(FollowUp).join(Outcome, Outcome.id == FollowUp.outcome_id)
            .join(Referral, Referral.id == Outcome.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Person.follow_up_due_on <= until,
                   FollowUp.checked_on.is_(None), FollowUp.due_on <= until,
                   FollowUp.voided_at.is_(None), Outcome.voided_at.is_(None))
            .order_by(FollowUp.due_on))
    return policy.scope_persons(stmt, user)
