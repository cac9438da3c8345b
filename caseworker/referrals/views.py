"""Referrals: create from a person's matches, move through the workflow, letters, inbox."""
from __future__ import annotations


from flask import (
    Blueprint, Response, abort, flash, redirect, render_template, request, stream_template,
    url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from caseworker import audit, clock, labels, pdf, policy
from caseworker.domain import letter_codes
from caseworker.domain.workflow import TransitionError
from caseworker.extensions import db, limiter
from caseworker.models import FollowUp, Letter, LetterBatch, Measure, Person, Referral
from caseworker.models.outcome import JOB_KINDS
from caseworker.forms import flash_errors
from caseworker.referrals import operations, outcomes, pages
from caseworker.referrals.forms import (
    LetterForm, ReferralForm, ReissueForm, TransitionForm, TransitionTarget, VerifyForm)
from caseworker.options import options

bp = Blueprint("referrals", __name__)


def editable_referral(referral_id: int) -> Referral:
    """A referral in the user's scope that the user may work on (404 / 403 otherwise)."""
    referral = policy.get_referral_or_404(referral_id, current_user)
    if not policy.can(current_user, "referral.create", referral.person):
        abort(403)
    return referral


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def refuse(code: str) -> None:
    db.session.rollback()
    flash(str(labels.REFERRAL_ERRORS.get(code, code)), "danger")


@bp.route("/people/<int:person_id>/refer/<code>", methods=["GET", "POST"])
@login_required
def create(person_id: int, code: str):
    person = policy.get_person_or_404(person_id, current_user)
    if not policy.can(current_user, "referral.create", person):
        abort(403)
    measure = db.session.get(Measure, code)
    if measure is None or not measure.active:
        abort(404)
    if person.status != "active":  # an open tab of before the person left the register
        refuse("not_active")
        return redirect(url_for("people.show", person_id=person.id))
    today = clock.today()
    form = ReferralForm()
    pages.prepare(form, person, measure, today)
    verdict = pages.verdict_of(person, measure, today)
    allocation = pages.allocation_for(person, measure, today.year)
    if form.validate_on_submit():
        destination = pages.destination_of(measure, _int(form.destination_region_id.data))
        amount = form.amount_kzt.data
        if amount is None and measure.moves_person:
            amount = pages.default_amount(measure, today, person, destination)
        try:
            referral = operations.create(
                person, measure, current_user, verdict=verdict, on=today,
                allocation=allocation,
                provider_id=int(form.provider_id.data) if form.provider_id.data else None,
                start_on=form.start_on.data, amount_kzt=amount, destination=destination,
                comment=form.comment.data or None,
                override_reason=(form.override_reason.data or "").strip() or None,
                form_token=form.form_token.data or None,
                project_id=int(form.project_id.data) if form.project_id.data else None)
            db.session.commit()
        except operations.ReferralRefused as refused:
            refuse(refused.code)
            if refused.code == "duplicate_submit":
                existing = db.session.scalar(select(Referral).where(
                    Referral.form_token == form.form_token.data))
                return redirect(url_for(".show", referral_id=existing.id))
        except OperationalError:
            refuse("busy")
        else:
            flash(_("The referral is recorded."), "success")
            return redirect(url_for(".show", referral_id=referral.id))
    left = operations.places_left(allocation) if allocation else None
    return render_template("referrals/new.html", form=form, person=person, measure=measure,
                           verdict=verdict, allocation=allocation, left=left)


@bp.route("/referrals/<int:referral_id>")
@login_required
def show(referral_id: int):
    referral = policy.get_referral_or_404(referral_id, current_user)
    audit.record("referral.view", "referral", referral.id)
    db.session.commit()
    editable = policy.can(current_user, "referral.create", referral.person)
    return render_template("referrals/show.html", referral=referral,
                           forms=pages.transition_forms(referral, TransitionForm, current_user.role)
                           if editable
                           else [], letter_form=ReissueForm(), editable=editable,
                           provider_form=pages.provider_form(referral) if editable else None,
                           open_step=request.args.get("step", "")[:20],
                           outcome_form=pages.outcome_form(referral),
                           follow_up_form=pages.follow_up_form(),
                           waiting_days=lambda r: pages.waiting_days(r, clock.today()))


@bp.route("/referrals/<int:referral_id>/outcome", methods=["POST"])
@login_required
def outcome(referral_id: int):
    referral = editable_referral(referral_id)
    form = pages.outcome_form(referral)
    if form.validate_on_submit():
        outcomes.record(referral, form.kind.data, form.employer.data or None,
                        form.start_on.data, form.wage_kzt.data, current_user)
        db.session.commit()
        flash(_("The outcome is recorded; follow-up checks are planned at 3, 6 and 12 months.")
              if form.kind.data in JOB_KINDS else _("The outcome is recorded."), "success")
    else:
        flash_errors(form)
    return redirect(url_for(".show", referral_id=referral.id) + "#outcome")


@bp.route("/follow-ups/<int:follow_up_id>", methods=["POST"])
@login_required
def follow_up(follow_up_id: int):
    item = db.session.get(FollowUp, follow_up_id)
    if item is None:
        abort(404)
    referral = editable_referral(item.outcome.referral_id)
    form = pages.follow_up_form(item.outcome.start_on)
    if form.validate_on_submit():
        outcomes.check(item, form.still_employed.data == "yes", form.source.data, form.on.data,
                       current_user)
        db.session.commit()
        flash(_("The check is recorded."), "success")
    else:
        flash_errors(form)
    return redirect(form.back.data == "list" and url_for(".follow_ups")
                    or url_for(".show", referral_id=referral.id) + "#outcome")


@bp.route("/follow-ups")
@login_required
def follow_ups():
    if not policy.can(current_user, "referral.create"):
        abort(403)
    rows = db.session.scalars(outcomes.due(current_user, clock.today()).limit(500)).all()
    audit.record("referral.list", "follow_up", None)
    db.session.commit()
    return render_template("referrals/follow_ups.html", rows=rows, form=pages.follow_up_form())


@bp.route("/referrals/<int:referral_id>/transition", methods=["POST"])
@login_required
def transition(referral_id: int):
    referral = editable_referral(referral_id)
    target = TransitionTarget()
    form = TransitionForm(prefix=target.to.data) if target.validate() else TransitionForm()
    form.reason.choices = options([("", "")] + [(c, c) for c in labels.WORKFLOW_REASONS])
    # a step that is refused comes back open, not the first one (approve, beside a reject)
    again = redirect(url_for(".show", referral_id=referral.id, step=form.to.data or None))
    if not form.validate_on_submit():
        flash_errors(form)
        return again
    try:
        operations.transition(referral, form.to.data, form.on.data, current_user, clock.today(),
                              form.reason.data or None, form.note.data or None)
        if form.to.data == "referred":
            operations.issue_letter(referral, current_user, form.on.data)
        db.session.commit()
        flash(_("Saved: %(status)s.", status=labels.label(labels.REFERRAL_STATUSES,
                                                          form.to.data)), "success")
    except TransitionError as error:
        refuse(error.code)
        return again
    except OperationalError:
        refuse("busy")
        return again
    return redirect(url_for(".show", referral_id=referral.id))


@bp.route("/referrals/<int:referral_id>/provider", methods=["POST"])
@login_required
def set_provider(referral_id: int):
    referral = editable_referral(referral_id)
    form = pages.provider_form(referral)
    if form is None:
        refuse("letter_issued")
    elif form.validate_on_submit():
        operations.set_provider(referral, int(form.provider_id.data))
        db.session.commit()
        flash(_("The provider is saved."), "success")
    else:
        flash_errors(form)
    return redirect(url_for(".show", referral_id=referral.id))


@bp.route("/referrals/<int:referral_id>/reissue", methods=["POST"])
@login_required
def reissue(referral_id: int):
    referral = editable_referral(referral_id)
    form = ReissueForm()
    if not form.validate_on_submit() or referral.status not in ("referred", "started"):
        abort(400)
    if not form.confirm.data:
        flash(_("Nothing is changed: tick that the letter in force is cancelled to reissue it."),
              "warning")
        return redirect(url_for(".show", referral_id=referral.id))
    operations.issue_letter(referral, current_user, clock.today())
    db.session.commit()
    flash(_("A new letter is issued; the previous one is cancelled."), "success")
    return redirect(url_for(".show", referral_id=referral.id))


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
    return _pdf(body, f"letter-{current.number}.pdf")


def _todays_letters() -> list[Letter]:
    """The genuine letters issued today in the supervisor's district, in number order."""
    stmt = (pages.printable_letters().where(Letter.issued_on == clock.today())
            .order_by(Letter.number))
    return db.session.scalars(policy.scope_persons(stmt, current_user)).all()


def _may_print() -> None:
    if not policy.can(current_user, "referral.approve"):
        abort(403)


@bp.route("/referrals/letters/today.pdf")
@login_required
def letters_today():
    """All genuine letters issued today in the supervisor's district, as one PDF to print."""
    _may_print()
    letters = _todays_letters()
    if not letters:
        flash(_("No letters were issued today in your district."), "info")
        return redirect(url_for(".inbox"))
    body = pdf.render("pdf/letters.html", items=[pages.letter_context(l) for l in letters])
    audit.record("letter.batch_pdf", "district", current_user.district_id)
    db.session.commit()
    return _pdf(body, f"letters-{clock.today().isoformat()}.pdf")


def _pdf(body: bytes, name: str) -> Response:
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.route("/referrals/letters/today", methods=["GET", "POST"])
@login_required
def letters_batch():
    """Today's letters as one PDF, made while the page shows how far it has got."""
    _may_print()
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
            if isinstance(step, bytes):
                made["id"] = pages.keep_batch(step, len(ids), current_user)
                audit.record("letter.batch_pdf", "letter_batch", made["id"])
                db.session.commit()
            else:
                yield step

    return Response(stream_template("referrals/batch.html", form=form, count=len(letters),
                                    steps=steps(), made=made))


@bp.route("/referrals/letters/batches/<int:batch_id>.pdf")
@login_required
def batch_pdf(batch_id: int):
    _may_print()
    batch = db.session.get(LetterBatch, batch_id)
    if batch is None or batch.district_id != current_user.district_id:
        abort(404)
    audit.record("letter.batch_pdf", "letter_batch", batch.id)
    db.session.commit()
    return _pdf(batch.pdf, f"letters-{batch.made_on.isoformat()}.pdf")


@bp.route("/referrals/inbox")
@login_required
def inbox():
    if not policy.can(current_user, "referral.approve"):
        abort(403)
    stmt = (select(Referral).join(Person, Person.id == Referral.person_id)
            .join(Measure, Measure.code == Referral.measure_code)
            .where(Referral.status == "proposed", Measure.needs_approval.is_(True))
            .order_by(Referral.proposed_on))
    rows = db.session.scalars(policy.scope_persons(stmt, current_user)).all()
    audit.record("referral.list", "referral", None)
    db.session.commit()
    return render_template("referrals/inbox.html", rows=rows)


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
    return render_template("referrals/verify.html", letter=found, asked=True, today=clock.today(),
                           form=VerifyForm(formdata=None, code=typed))
