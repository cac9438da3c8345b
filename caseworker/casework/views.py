"""Casework: the caseload, contacts and tasks, employment plans, team review, reassignment.
Each write calls its operation (`casework.operations`) and only translates the answer: a
message and a redirect, or the form again with the refusal beside its field."""
from __future__ import annotations

import click
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseworker import audit, clock, pdf, policy
from caseworker.casework import facts, operations, pages, queries, reopening
from caseworker.casework.forms import (
    DoneForm, NoteForm, PlanForm, ReassignForm, StepForm)
from caseworker.commands import check_or_rebuild
from caseworker.extensions import db
from caseworker.forms import ReopenForm, VoidForm
from caseworker.models import Interaction, Person, PlanStep
from caseworker.people.page import sent_with_mistakes
from caseworker.refusals import Refused
from caseworker.web import sent, show_refusal, staff_pages

bp = staff_pages("casework", __name__)


def editable_person(person_id: int) -> Person:
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "person.edit", person)
    return person


def back_to(person_id: int, anchor: str = "contacts"):
    return redirect(url_for("people.show", person_id=person_id) + "#" + anchor)


def refused_on_page(refused: Refused, person: Person, anchor: str, name: str, form):
    """The person's page again: with the form as typed and the message beside its field, or,
    for a refusal about the record (someone saved first), the record as it is now."""
    beside = refused.field is not None and hasattr(form, refused.field)
    show_refusal(refused, form)
    if not beside:
        return back_to(person.id, anchor)
    return sent_with_mistakes(person, **{name: form})


def _sent_on_page(person: Person, form, name: str, anchor: str, write, done=None):
    """A form of the person's page, sent: written (`write`), said (`done`) and back to the
    person at `anchor`; or the page again with the form's mistakes or the refusal."""
    if not form.validate_on_submit():
        return sent_with_mistakes(person, **{name: form})
    try:
        write()
    except Refused as refused:
        return refused_on_page(refused, person, anchor, name, form)
    db.session.commit()
    if done is not None:
        flash(done, "success")
    return back_to(person.id, anchor)


@bp.route("/caseload")
def caseload():
    policy.require(current_user, "caseload.view")
    context = pages.caseload_context(current_user, request.args, clock.today())
    if context is None:
        abort(404)
    db.session.commit()
    return render_template("casework/caseload.html", **context)


@bp.route("/people/<int:person_id>/interactions", methods=["POST"])
def add_interaction(person_id: int):
    person = editable_person(person_id)
    form = pages.interaction_form(person)
    return _sent_on_page(
        person, form, "interaction_form", "contacts",
        lambda: operations.record_contact(
            person, current_user, at=form.at.data, channel=form.channel.data,
            topic=form.topic.data, note=form.note.data, next_action=form.next_action.data,
            due_on=form.due_on.data, now=clock.now()),
        _("The contact is recorded."))


def _interaction(interaction_id: int) -> Interaction:
    item = db.session.get(Interaction, interaction_id)
    if item is None:
        abort(404)
    editable_person(item.person_id)
    return item


@bp.route("/interactions/<int:interaction_id>/note", methods=["POST"])
def edit_note(interaction_id: int):
    item = _interaction(interaction_id)
    form = NoteForm()
    sent(form, lambda: operations.edit_note(item, current_user, form.note.data, clock.now()),
         lambda saved: _("The note is changed.") if saved is item else
         _("More than 24 hours have passed: your text is added as a correction."))
    return back_to(item.person_id)


def _finished(person_id: int, anchor: str, key: str, finish):
    """A task or a plan's step marked done on the day typed: saved, back to the person; or the
    page again with that row's form open and the message beside its date."""
    form = DoneForm()
    if form.validate_on_submit():
        try:
            finish(form.on.data or clock.today())
        except Refused as refused:
            if refused.field != "on":  # about the record (done already): as it is now
                show_refusal(refused)
                return back_to(person_id, anchor)
            show_refusal(refused, form)
        else:
            db.session.commit()
            return back_to(person_id, anchor)
    person = db.session.get(Person, person_id)
    return sent_with_mistakes(person, done_form=form, done_failed=key)


