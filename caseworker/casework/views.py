"""Casework: the caseload, contacts and tasks, employment plans, team review, reassignment."""
from __future__ import annotations

from datetime import date

import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from caseworker import audit, clock, pdf, policy
from caseworker.cli import check_or_rebuild
from caseworker.casework import facts, operations, pages, queries
from caseworker.casework.forms import (
    DoneForm, NoteForm, PlanForm, ReassignForm, StepForm)
from caseworker.extensions import db
from caseworker.models import Interaction, Person, PlanStep, User
from caseworker.paging import page_of
from caseworker.forms import flash_errors
from caseworker.people.pages import sent_with_mistakes
from caseworker.options import options

bp = Blueprint("casework", __name__)


def editable_person(person_id: int) -> Person:
    person = policy.get_person_or_404(person_id, current_user)
    if not policy.can(current_user, "person.edit", person):
        abort(403)
    return person


def back_to(person_id: int, anchor: str = "contacts"):
    return redirect(url_for("people.show", person_id=person_id) + "#" + anchor)


@bp.route("/caseload")
@login_required
def caseload():
    if current_user.role not in (policy.CASEWORKER, policy.SUPERVISOR):
        abort(403)
    worker = pages.caseload_owner(request.args.get("caseworker", type=int))
    today = clock.today()
    f = queries.CaseloadFilter(flag=request.args.get("flag", "")[:10],
                               segment=request.args.get("segment", "")[:1])
    result = page_of(queries.caseload(current_user, worker.id, today, f),
                     request.args.get("page", 1, type=int))
    counts = queries.caseload_counts([worker.id], today)[worker.id]
    audit.record("person.list", "caseload", worker.id)
    db.session.commit()
    return render_template("casework/caseload.html", worker=worker, result=result, f=f,
                           counts=counts, today=today)


@bp.route("/people/<int:person_id>/interactions", methods=["POST"])
@login_required
def add_interaction(person_id: int):
    person = editable_person(person_id)
    form = pages.interaction_form(person)
    if form.validate_on_submit():
        operations.add_interaction(person, current_user, {
            "at": form.at.data, "channel": form.channel.data, "topic": form.topic.data,
            "note": form.note.data or None, "next_action": form.next_action.data or None,
            "due_on": form.due_on.data if form.next_action.data else None})
        db.session.commit()
        flash(_("The contact is recorded."), "success")
        return back_to(person.id)
    return sent_with_mistakes(person, interaction_form=form)


def _interaction(interaction_id: int) -> Interaction:
    item = db.session.get(Interaction, interaction_id)
    if item is None:
        abort(404)
    editable_person(item.person_id)
    return item


@bp.route("/interactions/<int:interaction_id>/note", methods=["POST"])
@login_required
def edit_note(interaction_id: int):
    item = _interaction(interaction_id)
    form = NoteForm()
    if form.validate_on_submit():
        saved = operations.edit_note(item, current_user, form.note.data, clock.now())
        db.session.commit()
        flash(_("The note is changed.") if saved is item else
              _("More than 24 hours have passed: your text is added as a correction."), "success")
    else:
        flash_errors(form)
    return back_to(item.person_id)


@bp.route("/interactions/<int:interaction_id>/done", methods=["POST"])
@login_required
def task_done(interaction_id: int):
    item = _interaction(interaction_id)
    if DoneForm().validate_on_submit():
        operations.finish_task(item, clock.today())
        db.session.commit()
    return redirect(url_for("people.show", person_id=item.person_id) + "#contacts")


@bp.route("/people/<int:person_id>/plan", methods=["POST"])
@login_required
def save_plan(person_id: int):
    person = editable_person(person_id)
    plan = db.session.scalar(queries.plan_of(person.id))
    form = PlanForm()
    # a plan of an earlier registration keeps its date when it is edited
    form.registered_on = min(person.registered_on, plan.agreed_on if plan else date.max)
    if form.validate_on_submit():
        operations.save_plan(person, current_user, plan, form.goal.data, form.agreed_on.data,
                             form.review_every_days.data)
        db.session.commit()
        flash(_("The employment plan is saved."), "success")
        return back_to(person.id, "plan")
    return sent_with_mistakes(person, plan_form=form)


