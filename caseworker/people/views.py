"""Person pages: register by IIN, list and search, profile, edit, episodes, segment, transfers.
Each view guards with the policy, calls one operation (people.operations), commits, and
translates a refusal into a message beside its field, a flash or the page that explains it."""
from __future__ import annotations

import click
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseworker import audit, clock, policy
from caseworker.domain.iin import InvalidIIN, parse
from caseworker.extensions import db
from caseworker.models import Person
from caseworker.people import counts, forms, operations, page, pages, queries, upkeep
from caseworker.commands import check_or_rebuild
from caseworker.refusals import Refused, settle
from caseworker.web import show_refusal, staff_pages

bp = staff_pages("people", __name__, url_prefix="/people")


@bp.route("/")
def index():
    policy.require(current_user, "person.view")
    filters = pages.filters_from(request.args)
    kept = queries.kept_total(current_user, filters)
    result = db.paginate(queries.person_list(current_user, filters),
                         per_page=50, max_per_page=50, error_out=False, count=kept is None)
    if kept is not None:
        result.total = db.session.scalar(kept)
    audit.record("person.list", "person", None)
    db.session.commit()
    return render_template("people/index.html", result=result, filters=filters,
                           iin_form=forms.IINForm(), **pages.filter_choices(current_user))


@bp.route("/find", methods=["POST"])
def find():
    """Search by IIN: sent in the body, never in a URL."""
    policy.require(current_user, "person.view")
    form = forms.IINForm()
    if not form.validate_on_submit():
        for error in form.iin.errors:
            flash(error, "danger")
        return redirect(url_for(".index"))
    person = db.session.scalar(queries.by_iin(current_user, form.iin.data))
    audit.record("person.search_iin", "person", person.id if person else None)
    db.session.commit()
    if person is None:
        flash(_("No person with this IIN is registered in your area."), "warning")
        return redirect(url_for(".index"))
    return redirect(url_for(".show", person_id=person.id))


# ---- registration: the IIN first, then the profile -------------------------------------------

@bp.route("/register", methods=["GET", "POST"])
def register():
    policy.require(current_user, "person.register")
    today = clock.today()
    step = forms.RegistrationStep().step.data if request.method == "POST" else None
    if step == "profile":
        return _register_profile(today)
    form = forms.IINForm()
    if step == "iin" and form.validate_on_submit():
        try:
            operations.check_registrable(form.iin.info, current_user, today)
        except Refused as refused:
            return _registration_refused(refused, form, form.iin.data)
        return render_template("people/register_profile.html",
                               **pages.new_profile(form.iin.info, current_user, today))
    return render_template("people/register.html", form=form)


def _register_profile(today):
    form = forms.RegisterForm()
    try:
        info = parse(form.iin.data or "", today)
    except InvalidIIN:
        return render_template("people/register.html", form=forms.IINForm()), 400
    pages.prepare_profile_form(form, current_user.district_id, info.birth_date)
    if not form.validate_on_submit():
        return render_template("people/register_profile.html", form=form, info=info), 422
    try:
        person = operations.register(info, pages.form_values(form), current_user, today,
                                     confirm_duplicate=form.confirm_duplicate.data,
                                     on=form.on.data)
    except Refused as refused:
        if refused.code == "likely_duplicate":
            return render_template("people/register_profile.html", form=form, info=info,
                                   duplicates=refused.detail["duplicates"])
        if refused.field != "iin" and refused.code not in FOUND:
            show_refusal(refused, form)
            return render_template("people/register_profile.html", form=form,
                                   info=info), refused.status
        return _registration_refused(refused, forms.IINForm(formdata=None, iin=info.iin),
                                     info.iin)
    db.session.commit()
    flash(_("The person is registered."), "success")
    return redirect(url_for(".show", person_id=person.id))


FOUND = ("already_registered", "registered_elsewhere")


def _registration_refused(refused: Refused, form, iin: str):
    """The first step again: where the IIN is registered, or why it is refused, beside it."""
    if refused.code in FOUND:
        settle(refused)  # the audited look stays
        return render_template("people/register.html", **pages.found_at_registration(
            iin, refused.detail.get("person_id")))
    show_refusal(refused, form)
    return render_template("people/register.html", form=form), refused.status


# ---- the person's page and profile ----------------------------------------------------------

@bp.route("/<int:person_id>")
def show(person_id: int):
    return _person_page(page.load(person_id, current_user))


def _person_page(person, failed: dict | None = None, status: int = 200):
    """The person's page; `failed` holds a form sent from it and refused (by its name on the
    page), shown open with what was typed and the message beside its field."""
    audit.record("person.view", "person", person.id)
    values = page.context(person, clock.today(), current_user) | (failed or {})
    shown = render_template("people/show.html", **values)
    db.session.commit()
    return shown, status


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "person.edit", person)
    form = forms.ProfileForm(obj=None if request.method == "POST" else person)
    pages.prepare_profile_form(form, person.district_id, person.birth_date)
    if request.method == "GET":
        pages.fill_form(form, person)
    if form.validate_on_submit():
        try:
            changes = operations.update(person, pages.form_values(form), current_user,
                                        clock.today(), version=pages.version_of(form))
        except Refused as refused:
            if refused.code == "stale":  # 409: the form again on the record as saved now
                db.session.rollback()
                return render_template("people/edit.html", **pages.conflict(
                    db.session.get(Person, person_id), form)), 409
            show_refusal(refused, form)
            return render_template("people/edit.html", form=form,
                                   person=person), refused.status
        db.session.commit()
        flash(_("Saved: %(n)d field(s) changed.", n=len(changes)), "success")
        return redirect(url_for(".show", person_id=person.id))
    audit.record("person.view", "person", person.id)
    db.session.commit()
    return render_template("people/edit.html", form=form, person=person)


