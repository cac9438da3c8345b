"""Referrals: create from a person's matches, move through the workflow, letters, inbox
(the outcome and its follow-up checks: views/outcomes.py, on the same blueprint).
Each page reads its form, calls the use case of operations.py / outcomes.py, and says what it
answered: a refusal beside its field or as a message, then the same page again."""
from __future__ import annotations

from flask import (
    Blueprint, Response, abort, flash, redirect, render_template, request, stream_template,
    url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseworker import audit, clock, labels, pdf, policy, voiding
from caseworker.domain import iin, letter_codes, workflow
from caseworker.extensions import db, limiter
from caseworker.forms import VoidForm, flash_errors
from caseworker.models import (
    Letter, LetterBatch, Referral)
from caseworker.options import options
from caseworker.paging import page_of
from caseworker.referrals import corrections, operations, pages, queries, terms
from caseworker.referrals.forms import (
    HolderForm, LetterForm, ReferralForm, ReissueForm, TransitionForm, TransitionTarget,
    VerifyForm)
from caseworker.refusals import Refused, committed
from caseworker.web import sent, show_refusal

bp = Blueprint("referrals", __name__)


def editable_referral(referral_id: int) -> Referral:
    """A referral in the user's scope that the user may work on (404 / 403 otherwise)."""
    referral = policy.get_referral_or_404(referral_id, current_user)
    policy.require(current_user, "referral.create", referral.person)
    return referral


@bp.route("/people/<int:person_id>/refer/<code>", methods=["GET", "POST"])
@login_required
def create(person_id: int, code: str):
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "referral.create", person)
    try:
        measure = operations.referable(person, code)
    except Refused as refused:
        if refused.code != "not_active":
            raise  # an unknown measure: its page does not exist
        show_refusal(refused)  # an open tab of before the person left the register
        return redirect(url_for("people.show", person_id=person.id))
    form = ReferralForm()
    # the rules, the amount and the allocation of the day it was proposed (typed, or today)
    today = (form.on.data if form.is_submitted() else None) or clock.today()
    pages.prepare(form, person, measure, today)
    if form.validate_on_submit():
        try:
            referral = committed(lambda: operations.refer(
                person, measure.code, current_user, on=today,
                provider_id=form.provider_id.data, project_id=form.project_id.data,
                destination_region_id=form.destination_region_id.data,
                amount_kzt=form.amount_kzt.data, start_on=form.start_on.data,
                comment=form.comment.data, override_reason=form.override_reason.data,
                token=form.form_token.data or None))
        except Refused as refused:
            show_refusal(refused, form)
            if refused.code == "not_active":
                return redirect(url_for("people.show", person_id=person.id))
            existing = (operations.by_token(form.form_token.data)
                        if refused.code in ("duplicate_submit", "already_open") else None)
            if existing is not None:  # this form was sent before: its referral
                return redirect(url_for(".show", referral_id=existing.id))
        else:
            flash(_("The referral is recorded."), "success")
            return redirect(url_for(".show", referral_id=referral.id))
    verdict = terms.verdict_of(person, measure, today)
    return render_template("referrals/new.html", form=form, person=person, measure=measure,
                           verdict=verdict, judged_on=today,
                           **pages.allocation_context(person, measure, today))


@bp.route("/referrals/<int:referral_id>")
@login_required
def show(referral_id: int):
    referral = policy.get_referral_or_404(referral_id, current_user)
    audit.record("referral.view", "referral", referral.id)
    pages.opened(referral, current_user)
    db.session.commit()
    return _page(referral, ReissueForm())


def _undo_offer(referral: Referral) -> dict:
    """The last step the page offers to undo, or why it offers none (an outcome rests on it)."""
    if not corrections.may_undo(current_user, referral):
        return {"undoable": None, "undo_blocked": None}
    why = corrections.blocked(referral)
    return {"undoable": None if why else corrections.last_step(referral), "undo_blocked": why}


def outcome_page(referral: Referral, status: int, outcome_form) -> tuple:
    """The referral's page with its outcome form as typed (a refused or mistyped outcome)."""
    return _page(referral, ReissueForm(formdata=None), status, outcome_form=outcome_form)


