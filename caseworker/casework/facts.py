"""A person's casework facts (`Person.last_contact_at`, `next_due_on`, ... see the model),
derived from their contacts, plan steps, referrals and follow-ups and kept on `person`, so that
a caseload and a district's team figures read one index of `person` instead of walking every
person's history (at national scale a large district's review would walk 1.5 million rows).

The session keeps them current: after a flush that changes a contact, a plan or a step, a
referral, an outcome or a follow-up, the facts of the persons concerned are computed again from
those rows, in the same transaction. Their rows are locked first (on PostgreSQL), so that two
transactions changing the same person's case one after the other each see the other's rows
(the lock of an update that leaves the key alone, which the foreign keys of the rows they
add do not wait for).
Bulk loads (the national demo) call `refresh` for everyone; `flask casework facts --check`
lists persons whose facts differ from their history.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain

from sqlalchemy import (
    Connection, and_, case, event, exists, func, or_, select, true, union_all, update)
from sqlalchemy.orm import Session, aliased

from caseworker.models import (
    EmploymentPlan, FollowUp, Interaction, Outcome, Person, PlanStep, Referral)
from caseworker.models.outcome import JOB_KINDS
from caseworker.models.referral import OPEN_STATUSES

AWAITING_APPROVAL = ("proposed", "approved")
CHUNK = 50_000  # persons refreshed per statement by a full refresh
_person = Person.__table__
_later = aliased(EmploymentPlan)


def _scalar(stmt):
    return stmt.correlate(_person).scalar_subquery()


def _count(stmt):
    return func.coalesce(_scalar(stmt), 0)


def derived(voids: bool = True) -> dict:
    """Column -> the SQL expression of its value, correlated to the person's row.

    The steps of a plan that a later plan replaced (closed it) set no next action. "A later
    plan", not `closed_on`: a plan is closed only by the plan that replaces it, and the
    migrations that fill these facts run this on schemas older than that column; they also
    ask for the facts without `voids`, on schemas older than the void columns: a voided
    contact, outcome or check counts nowhere."""
    if voids:
        contact_live, outcome_live = Interaction.voided_at.is_(None), Outcome.voided_at.is_(None)
        check_live = FollowUp.voided_at.is_(None)
    else:
        contact_live = outcome_live = check_live = true()
    dues = union_all(  # each subquery once (a CASE over two would run them again)
        select(Interaction.due_on.label("due")).where(
            Interaction.person_id == _person.c.id, Interaction.done_on.is_(None),
            Interaction.due_on.is_not(None), contact_live).correlate(_person),
        select(PlanStep.due_on).join(EmploymentPlan).where(
            EmploymentPlan.person_id == _person.c.id, PlanStep.done_on.is_(None),
            ~exists().where(_later.person_id == EmploymentPlan.person_id,
                            _later.id > EmploymentPlan.id))
        .correlate(_person)).subquery()
    referrals = select(func.count(Referral.id)).where(Referral.person_id == _person.c.id)
    follow_ups = (select(FollowUp.id).join(Outcome, FollowUp.outcome_id == Outcome.id)
                  .join(Referral, Outcome.referral_id == Referral.id)
                  .where(Referral.person_id == _person.c.id, outcome_live, check_live))
    checked = FollowUp.checked_on.is_not(None)
    return {
        "last_contact_at": _scalar(select(func.max(Interaction.at)).where(
            Interaction.person_id == _person.c.id, contact_live)),
        "next_due_on": _scalar(select(func.min(dues.c.due))),
        "open_referrals": _count(referrals.where(Referral.status.in_(OPEN_STATUSES))),
        "awaiting_approval": _count(referrals.where(Referral.status.in_(AWAITING_APPROVAL))),
        "provider_wait_from": _scalar(select(func.min(Referral.status_on)).where(
            Referral.person_id == _person.c.id, Referral.status == "referred")),
        "follow_up_due_on": _scalar(follow_ups.with_only_columns(func.min(FollowUp.due_on))
                                    .where(FollowUp.checked_on.is_(None))),
        "follow_ups_checked": _count(follow_ups.with_only_columns(func.count()).where(checked)),
        "follow_ups_verified": _count(follow_ups.with_only_columns(func.count()).where(
            checked, FollowUp.source != "could_not_verify")),
        "placed_on": _scalar(select(func.max(Outcome.start_on)).join(
            Referral, Outcome.referral_id == Referral.id).where(
            Referral.person_id == _person.c.id, Outcome.kind.in_(JOB_KINDS), outcome_live)),
    }


def refresh(conn: Connection, ids: list[int] | None = None,
            columns: tuple[str, ...] | None = None, voids: bool = True,
            share: tuple[int, int] = (0, 1)) -> int:
    """Compute the facts (or only `columns`, as a migration that adds them does) again for
    `ids` (everyone when None); returns the persons updated. `updated_at` stays: the profile
    did not change. For everyone, `share` (n, of) takes every of-th range of CHUNK persons
    from the n-th only: the shares of everyone refreshed in as many connections at once."""
    values = {name: value for name, value in derived(voids).items()
              if columns is None or name in columns}
    values["updated_at"] = _person.c.updated_at
    if ids is not None:
        # FOR NO KEY UPDATE: two refreshes of one person still wait for each other, but not
        # for the key-share lock that the new row's foreign key took on the person (FOR
        # UPDATE would: two contacts added to one person at once, each holding that lock and
        # waiting for the other's to lock the row, ended in a deadlock)
        conn.execute(select(_person.c.id).where(_person.c.id.in_(ids))
                     .order_by(_person.c.id).with_for_update(key_share=True))
        return conn.execute(update(_person).where(_person.c.id.in_(ids))
                            .values(values)).rowcount
    top = conn.scalar(select(func.max(_person.c.id))) or 0
    done = 0
    number, of = share
    for start in range(number * CHUNK, top + 1, of * CHUNK):
        if columns is None and voids:
            done += conn.execute(_grouped(start, start + CHUNK - 1)).rowcount
            continue
        done += conn.execute(update(_person).where(
            _person.c.id >= start, _person.c.id < start + CHUNK).values(values)).rowcount
    return done


def _earlier(a, b):
    """The earlier of two dates, either of which may be missing (SQLite's two-argument min
    and PostgreSQL's LEAST differ on NULL)."""
    return case((a.is_(None), b), (b.is_(None), a), (a <= b, a), else_=b)


def _grouped(low: int, high: int):
    """The facts of persons `low`..`high` as `derived` gives them, computed set-based: each
    table's rows of the range grouped by person once, joined to the persons (`derived`'s
    correlated subqueries would look up every person's rows one person at a time: what a
    national build's full refresh cannot afford). `differences` checks the two agree."""
    live = Interaction.voided_at.is_(None)
    contacts = (select(Interaction.person_id.label("pid"),
                       func.max(Interaction.at).label("last_at"),
                       func.min(case((and_(Interaction.done_on.is_(None),
                                           Interaction.due_on.is_not(None)),
                                      Interaction.due_on))).label("due"))
                .where(Interaction.person_id.between(low, high), live)
                .group_by(Interaction.person_id).subquery("contacts"))
    latest = (select(EmploymentPlan.person_id.label("pid"),
                     func.max(EmploymentPlan.id).label("plan_id"))
              .where(EmploymentPlan.person_id.between(low, high))
              .group_by(EmploymentPlan.person_id).subquery("latest"))
    steps = (select(latest.c.pid, func.min(PlanStep.due_on).label("due"))
             .join(PlanStep, PlanStep.plan_id == latest.c.plan_id)
             .where(PlanStep.done_on.is_(None)).group_by(latest.c.pid).subquery("steps"))
    referrals = (select(
        Referral.person_id.label("pid"),
        func.count(case((Referral.status.in_(OPEN_STATUSES), 1))).label("open"),
        func.count(case((Referral.status.in_(AWAITING_APPROVAL), 1))).label("awaiting"),
        func.min(case((Referral.status == "referred", Referral.status_on))).label("wait"))
        .where(Referral.person_id.between(low, high))
        .group_by(Referral.person_id).subquery("referrals"))
    placed = (select(Referral.person_id.label("pid"), func.max(Outcome.start_on).label("on"))
              .join(Outcome, Outcome.referral_id == Referral.id)
              .where(Referral.person_id.between(low, high), Outcome.kind.in_(JOB_KINDS),
                     Outcome.voided_at.is_(None))
              .group_by(Referral.person_id).subquery("placed"))
    checked = FollowUp.checked_on.is_not(None)
    checks = (select(
        Referral.person_id.label("pid"),
        func.min(case((FollowUp.checked_on.is_(None), FollowUp.due_on))).label("due"),
        func.count(case((checked, 1))).label("checked"),
        func.count(case((and_(checked, FollowUp.source != "could_not_verify"), 1)))
        .label("verified"))
        .select_from(FollowUp).join(Outcome, FollowUp.outcome_id == Outcome.id)
        .join(Referral, Outcome.referral_id == Referral.id)
        .where(Referral.person_id.between(low, high), Outcome.voided_at.is_(None),
               FollowUp.voided_at.is_(None))
        .group_by(Referral.person_id).subquery("checks"))
    person = _person.alias("p")
    found = (select(
        person.c.id, contacts.c.last_at, _earlier(contacts.c.due, steps.c.due).label("due"),
        func.coalesce(referrals.c.open, 0).label("open"),
        func.coalesce(referrals.c.awaiting, 0).label("awaiting"),
        referrals.c.wait, checks.c.due.label("check_due"),
        func.coalesce(checks.c.checked, 0).label("checked"),
        func.coalesce(checks.c.verified, 0).label("verified"), placed.c.on)
        .select_from(person)
        .outerjoin(contacts, contacts.c.pid == person.c.id)
        .outerjoin(steps, steps.c.pid == person.c.id)
        .outerjoin(referrals, referrals.c.pid == person.c.id)
        .outerjoin(placed, placed.c.pid == person.c.id)
        .outerjoin(checks, checks.c.pid == person.c.id)
        .where(person.c.id.between(low, high)).subquery("found"))
    return update(_person).where(_person.c.id == found.c.id).values(
        last_contact_at=found.c.last_at, next_due_on=found.c.due,
        open_referrals=found.c.open, awaiting_approval=found.c.awaiting,
        provider_wait_from=found.c.wait, follow_up_due_on=found.c.check_due,
        follow_ups_checked=found.c.checked, follow_ups_verified=found.c.verified,
        placed_on=found.c.on, updated_at=_person.c.updated_at)


def differences(conn: Connection, limit: int = 100) -> list[int]:
    """Persons whose stored facts differ from those computed from their history."""
    wrong = or_(*(_person.c[name].is_distinct_from(value)
                  for name, value in derived().items()))
    return list(conn.scalars(select(_person.c.id).where(wrong).order_by(_person.c.id)
                             .limit(limit)))


# --- kept current by the session ----------------------------------------------------------

def _concerned(session: Session) -> set[int]:
    persons, plans, referrals, outcomes = set(), set(), set(), set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, (Interaction, EmploymentPlan, Referral)):
            persons.add(obj.person_id)
        elif isinstance(obj, PlanStep):
            plans.add(obj.plan_id)
        elif isinstance(obj, Outcome):
            referrals.add(obj.referral_id)
        elif isinstance(obj, FollowUp):
            outcomes.add(obj.outcome_id)
    conn = session.connection()
    if outcomes:
        referrals |= set(conn.scalars(select(Outcome.referral_id).where(
            Outcome.id.in_(outcomes))))
    if referrals:
        persons |= set(conn.scalars(select(Referral.person_id).where(
            Referral.id.in_(referrals))))
    if plans:
        persons |= set(conn.scalars(select(EmploymentPlan.person_id).where(
            EmploymentPlan.id.in_(plans))))
    persons.discard(None)
    return persons


_DEFERRED = "casework_facts_deferred"


@contextmanager
def deferred(session: Session) -> Iterator[Callable[[], None]]:
    """A bulk write (an import) computes the facts of the persons it touched once, when it
    calls `settle()` at its end, rather than at each flush."""
    touched: set[int] = set()
    session.info[_DEFERRED] = touched

    def settle() -> None:
        if touched:
            refresh(session.connection(), sorted(touched))
    try:
        yield settle
    finally:
        session.info.pop(_DEFERRED, None)


def touch(session: Session, ids: set[int]) -> None:
    """Persons whose case a bulk INSERT changed (no flush saw it): their facts are computed
    again by the `deferred` settling around it, else at once."""
    if _DEFERRED in session.info:
        session.info[_DEFERRED].update(ids)
    elif ids:
        refresh(session.connection(), sorted(ids))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    ids = _concerned(session)
    if ids and _DEFERRED in session.info:
        session.info[_DEFERRED].update(ids)
    elif ids:
        refresh(session.connection(), sorted(ids))

