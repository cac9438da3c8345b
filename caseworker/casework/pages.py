"""Helpers behind the casework views and the casework parts of the profile page."""
from __future__ import annotations

from datetime import date, timedelta

from flask_login import current_user
from sqlalchemy import select

from caseworker import audit, clock, labels, policy
from caseworker.casework import queries
from caseworker.casework.forms import (
    DoneForm, InteractionForm, NoteForm, PlanForm, ReassignForm, StepForm)
from caseworker.casework.timeline import timeline
from caseworker.domain.casework import may_edit_note
from caseworker.extensions import db
from caseworker.models import (
    FieldChange, Interaction, Person, Referral, User)
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.models.referral import OPEN_STATUSES
from caseworker.options import options
from caseworker.paging import page_of

REVIEW_COLUMNS = ("active", "overdue", "stale", "referrals_waiting", "waiting_provider",
                  "placements", "follow_ups_due", "follow_ups_verified")
HANDOVER_DAYS = 14


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
                     segment: str) -> dict:
    """The team with its load, the persons that may be ticked, and whom they may go to (those
    who take cases, the least loaded first)."""
    members = db.session.scalars(queries.team(user.district_id)).all()
    load = queries.caseload_counts([m.id for m in members], clock.today())
    candidates = db.session.scalars(queries.reassignment_candidates(
        user, source, segment)).all()
    form.persons.choices = options([(p.id, p.full_name) for p in candidates])
    takers = [m for m in members if policy.can(m, "case.take")]
    form.to.choices = options([("", "—")] + [
        (m.id, m.full_name) for m in sorted(takers, key=lambda m: load[m.id]["active"])])
    return {"members": members, "load": load, "candidates": candidates}


def handover(person: Person, today: date) -> dict | None:
    """What a caseworker who just took over a case needs first."""
    change = db.session.scalar(select(FieldChange).where(
        FieldChange.person_id == person.id, FieldChange.field == "caseworker_id",
        FieldChange.new == str(current_user.id),
        FieldChange.at >= clock.utcnow() - timedelta(days=HANDOVER_DAYS))
        .order_by(FieldChange.at.desc()).limit(1))
    if change is None:
        return None
    return {
        "change": change,
        "open_referrals": db.session.scalars(select(Referral).where(
            Referral.person_id == person.id, Referral.status.in_(OPEN_STATUSES))).all(),
        "tasks": db.session.scalars(select(Interaction).where(
            Interaction.person_id == person.id, Interaction.done_on.is_(None),
            Interaction.due_on.is_not(None)).order_by(Interaction.due_on)).all(),
        "last_contacts": db.session.scalars(queries.interactions(person.id, 3)).all(),
    }


def profile_context(person: Person, today: date) -> dict:
    plan = db.session.scalar(queries.plan_of(person.id))
    plan_form = PlanForm(obj=plan) if plan else PlanForm(agreed_on=today)
    return {
        "timeline": timeline(person.id),
        "interaction_form": interaction_form(person), "note_form": NoteForm(),
        "done_form": DoneForm(),
        "plan": plan, "plan_form": plan_form, "step_form": StepForm(due_on=today),
        "handover": handover(person, today),
        "may_edit_note": lambda item: may_edit_note(item.user_id, current_user.id,
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
    return {"worker": worker, "result": result, "f": f, "counts": counts, "today": today}