def _page(referral: Referral, letter_form: ReissueForm, status: int = 200, outcome_form=None):
    """The referral's page (a refused reissue: with its form open, as typed)."""
    editable = policy.can(current_user, "referral.create", referral.person)
    return render_template("referrals/show.html", referral=referral,
                           forms=pages.transition_forms(referral, TransitionForm, current_user)
                           if editable else [], letter_form=letter_form, editable=editable,
                           provider_form=pages.provider_form(referral) if editable else None,
                           open_step=request.args.get("step", "")[:20],
                           outcome_form=outcome_form or pages.outcome_form(),
                           follow_up_form=pages.follow_up_form(), void_form=VoidForm(),
                           history=pages.history(referral),
                           **_undo_offer(referral),
                           not_started=workflow.outcome_refusal(
                               referral.status, "permanent_job", referral.measure.kind)
                           == "not_started",
                           may_void=lambda record, by: voiding.may_void(
                               current_user, by, referral.person),
                           waiting_days=lambda r: pages.waiting_days(r, clock.today())), status


def back(referral: Referral, anchor: str = "", **args):
    return redirect(url_for(".show", referral_id=referral.id, **args) + anchor)


@bp.route("/referrals/<int:referral_id>/transition", methods=["POST"])
@login_required
def transition(referral_id: int):
    referral = editable_referral(referral_id)
    target = TransitionTarget()
    form = TransitionForm(prefix=target.to.data) if target.validate() else TransitionForm()
    form.reason.choices = options([("", "")] + [(c, c) for c in labels.WORKFLOW_REASONS])
    form.employer_reason.choices = options([("", "")] + [(c, c) for c in labels.EMPLOYER_REASONS])
    if not form.validate_on_submit():
        flash_errors(form)
        return back(referral, step=form.to.data or None)
    try:
        committed(lambda: operations.transition(
            referral, form.to.data, form.on.data, current_user, form.reason.data or None,
            form.note.data, employer_reason=form.employer_reason.data or None))
    except Refused as refused:
        show_refusal(refused)
        # a step that is refused comes back open, not the first one (approve, beside a reject)
        return back(referral, step=form.to.data)
    flash(_("Saved: %(status)s.", status=labels.label(labels.REFERRAL_STATUSES, form.to.data)),
          "success")
    return back(referral)


@bp.route("/referrals/<int:referral_id>/provider", methods=["POST"])
@login_required
def set_provider(referral_id: int):
    referral = editable_referral(referral_id)
    form = pages.provider_choice(referral)
    sent(form, lambda: operations.set_provider(referral, form.provider_id.data, current_user),
         _("The provider is saved."))
    return back(referral)


@bp.route("/referrals/<int:referral_id>/reissue", methods=["POST"])
@login_required
def reissue(referral_id: int):
    referral = editable_referral(referral_id)
    form = ReissueForm()
    if not form.validate_on_submit():
        return _page(referral, form, 422)
    if not form.confirm.data:
        flash(_("Nothing is changed: tick that the letter in force is cancelled to reissue it."),
              "warning")
        return back(referral)
    try:
        committed(lambda: operations.reissue_letter(referral, current_user, form.on.data))
    except Refused as refused:
        show_refusal(refused, form)
        return _page(referral, form, 422) if refused.field == "on" else back(referral)
    flash(_("A new letter is issued; the previous one is cancelled."), "success")
    return back(referral)


@bp.route("/referrals/<int:referral_id>/letter.pdf")
@login_required
def letter(referral_id: int):
    stmt = (pages.printable_letters().where(Referral.id == referral_id)
            .order_by(Letter.id.desc()).limit(1))
    current = db.session.scalar(policy.scope_persons(stmt, current_user))
    if current is None:  # not the user's, or no letter in force
        abort(404)
    # Laid out from what one statement loaded, then recorded: the audit's write transaction
    # is not held open while the PDF is made.
    body = pdf.render("pdf/letters.html", items=[pages.letter_context(current)])
    audit.record("letter.pdf", "letter", current.id)
    db.session.commit()
    return pdf.pdf_response(body, f"letter-{current.number}.pdf")


def _todays_letters() -> list[Letter]:
    """The genuine letters issued today in the supervisor's district, in number order."""
    stmt = (pages.printable_letters().where(Letter.issued_on == clock.today())
            .order_by(Letter.number))
    return db.session.scalars(policy.scope_persons(stmt, current_user)).all()


@bp.route("/referrals/letters/today.pdf")
@login_required
def letters_today():
    """All genuine letters issued today in the supervisor's district, as one PDF to print."""
    policy.require(current_user, "letter.batch")
    letters = _todays_letters()
    if not letters:
        flash(_("No letters were issued today in your district."), "info")
        return redirect(url_for(".inbox"))
    body = pdf.render("pdf/letters.html", items=[pages.letter_context(l) for l in letters])
    audit.record("letter.batch_pdf", "district", current_user.district_id)
    db.session.commit()
    return pdf.pdf_response(body, f"letters-{clock.today().isoformat()}.pdf")