@bp.route("/people/<int:person_id>/plan/steps", methods=["POST"])
@login_required
def add_step(person_id: int):
    person = editable_person(person_id)
    plan = db.session.scalar(queries.plan_of(person.id))
    if plan is None:
        abort(404)
    form = StepForm()
    form.agreed_on = plan.agreed_on
    if form.validate_on_submit():
        operations.add_step(plan, form.text.data, form.due_on.data)
        db.session.commit()
        return back_to(person.id, "plan")
    return sent_with_mistakes(person, step_form=form)


@bp.route("/plan-steps/<int:step_id>/done", methods=["POST"])
@login_required
def step_done(step_id: int):
    step = db.session.get(PlanStep, step_id)
    if step is None:
        abort(404)
    person = editable_person(step.plan.person_id)
    if DoneForm().validate_on_submit():
        operations.finish_step(step, clock.today())
        db.session.commit()
    return back_to(person.id, "plan")


@bp.route("/people/<int:person_id>/plan.pdf")
@login_required
def plan_pdf(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    plan = db.session.scalar(queries.plan_of(person.id))
    if plan is None:
        abort(404)
    audit.record("plan.pdf", "employment_plan", plan.id)
    db.session.commit()
    body = pdf.render("pdf/plan.html", person=person, plan=plan,
                      centre=person.district.centre, caseworker=person.caseworker)
    return pdf.pdf_response(body, f"plan-{plan.id}.pdf")


@bp.route("/review")
@login_required
def review():
    if not policy.can(current_user, "caseload.review"):
        abort(403)
    members = db.session.scalars(queries.team(current_user.district_id)).all()
    counts = queries.caseload_counts([m.id for m in members], clock.today())
    sort = request.args.get("sort", "active")
    rows = sorted(members, key=lambda m: counts[m.id].get(sort, 0), reverse=True) \
        if sort in pages.REVIEW_COLUMNS else members
    audit.record("caseload.review", "district", current_user.district_id)
    db.session.commit()
    return render_template("casework/review.html", rows=rows, counts=counts, sort=sort,
                           columns=pages.REVIEW_COLUMNS)


@bp.route("/reassign", methods=["GET", "POST"])
@login_required
def reassign():
    if not policy.can(current_user, "caseload.review"):
        abort(403)
    source = request.args.get("caseworker", type=int)
    segment = request.args.get("segment", "")[:1]
    members = db.session.scalars(queries.team(current_user.district_id)).all()
    load = queries.caseload_counts([m.id for m in members], clock.today())
    candidates = db.session.scalars(queries.reassignment_candidates(
        current_user, source, segment)).all()
    form = ReassignForm()
    form.persons.choices = options([(p.id, p.full_name) for p in candidates])
    workers = [m for m in members if m.role == policy.CASEWORKER]  # cases go to caseworkers
    form.to.choices = options([("", "—")] + [
        (m.id, m.full_name) for m in sorted(workers, key=lambda m: load[m.id]["active"])])
    if form.validate_on_submit():
        target = db.session.get(User, form.to.data)
        chosen = db.session.scalars(policy.scope_persons(
            select(Person).where(Person.id.in_(form.persons.data)), current_user)).all()
        moved = operations.reassign(chosen, target, current_user)
        db.session.commit()
        if moved:
            flash(_("%(n)d person(s) reassigned to %(name)s.", n=moved, name=target.full_name),
                  "success")
        else:
            flash(_("Nobody is reassigned: the persons ticked are with %(name)s already.",
                    name=target.full_name), "info")
        return redirect(url_for(".reassign", caseworker=source or ""))
    if form.is_submitted():
        flash_errors(form)
    return render_template("casework/reassign.html", form=form, candidates=candidates,
                           members=members, load=load, source=source, segment=segment)


@bp.cli.command("facts")
@click.option("--check", is_flag=True,
              help="List persons whose casework facts differ from their history; change "
                   "nothing.")
def facts_command(check: bool):
    """Compute every person's casework facts again from their history (after a bulk load, or
    if a check finds some have drifted)."""
    conn = db.session.connection()
    check_or_rebuild(
        check, lambda: [f"person {pid}" for pid in facts.differences(conn)],
        lambda: f"casework: facts computed again for {facts.refresh(conn)} persons",
        "casework: every person's facts match their history",
        "run `flask casework facts` to compute them again (at most 100 are listed)")
