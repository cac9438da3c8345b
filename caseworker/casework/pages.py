"""Helpers behind the casework views and the casework parts of the profile page."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select

from caseworker import clock, labels, policy
from caseworker.casework import queries
from caseworker.casework.forms import DoneForm, InteractionForm, NoteForm, PlanForm, StepForm
from caseworker.casework.timeline import timeline
from caseworker.domain.casework import may_edit_note
from caseworker.extensions import db
from caseworker.models import (
    FieldChange, Interaction, Person, Referral, RegistrationEpisode, User)
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.models.referral import OPEN_STATUSES
from caseworker.options import options

REVIEW_COLUMNS = ("active", "overdue", "stale", "referrals_waiting", "waiting_provider",
                  "placements", "follow_ups_due", "follow_ups_verified")
HANDOVER_DAYS = 14


def caseload_owner(requested: int | None) -> User:
    if current_user.role == policy.CASEWORKER or not requested:
        return current_user
    worker = db.session.get(User, requested)
    if worker is None or worker.district_id != current_user.district_id:
        abort(404)
    return worker


def interaction_form(person: Person) -> InteractionForm:
    form = InteractionForm()
    if form.is_submitted():  # what a contact's date is checked against (a page need not read it)
        form.since = db.session.scalar(select(func.min(RegistrationEpisode.registered_on)).where(
            RegistrationEpisode.person_id == person.id)) or person.registered_on
    form.channel.choices = options([(c, str(labels.CHANNELS[c])) for c in CHANNELS])
    form.topic.choices = options([(t, str(labels.TOPICS[t])) for t in TOPICS])
    if not form.is_submitted():
        form.at.data = clock.now().replace(second=0, microsecond=0)
    return form


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