@bp.route("/interactions/<int:interaction_id>/done", methods=["POST"])
def task_done(interaction_id: int):
    item = _interaction(interaction_id)
    return _finished(item.person_id, "contacts", f"c-{item.id}",
                     lambda on: operations.finish_task(item, current_user, on))


def _with_reason(interaction_id: int, form, call, done: str):
    """A step on a contact that takes a reason and a tick: void it, open its task again."""
    item = _interaction(interaction_id)
    sent(form, lambda: call(item, current_user, reason=form.reason.data,
                            confirmed=form.confirm.data), done)
    return back_to(item.person_id)


@bp.route("/interactions/<int:interaction_id>/reopen", methods=["POST"])
def reopen_task(interaction_id: int):
    return _with_reason(interaction_id, ReopenForm(), reopening.reopen_task,
                        _("The task is open again."))


@bp.route("/interactions/<int:interaction_id>/void", methods=["POST"])
def void_contact(interaction_id: int):
    return _with_reason(interaction_id, VoidForm(), operations.void_contact,
                        _("The contact is void."))


@bp.route("/people/<int:person_id>/plan", methods=["POST"])
def save_plan(person_id: int):
    person = editable_person(person_id)
    form = PlanForm()
    return _sent_on_page(
        person, form, "plan_form", "plan",
        lambda: operations.save_plan(
            person, current_user, goal=form.goal.data, agreed_on=form.agreed_on.data,
            review_every_days=form.review_every_days.data, plan_id=form.plan_id.data,
            version=form.version.data, new_plan=form.new_plan.data, today=clock.today()),
        _("The employment plan is saved."))


@bp.route("/people/<int:person_id>/plan/steps", methods=["POST"])
def add_step(person_id: int):
    person = editable_person(person_id)
    form = StepForm()
    return _sent_on_page(person, form, "step_form", "plan", lambda: operations.add_step(
        person, current_user, form.text.data, form.due_on.data, on=form.on.data))


def _step(step_id: int) -> PlanStep:
    """The plan's step, when the user may change its person's file; else 404 or 403."""
    step = db.session.get(PlanStep, step_id)
    if step is None:
        abort(404)
    editable_person(step.plan.person_id)
    return step


@bp.route("/plan-steps/<int:step_id>/done", methods=["POST"])
def step_done(step_id: int):
    step = _step(step_id)
    return _finished(step.plan.person_id, "plan", f"s-{step.id}",
                     lambda on: operations.finish_step(step, current_user, on))


@bp.route("/plan-steps/<int:step_id>/reopen", methods=["POST"])
def reopen_step(step_id: int):
    step = _step(step_id)
    form = ReopenForm()
    sent(form, lambda: reopening.reopen_step(step, current_user, reason=form.reason.data,
                                             confirmed=form.confirm.data),
         _("The step is open again."))
    return back_to(step.plan.person_id, "plan")


@bp.route("/people/<int:person_id>/plan.pdf")
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
def review():
    policy.require(current_user, "caseload.review")
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
def reassign():
    policy.require(current_user, "caseload.review")
    source = request.args.get("caseworker", type=int)
    segment, flag = request.args.get("segment", "")[:1], request.args.get("flag", "")[:10]
    form = ReassignForm()
    choices = pages.reassign_choices(current_user, form, source, segment, flag)
    preview = None
    if form.validate_on_submit():
        if form.action.data == "preview":
            preview = pages.reassign_preview(form, choices)  # nothing is saved yet
        else:
            try:
                moved, target = operations.reassign(current_user, form.persons.data,
                                                    form.to.data)
            except Refused as refused:
                show_refusal(refused, form)
                choices = pages.reassign_choices(current_user, form, source, segment, flag)
            else:
                db.session.commit()
                flash(_("%(n)d person(s) reassigned to %(name)s.", n=moved,
                        name=target.full_name) if moved else
                      _("Nobody is reassigned: the persons ticked are with %(name)s already.",
                        name=target.full_name), "success" if moved else "info")
                return redirect(url_for(".reassign", caseworker=source or "", segment=segment,
                                        flag=flag))
    return render_template("casework/reassign.html", form=form, source=source,
                           segment=segment, flag=flag, preview=preview, **choices)


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