@bp.route("/referrals/letters/today", methods=["GET", "POST"])
@login_required
def letters_batch():
    """Today's letters as one PDF, made while the page shows how far it has got."""
    policy.require(current_user, "letter.batch")
    letters, form = _todays_letters(), LetterForm()
    if not form.validate_on_submit() or not letters:
        return render_template("referrals/batch.html", form=form, count=len(letters))
    # The page streams after this request's session is closed: load what its header shows
    # now, and each letter when it is laid out.
    pages.load_for_header(current_user)
    ids, made = [letter.id for letter in letters], {}

    def contexts():
        for letter_id in ids:
            yield {"items": [pages.letter_context(db.session.get(Letter, letter_id))]}

    def steps():
        for step in pdf.render_many("pdf/letters.html", contexts()):
            if not isinstance(step, bytes):
                yield step
                continue
            try:
                made["id"] = committed(lambda: operations.keep_letter_batch(
                    step, len(ids), current_user)).id
            except Refused as refused:  # another batch of the district, made meanwhile
                db.session.rollback()
                made["refused"] = str(refused)

    return Response(stream_template("referrals/batch.html", form=form, count=len(letters),
                                    steps=steps(), made=made))


@bp.route("/referrals/letters/batches/<int:batch_id>.pdf")
@login_required
def batch_pdf(batch_id: int):
    policy.require(current_user, "letter.batch")
    batch = db.session.scalar(select(LetterBatch).where(  # the user's district's, or none
        LetterBatch.id == batch_id, LetterBatch.district_id == current_user.district_id))
    if batch is None:
        abort(404)
    audit.record("letter.batch_pdf", "letter_batch", batch.id)
    db.session.commit()
    return pdf.pdf_response(batch.pdf, f"letters-{batch.made_on.isoformat()}.pdf")


@bp.route("/referrals/inbox")
@login_required
def inbox():
    policy.require(current_user, "referral.approve")
    result = page_of(queries.awaiting_approval(current_user).options(
        joinedload(Referral.person), joinedload(Referral.measure),
        joinedload(Referral.created_by)), request.args.get("page", 1, type=int) or 1)
    audit.record("referral.list", "referral", None)
    db.session.commit()
    return render_template("referrals/inbox.html", result=result)


@bp.route("/verify")
@limiter.limit("60 per minute")
def verify_form():
    """Public: a letter's code typed in, then its verification page."""
    form = VerifyForm(formdata=request.args)
    if request.args and form.validate():
        found = _letter_typed(form.code.data)
        return redirect(url_for(".verify", code=found.code if found else letter_codes.normalise(
            form.code.data)))
    return render_template("referrals/verify.html", form=form, asked=False)


def _letter_typed(typed: str) -> Letter | None:
    """The letter whose code was typed, read as it looks or as keyed on a Cyrillic layout."""
    readings = letter_codes.readings(typed)
    letters = {letter.code: letter for letter in db.session.scalars(
        select(Letter).where(Letter.code.in_(readings)))}
    return next((letters[code] for code in readings if code in letters), None)


@bp.route("/verify/<code>")
@limiter.limit("60 per minute")
def verify(code: str):
    """Public: genuine / cancelled / unknown, with number, date and measure; nothing personal."""
    found = _letter_typed(code)
    # an unknown code stays in the box to be corrected (a known one need not be typed again)
    typed = code[:40] if found is None else None
    return _verified(found, VerifyForm(formdata=None, code=typed), HolderForm(formdata=None))


@bp.route("/verify/<code>/holder", methods=["POST"])
@limiter.limit("10 per minute")
def verify_holder(code: str):
    """Public: whether the IIN typed by the receiver of a genuine letter is its person's. The
    answer is only "matches" or "does not match" (nothing of the person is shown); each
    answer is audited with the caller's address."""
    found = _letter_typed(code)
    if found is None or found.status != "genuine":
        abort(404)
    form, matched = HolderForm(), None
    if form.validate_on_submit():
        matched = iin.same(found.referral.person.iin, form.iin.data)
        audit.record("letter.holder_match" if matched else "letter.holder_mismatch", "letter",
                     found.id)
        db.session.commit()
    return _verified(found, VerifyForm(formdata=None), form, matched)


def _verified(letter: Letter | None, form: VerifyForm, holder_form: HolderForm,
              matched: bool | None = None):
    centre = letter.referral.person.district.centre if letter is not None else None
    return render_template("referrals/verify.html", letter=letter, asked=True,
                           today=clock.today(), form=form, holder_form=holder_form,
                           matched=matched, centre=centre)


from caseworker.referrals.views import outcomes as _outcomes  # noqa: E402,F401 (its routes)
from caseworker.referrals.views import undo as _undo  # noqa: E402,F401 (its route)
