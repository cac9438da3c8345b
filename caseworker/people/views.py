"""Person pages: register by IIN, list and search, profile, edit, episodes, segment, transfers."""
from __future__ import annotations


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit, clock, labels, policy
from caseworker.extensions import db
from caseworker.forms import flash_errors
from caseworker.models import Person, TransferRequest
from caseworker.people import forms, operations, pages, queries

bp = Blueprint("people", __name__, url_prefix="/people")


def require(action: str, obj=None) -> None:
    if not policy.can(current_user, action, obj):
        abort(403 if obj is None else 404)


@bp.route("/")
@login_required
def index():
    require("person.view")
    filters = pages.filters_from(request.args)
    result = db.paginate(queries.person_list(current_user, filters),
                         per_page=50, max_per_page=50, error_out=False, count=True)
    audit.record("person.list", "person", None)
    db.session.commit()
    return render_template("people/index.html", result=result, filters=filters,
                           iin_form=forms.IINForm(), **pages.filter_choices(current_user))


@bp.route("/find", methods=["POST"])
@login_required
def find():
    """Search by IIN: sent in the body, never in a URL."""
    require("person.view")
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


@bp.route("/register", methods=["GET", "POST"])
@login_required
def register():
    require("person.register")
    return pages.registration(clock.today())


@bp.route("/<int:person_id>")
@login_required
def show(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    audit.record("person.view", "person", person.id)
    db.session.commit()
    return render_template("people/show.html", **pages.profile_context(person, clock.today()))


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    require("person.edit", person)
    form = forms.ProfileForm(obj=None if request.method == "POST" else person)
    pages.prepare_profile_form(form, person.district_id, person.birth_date)
    if request.method == "GET":
        pages.fill_form(form, person)
    if form.validate_on_submit():
        if str(person.version) != form.version.data:
            return pages.conflict(person, form)
        try:
            changes = operations.update(person, pages.form_values(form), current_user,
                                        clock.today())
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            return pages.conflict(db.session.get(Person, person_id), form)
        flash(_("Saved: %(n)d field(s) changed.", n=len(changes)), "success")
        return redirect(url_for(".show", person_id=person.id))
    audit.record("person.view", "person", person.id)
    db.session.commit()
    return render_template("people/edit.html", form=form, person=person)


FILE_REFUSALS = {
    "before_registration": _l("This date is earlier than the last registration or "
                              "deregistration."),
    "not_registered": _l("The person is not on the register now (placed in a job or "
                         "deregistered): nothing to deregister."),
    "registered": _l("The person is on the register already."),
}


def _file_action(person_id: int, form_class, run, done: str, anchor: str = ""):
    """A POST on a person's file from the profile page: check, run, commit, go back."""
    person = policy.get_person_or_404(person_id, current_user)
    require("person.edit", person)
    form = form_class()
    if form.validate_on_submit():
        try:
            run(person, form)
            db.session.commit()
            flash(done, "success")
        except ValueError as refused:
            db.session.rollback()
            flash(str(FILE_REFUSALS.get(str(refused), FILE_REFUSALS["before_registration"])),
                  "danger")
    else:
        flash_errors(form)
    return redirect(url_for(".show", person_id=person.id) + anchor)


@bp.route("/<int:person_id>/deregister", methods=["POST"])
@login_required
def deregister(person_id: int):
    return _file_action(
        person_id, forms.DeregisterForm,
        lambda p, f: operations.deregister(p, f.reason.data, f.on.data, current_user),
        _("The person is deregistered; the file is kept."))


@bp.route("/<int:person_id>/return", methods=["POST"])
@login_required
def reregister(person_id: int):
    return _file_action(
        person_id, forms.ReturnForm,
        lambda p, f: operations.reregister(p, f.on.data, current_user, clock.today()),
        _("The person is registered again; a new episode is open."))


@bp.route("/<int:person_id>/segment", methods=["POST"])
@login_required
def segment(person_id: int):
    return _file_action(
        person_id, forms.SegmentForm,
        lambda p, f: operations.set_segment(p, f.segment.data, f.reason.data, current_user),
        _("The segment is saved."), "#profiling")


@bp.route("/transfers/request", methods=["POST"])
@login_required
def transfer_request():
    require("person.register")
    form = forms.TransferRequestForm()
    if not form.validate_on_submit():
        abort(400)
    found = db.session.execute(queries.iin_anywhere(form.iin.data)).first()
    if found is None or found.district_id == current_user.district_id:
        abort(404)
    if operations.request_transfer(db.session.get(Person, found.id), current_user,
                                   form.note.data) is None:
        flash(_("A request for this person is already waiting for the other district's "
                "decision; nothing new is sent."), "info")
        return redirect(url_for(".transfers"))
    db.session.commit()
    flash(_("The transfer request is sent to the person's current district."), "success")
    return redirect(url_for(".transfers"))


@bp.route("/transfers")
@login_required
def transfers():
    require("person.register")
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
@login_required
def decide(request_id: int):
    transfer = db.session.get(TransferRequest, request_id)
    if transfer is None or transfer.from_district_id != current_user.district_id:
        abort(404)
    require("transfer.approve")
    if transfer.status != "pending":  # decided meanwhile, in another tab or by someone else
        flash(_("This request was decided already: %(status)s.",
                status=labels.label(labels.TRANSFER_STATUSES, transfer.status)), "info")
        return redirect(url_for(".transfers"))
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors or form.decision.errors:
            abort(400)
        return _transfers_page({transfer.id: form})
    operations.decide_transfer(transfer, form.decision.data == "approve", current_user,
                               form.reason.data)
    db.session.commit()
    flash(_("The transfer is approved.") if form.decision.data == "approve"
          else _("The transfer is rejected."), "success")
    return redirect(url_for(".transfers"))


@bp.route("/segments")
@login_required
def segments():
    require("caseload.review")
    tables = pages.segment_tables(current_user, clock.today())
    db.session.commit()
    return render_template("people/segments.html", tables=tables,
                           groups={code: label for code, label in forms.DISABILITY_CHOICES if code})


@bp.route("/<int:person_id>/access")
@login_required
def access_history(person_id: int):
    """Who looked at or changed this person's file: the audit log, for supervisors."""
    person = policy.get_person_or_404(person_id, current_user)
    require("caseload.review")
    rows = db.session.execute(queries.access_history(person.id)).all()
    audit.record("person.access_history", "person", person.id)
    db.session.commit()
    return render_template("people/access.html", person=person, rows=rows)
