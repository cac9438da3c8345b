"""Caseloads and team figures as SQL aggregates: a fixed number of statements per page,
whatever the number of rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, or_, select

from caseworker import policy
from caseworker.domain.casework import PROVIDER_WAIT_DAYS, stale_cutoff
from caseworker.extensions import db
from caseworker.models import (
    EmploymentPlan, FollowUp, Interaction, Outcome, Person, PlanStep, Referral, User)
from caseworker.models.outcome import JOB_KINDS
from caseworker.models.referral import OPEN_STATUSES


def _last_contact():
    return (select(func.max(Interaction.at)).where(Interaction.person_id == Person.id)
            .correlate(Person).scalar_subquery())


def _next_task():
    return (select(func.min(Interaction.due_on)).where(
        Interaction.person_id == Person.id, Interaction.done_on.is_(None),
        Interaction.due_on.is_not(None)).correlate(Person).scalar_subquery())


def _next_step():
    return (select(func.min(PlanStep.due_on)).join(EmploymentPlan)
            .where(EmploymentPlan.person_id == Person.id, PlanStep.done_on.is_(None))
            .correlate(Person).scalar_subquery())


def _open_referrals():
    return (select(func.count(Referral.id)).where(
        Referral.person_id == Person.id, Referral.status.in_(OPEN_STATUSES))
        .correlate(Person).scalar_subquery())


@dataclass
class CaseloadFilter:
    flag: str = ""        # overdue | stale | ""
    segment: str = ""


def caseload(user: User, caseworker_id: int, today: date, f: CaseloadFilter) -> Select:
    """Active persons of a caseworker with last contact, next action due (a task or a plan
    step), open referrals; overdue first, then the soonest due, then the longest silent."""
    last, task, step, refs = _last_contact(), _next_task(), _next_step(), _open_referrals()
    due = case((task.is_(None), step), (step.is_(None), task),
               (task < step, task), else_=step)
    stmt = (select(Person, last.label("last_contact"), due.label("next_due"),
                   refs.label("open_referrals"))
            .where(Person.caseworker_id == caseworker_id, Person.status == "active"))
    if f.flag == "overdue":
        stmt = stmt.where(due < today)
    elif f.flag == "stale":
        stmt = stmt.where(or_(last.is_(None), last < stale_cutoff(today)))
    if f.segment:
        stmt = stmt.where(func.coalesce(Person.segment_override, Person.segment) == f.segment)
    stmt = stmt.order_by(case((due < today, 0), else_=1), due.is_(None), due,
                         last.is_not(None), last, Person.id)
    return policy.scope_persons(stmt, user)


def caseload_counts(caseworker_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    """Per caseworker: active, overdue tasks, stale, waiting for a provider, follow-ups due,
    referrals waiting, placements this month, follow-ups checked and verified; a few queries,
    each grouped by caseworker, whatever the number of caseworkers or persons."""
    mine = Person.caseworker_id.in_(caseworker_ids)
    cutoff = stale_cutoff(today)
    last = _last_contact()  # per person of the caseloads, not grouped over every contact
    month_start = today.replace(day=1)
    queries = {
        "active": select(Person.caseworker_id, func.count()).where(
            mine, Person.status == "active"),
        "overdue": select(Person.caseworker_id, func.count()).join(
            Interaction, Interaction.person_id == Person.id).where(
            mine, Interaction.done_on.is_(None), Interaction.due_on < today),
        "overdue_steps": select(Person.caseworker_id, func.count()).join(
            EmploymentPlan, EmploymentPlan.person_id == Person.id).join(PlanStep).where(
            mine, PlanStep.done_on.is_(None), PlanStep.due_on < today),
        "stale": select(Person.caseworker_id, func.count()).where(
            mine, Person.status == "active", or_(last.is_(None), last < cutoff)),
        "placements": select(Person.caseworker_id, func.count()).join(
            Referral, Referral.person_id == Person.id).join(
            Outcome, Outcome.referral_id == Referral.id).where(
            mine, Outcome.kind.in_(JOB_KINDS), Outcome.start_on >= month_start,
            Outcome.start_on <= today),
    }
    # Figures that read the same rows are counted in one pass each.
    waited = today - timedelta(days=PROVIDER_WAIT_DAYS)
    passes = {
        ("waiting_provider", "referrals_waiting"): select(
            Person.caseworker_id,
            func.count(case((and_(Referral.status == "referred", Referral.status_on <= waited),
                             1))),
            func.count(case((Referral.status.in_(("proposed", "approved")), 1))))
        .join(Referral, Referral.person_id == Person.id)
        .where(mine, Referral.status.in_(("referred", "proposed", "approved"))),
        ("follow_ups_due", "follow_ups_checked", "follow_ups_verified"): select(
            Person.caseworker_id,
            func.count(case((and_(FollowUp.checked_on.is_(None), FollowUp.due_on <= today), 1))),
            func.count(FollowUp.checked_on),
            func.count(case((and_(FollowUp.checked_on.is_not(None),
                                  FollowUp.source != "could_not_verify"), 1))))
        .join(Referral, Referral.person_id == Person.id)
        .join(Outcome, Outcome.referral_id == Referral.id)
        .join(FollowUp, FollowUp.outcome_id == Outcome.id).where(mine),
    }
    names = [*queries, *(name for group in passes for name in group)]
    counts = {cid: {name: 0 for name in names} for cid in caseworker_ids}
    for name, stmt in queries.items():
        for cid, n in db.session.execute(stmt.group_by(Person.caseworker_id)):
            counts[cid][name] = n
    for group, stmt in passes.items():
        for cid, *values in db.session.execute(stmt.group_by(Person.caseworker_id)):
            counts[cid].update(zip(group, values))
    for figures in counts.values():
        figures["overdue"] += figures.pop("overdue_steps")
    return counts


def team(district_id: int) -> Select:
    return (select(User).where(User.district_id == district_id, User.active.is_(True),
                               User.role.in_((policy.CASEWORKER, policy.SUPERVISOR)))
            .order_by(User.full_name))


def interactions(person_id: int, limit: int = 100) -> Select:
    return (select(Interaction).where(Interaction.person_id == person_id)
            .order_by(Interaction.at.desc(), Interaction.id.desc()).limit(limit))


def plan_of(person_id: int) -> Select:
    return (select(EmploymentPlan).where(EmploymentPlan.person_id == person_id)
            .order_by(EmploymentPlan.agreed_on.desc()).limit(1))


def reassignment_candidates(user: User, caseworker_id: int | None, segment: str) -> Select:
    stmt = select(Person).where(Person.status == "active")
    if caseworker_id:
        stmt = stmt.where(Person.caseworker_id == caseworker_id)
    if segment:
        stmt = stmt.where(func.coalesce(Person.segment_override, Person.segment) == segment)
    return policy.scope_persons(stmt.order_by(Person.name_order, Person.id).limit(200), user)