def _file_action(person_id: int, action: str, form_class, run, done: str, form_name: str,
                 anchor: str = ""):
    """A POST on a person's file from the profile page: guard, run, commit, go back; refused
    or mistyped, the page again with the form open, as typed, and the message beside it."""
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, action, person)
    form = form_class()
    if form.validate_on_submit():
        try:
            run(person, form)
        except Refused as refused:
            show_refusal(refused, form)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for(".show", person_id=person.id) + anchor)
    return _person_page(page.load(person_id, current_user), {form_name: form}, 422)


@bp.route("/<int:person_id>/deregister", methods=["POST"])
def deregister(person_id: int):
    return _file_action(
        person_id, "person.edit", forms.DeregisterForm,
        lambda p, f: operations.deregister(p, f.reason.data, f.on.data, current_user,
                                           clock.today()),
        _("The person is deregistered; the file is kept."), "deregister_form")


@bp.route("/<int:person_id>/return", methods=["POST"])
def reregister(person_id: int):
    return _file_action(
        person_id, "person.edit", forms.ReturnForm,
        lambda p, f: operations.reregister(p, f.on.data, current_user, clock.today()),
        _("The person is registered again; a new episode is open."), "return_form")


@bp.route("/<int:person_id>/segment", methods=["POST"])
def segment(person_id: int):
    return _file_action(
        person_id, "person.segment", forms.SegmentForm,
        lambda p, f: operations.set_segment(p, f.segment.data, f.reason.data, current_user,
                                            f.on.data),
        _("The segment is saved."), "segment_form", "#profiling")


# ---- transfers ------------------------------------------------------------------------------

@bp.route("/transfers/request", methods=["POST"])
def transfer_request():
    policy.require(current_user, "person.register")
    form = forms.TransferRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.request_transfer(form.iin.data, current_user, form.note.data)
    except Refused as refused:
        show_refusal(refused)
        return redirect(url_for(".transfers"))
    db.session.commit()
    flash(_("The transfer request is sent to the person's current district."), "success")
    return redirect(url_for(".transfers"))


@bp.route("/transfers")
def transfers():
    policy.require(current_user, "person.register")
    return _transfers_page({})


def _transfers_page(failed: dict[int, forms.DecisionForm]):
    """Requests into and out of the user's district; `failed` holds a decision refused, by its
    request, to show with its message."""
    rows = db.session.scalars(queries.transfers_for(current_user)).all()
    audit.record("transfer.list", "transfer_request", None)
    db.session.commit()
    return render_template("people/transfers.html", rows=rows, failed=failed,
                           form=forms.DecisionForm(formdata=None))


@bp.route("/transfers/<int:request_id>", methods=["POST"])
def decide(request_id: int):
    transfer = db.session.scalar(queries.transfer_to_decide(request_id, current_user))
    if transfer is None:
        abort(404)
    policy.require(current_user, "transfer.approve")
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors or form.decision.errors:
            abort(400)
        return _transfers_page({transfer.id: form})
    try:
        operations.decide_transfer(transfer, form.decision.data == "approve", current_user,
                                   form.reason.data, form.on.data)
    except Refused as refused:
        show_refusal(refused, form)
        if refused.field is not None and hasattr(form, refused.field):
            return _transfers_page({request_id: form})  # beside the field, on the list
        return redirect(url_for(".transfers"))
    db.session.commit()
    flash(_("The transfer is approved.") if form.decision.data == "approve"
          else _("The transfer is rejected."), "success")
    return redirect(url_for(".transfers"))


# ---- supervisors' views ---------------------------------------------------------------------

@bp.route("/segments")
def segments():
    policy.require(current_user, "caseload.review")
    tables = pages.segment_tables(current_user, clock.today())
    audit.record("person.segments", "person", None)
    db.session.commit()
    return render_template("people/segments.html", tables=tables,
                           groups={code: label for code, label in forms.DISABILITY_CHOICES if code})


@bp.route("/<int:person_id>/access")
def access_history(person_id: int):
    """Who looked at or changed this person's file: the audit log, for supervisors."""
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "caseload.review", person)
    rows = db.session.execute(queries.access_history(person.id)).all()
    audit.record("person.access_history", "person", person.id)
    db.session.commit()
    return render_template("people/access.html", person=person, rows=rows)


@bp.cli.command("counts")
@click.option("--check", is_flag=True,
              help="List the districts and statuses whose kept count differs from the "
                   "persons; change nothing.")
def counts_command(check: bool):
    """Count the persons of every district and status again (after a bulk load written
    without the triggers, or if a check finds a count has drifted)."""
    conn = db.session.connection()
    check_or_rebuild(
        check, lambda: upkeep.lines(counts.differences(conn)),
        lambda: f"people: {counts.recount(conn)} counts made again from the persons",
        "people: every kept count matches the persons",
        "run `flask people counts` to count them again")
