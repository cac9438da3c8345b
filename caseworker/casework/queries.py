"""Caseloads and team figures as SQL aggregates over the persons' casework facts
(`casework.facts`): a fixed number of statements per page, whatever the number of rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, and_, case, func, or_, select, union_all

from caseworker import policy
from caseworker.calendar.queries import work_calendar
from caseworker.domain.casework import stale_cutoff
from caseworker.domain.workdays import passed_since
from caseworker.extensions import db
from caseworker.models import EmploymentPlan, Interaction, Person, PlanStep, User


@dataclass
class CaseloadFilter:
    flag: str = ""        # overdue | stale | waiting | unsent | placed | ""
    segment: str = ""


def waited_since(today: date) -> date:
    """A referral sent on or before this day without an answer is waiting for its provider:
    the provider's term (PROVIDER_WAIT_DAYS) is counted in working days."""
    days = current_app.config["PROVIDER_WAIT_DAYS"]
    return passed_since(today, days, work_calendar(today - timedelta(days=3 * days), today))


def flags(today: date) -> dict:
    """The conditions behind a caseload's flags, on the person's casework facts."""
    return {
        "overdue": Person.next_due_on < today,
        # as domain.casework.stale: never contacted counts once registered 30 days
        "stale": or_(and_(Person.last_contact_at.is_(None),
                          Person.registered_on < stale_cutoff(today).date()),
                     Person.last_contact_at < stale_cutoff(today)),
        "waiting": Person.provider_wait_from <= waited_since(today),
        "unsent": Person.awaiting_approval > 0,  # a referral proposed or approved, not sent
        "placed": Person.placed_on.between(today.replace(day=1), today),
    }


def caseload(user: User, caseworker_id: int, today: date, f: CaseloadFilter) -> Select:
    """Active persons of a caseworker (with the flag "placed": those placed in a job this
    month, whatever their status now) with last contact, next action due (a task or a plan
    step), open referrals; overdue first, then the soonest due, then the longest silent."""
    due, last = Person.next_due_on, Person.last_contact_at
    stmt = select(Person).where(Person.caseworker_id == caseworker_id)
    if f.flag != "placed":
        stmt = stmt.where(Person.status == "active")
    conditions = flags(today)
    if f.flag in conditions:
        stmt = stmt.where(conditions[f.flag])
    if f.segment:
        stmt = stmt.where(func.coalesce(Person.segment_override, Person.segment) == f.segment)
    stmt = stmt.order_by(case((due < today, 0), else_=1), due.is_(None), due,
                         last.is_not(None), last, Person.id)
    return policy.scope_persons(stmt, user)


def caseload_counts(caseworker_ids: list[int], today: date) -> dict[int, dict[str, int]]:
    """Per caseworker: active persons; of them, those with an overdue task or plan step, with
    no contact in 30 days, waiting for a provider, with a referral not sent yet (proposed or
    approved); follow-ups due, checked and verified; persons placed in a job this month. One
    statement whatever the number of caseworkers or persons: one pass over the index of
    casework facts."""
    mine = Person.caseworker_id.in_(caseworker_ids)
    active = Person.status == "active"
    conditions = flags(today)
    figures = {
        "active": func.count(case((active, 1))),
        "overdue": func.count(case((and_(active, conditions["overdue"]), 1))),
        "stale": func.count(case((and_(active, conditions["stale"]), 1))),
        "waiting_provider": func.count(case((and_(active, conditions["waiting"]), 1))),
        "referrals_waiting": func.count(case((and_(active, conditions["unsent"]), 1))),
        "follow_ups_due": func.count(case((Person.follow_up_due_on <= today, 1))),
        "follow_ups_checked": func.coalesce(func.sum(Person.follow_ups_checked), 0),
        "follow_ups_verified": func.coalesce(func.sum(Person.follow_ups_verified), 0),
        "placements": func.count(case((conditions["placed"], 1))),
    }
    counts = {cid: dict.fromkeys(figures, 0) for cid in caseworker_ids}
    stmt = select(Person.caseworker_id, *figures.values()).where(mine).group_by(
        Person.caseworker_id)
    for cid, *values in db.session.execute(stmt):
        counts[cid].update(zip(figures, (int(v) for v in values)))
    return counts


def team(district_id: int) -> Select:
    """The active members of a district's team: those who keep a caseload."""
    return (select(User).where(User.district_id == district_id, User.active.is_(True),
                               User.role.in_(policy.holders("caseload.view")))
            .order_by(User.full_name))


def interactions(person_id: int, limit: int = 100) -> Select:
    return (select(Interaction).where(Interaction.person_id == person_id)
            .order_by(Interaction.at.desc(), Interaction.id.desc()).limit(limit))


def next_actions(person_ids: list[int]):
    """Every open task and open step of an active plan of these persons: (person id, due
    date, what is to be done), in one statement; the caseload shows each person's earliest
    (the one `Person.next_due_on` holds the date of)."""
    tasks = select(Interaction.person_id, Interaction.due_on, Interaction.next_action).where(
        Interaction.person_id.in_(person_ids), Interaction.done_on.is_(None),
        Interaction.due_on.is_not(None), Interaction.voided_at.is_(None))
    steps = (select(EmploymentPlan.person_id, PlanStep.due_on, PlanStep.text)
             .join(PlanStep, PlanStep.plan_id == EmploymentPlan.id)
             .where(EmploymentPlan.person_id.in_(person_ids),
                    EmploymentPlan.closed_on.is_(None), PlanStep.done_on.is_(None)))
    return union_all(tasks, steps)


def plan_of(person_id: int) -> Select:
    """The person's active plan (there is at most one)."""
    return select(EmploymentPlan).where(EmploymentPlan.person_id == person_id,
                                        EmploymentPlan.closed_on.is_(None))


REASSIGN_SHOWN = 500  # persons listed at once; the filters narrow a larger district


def reassignment_candidates(user: User, caseworker_id: int | None, segment: str,
                            flag: str = "", today: date | None = None) -> Select:
    """Active persons of the district that may be handed over, narrowed by their caseworker,
    segment and a caseload flag (overdue, stale, waiting...), by name."""
    stmt = select(Person).where(Person.status == "active")
    if caseworker_id:
        stmt = stmt.where(Person.caseworker_id == caseworker_id)
    if segment:
        stmt = stmt.where(func.coalesce(Person.segment_override, Person.segment) == segment)
    conditions = flags(today) if today is not None else {}
    if flag in conditions:
        stmt = stmt.where(conditions[flag])
    return policy.scope_persons(
        stmt.order_by(Person.name_order, Person.id).limit(REASSIGN_SHOWN), user)

