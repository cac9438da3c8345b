"""Helpers behind the casework views and the casework parts of the profile page."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from caseworker import audit, clock, labels, policy, voiding
from caseworker.casework import queries
from caseworker.casework.forms import (
    DoneForm, InteractionForm, NoteForm, PlanForm, ReassignForm, StepForm)
from caseworker.casework.timeline import merged
from caseworker.domain.casework import caseloads_after, may_edit_note
from caseworker.extensions import db
from caseworker.forms import ReopenForm, VoidForm
from caseworker.models import (
    EmploymentPlan, Interaction, Person, User)
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.models.referral import OPEN_STATUSES
from caseworker.options import options
from caseworker.paging import page_of
from caseworker.people.page import file_of

REVIEW_COLUMNS = ("active", "overdue", "stale", "referrals_waiting", "waiting_provider",
                  "placements", "follow_ups_due", "follow_ups_verified")
HANDOVER_DAYS = 14
TIMELINE = 60  # entries of each kind the person's page reads for its timeline


def caseload_owner(user: User, requested: int | None) -> User | None:
    """Whose caseload the user reads: their own, or (one who reviews the team) a member's of
    their district; None for anyone else."""
    if not requested or not policy.can(user, "caseload.review"):
        return user
    worker = db.session.get(User, requested)
    return worker if worker is not None and worker.district_id == user.district_id else None


def interaction_form(person: Person) -> InteractionForm:
    form = InteractionForm()
    form.channel.choices = options([(c, str(labels.CHANNELS[c])) for c in CHANNELS])
    form.topic.choices = options([(t, str(labels.TOPICS[t])) for t in TOPICS])
    if not form.is_submitted():
        form.at.data = clock.now().replace(second=0, microsecond=0)
    return form


def reassign_choices(user: User, form: ReassignForm, source: int | None,
                     segment: str, flag: str = "") -> dict:
    """The team with its load, the persons that may be ticked (narrowed by caseworker,
    segment and flag), and whom they may go to (those who take cases, the least loaded
    first)."""
    today = clock.today()
    members = db.session.scalars(queries.team(user.district_id)).all()
    load = queries.caseload_counts([m.id for m in members], today)
    candidates = db.session.scalars(queries.reassignment_candidates(
        user, source, segment, flag, today)).all()
    form.persons.choices = options([(p.id, p.full_name) for p in candidates])
    takers = [m for m in members if policy.can(m, "caseload.own")]
    form.to.choices = options([("", "—")] + [
        (m.id, m.full_name) for m in sorted(takers, key=lambda m: load[m.id]["active"])])
    return {"members": members, "load": load, "candidates": candidates, "today": today,
            "shown_at_most": queries.REASSIGN_SHOWN}


def reassign_preview(form: ReassignForm, choices: dict) -> list[tuple[User, int, int]]:
    """What the caseloads would be if the ticked persons went to the chosen caseworker:
    (member, active now, active after) for each member whose load changes."""
    owner_of = {p.id: p.caseworker_id for p in choices["candidates"]}
    moving = {pid: owner_of.get(pid) for pid in form.persons.data or ()}
    active = {m.id: choices["load"][m.id]["active"] for m in choices["members"]}
    after = caseloads_after(active, moving, form.to.data)
    return [(m, *after[m.id]) for m in choices["members"]
            if m.id in after and after[m.id][0] != after[m.id][1]]


def _contacts(person_id: int, latest: int) -> Select:
    """The person's latest contacts and every open task of theirs, however old, newest first;
    who recorded them in a second statement, by id (joined, PostgreSQL's planner, expecting
    more contacts than a person has, hashed every user instead: 2.4 ms against 0.1 ms)."""
    newest = (select(Interaction.id).where(Interaction.person_id == person_id)
              .order_by(Interaction.at.desc(), Interaction.id.desc()).limit(latest))
    return (select(Interaction).options(selectinload(Interaction.user))
            .where(Interaction.person_id == person_id,
                   or_(Interaction.id.in_(newest),
                       Interaction.done_on.is_(None) & Interaction.due_on.is_not(None)
                       & Interaction.voided_at.is_(None)))
            .order_by(Interaction.at.desc(), Interaction.id.desc()))


def _handover_of(user: User, file, contacts: list[Interaction]) -> dict | None:
    """What a caseworker who just took over a case needs first (as `handover`), from what
    the page read already."""
    since = clock.utcnow() - timedelta(days=HANDOVER_DAYS)
    change = next((c for c in file.changes if c.field == "caseworker_id"
                   and c.new == str(user.id) and c.at >= since), None)
    if change is None:
        return None
    return {
        "change": change,
        "open_referrals": [r for r in file.referrals if r.status in OPEN_STATUSES],
        "tasks": sorted((c for c in contacts if c.done_on is None and c.due_on is not None
                        and c.voided_at is None),
                        key=lambda c: c.due_on),
        "last_contacts": contacts[:3],
    }


def profile_context(person: Person, today: date, user: User) -> dict:
    """The casework part of a person's page (registered in create_app, see people.page):
    the timeline, the forms to record a contact, the employment plan, a handover summary."""
    file = file_of(person)
    plan = db.session.scalars(queries.plan_of(person.id).options(
        joinedload(EmploymentPlan.steps))).unique().first()
    plan_form = PlanForm(obj=plan) if plan else PlanForm(agreed_on=today)
    contacts = db.session.scalars(_contacts(person.id, TIMELINE)).unique().all()
    steps = [(e, r) for r in file.referrals for e in r.events]
    outcomes = [(o, r) for r in file.referrals for o in r.outcomes]
    checks = [(f, o) for o, _r in outcomes for f in o.follow_ups if f.checked_on is not None]
    steps.sort(key=lambda pair: pair[0].id, reverse=True)
    return {
        "timeline": merged(contacts[:TIMELINE], steps[:TIMELINE], checks, file.changes,
                           person.episodes, TIMELINE, outcomes, file.offers),
        "void_form": VoidForm(),
        "may_void": lambda by: voiding.may_void(user, by, person),
        "interaction_form": interaction_form(person), "note_form": NoteForm(),
        "done_form": DoneForm(), "reopen_form": ReopenForm(),
        "plan": plan, "plan_form": plan_form, "step_form": StepForm(due_on=today),
        "handover": _handover_of(user, file, contacts),
        "may_edit_note": lambda item: may_edit_note(item.user_id, user.id,
                                                    item.created_at, clock.utcnow()),
    }


def caseload_context(user, args, today: date) -> dict | None:
    """A caseload page: the user's own, or (for a supervisor) a caseworker's of the district
    named by `?caseworker=`; None when that caseworker is not theirs to see. Audited."""
    worker = caseload_owner(user, args.get("caseworker", type=int))
    if worker is None:
        return None
    f = queries.CaseloadFilter(flag=args.get("flag", "")[:10], segment=args.get("segment", "")[:1])
    result = page_of(queries.caseload(user, worker.id, today, f), args.get("page", 1, type=int))
    counts = queries.caseload_counts([worker.id], today)[worker.id]
    audit.record("person.list", "caseload", worker.id)
    return {"worker": worker, "result": result, "f": f, "counts": counts, "today": today,
            "next_action": _next_actions(result.items)}


def _next_actions(persons: list[Person]) -> dict[int, str]:
    """What each person's next action is (the earliest open task or plan step), by id."""
    due = {p.id: p.next_due_on for p in persons if p.next_due_on is not None}
    if not due:
        return {}
    actions: dict[int, str] = {}
    rows = db.session.execute(queries.next_actions(list(due))).all()
    for person_id, due_on, what in sorted(rows, key=lambda row: (row[1], row[2] or "")):
        if due_on == due[person_id] and what:
            actions.setdefault(person_id, what)
    return actions
