"""Money pages: a referral's money (commitment, payments, balance, contract, timesheets and
the forms to add them), reversing a payment, the district's payments with their exports, and
the bank file import. Each page checks the policy, calls one operation and commits."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseworker import audit, clock, exports, policy
from caseworker.extensions import db
from caseworker.forms import ReopenForm, version_read
from caseworker.models import Payment, Person, Referral, UnmatchedRow
from caseworker.paging import page_of
from caseworker.payments import bank_imports, commitments, operations, pages, queries
from caseworker.payments.forms import (
    CommitmentForm, ContractForm, ImportForm, ResolveForm, ReversalForm, TimesheetForm)
from caseworker.refusals import Refused
from caseworker.web import sent, show_refusal, staff_pages, submitted

bp = staff_pages("payments", __name__)


def _referral(referral_id: int, action: str = "payment.view") -> Referral:
    """A referral whose money the user sees (404 outside it), for an action of their role."""
    referral = policy.get_money_referral_or_404(referral_id, current_user)
    policy.require(current_user, action)
    return referral


def _money_page(referral: Referral, status: int = 200, **forms):
    page = pages.money_page(referral, current_user, **forms)
    audit.record("referral.money", "referral", referral.id)
    db.session.commit()
    return render_template("payments/referral.html", **page), status


def _back(referral: Referral, anchor: str):
    return redirect(url_for(".referral", referral_id=referral.id) + anchor, 303)


@bp.route("/referrals/<int:referral_id>/money")
def referral(referral_id: int):
    return _money_page(_referral(referral_id))


def _money_form(referral_id: int, action: str, form, step, done, anchor: str, key: str):
    """A form of the money page sent to its use case: `step(referral, form)` runs the
    operation; saved, back to the page's `anchor`; else the page again with the form as
    `key`."""
    referral = _referral(referral_id, action)
    if submitted(form, lambda: step(referral, form), done):
        return _back(referral, anchor)
    return _money_page(referral, 422, **{key: form})


@bp.route("/referrals/<int:referral_id>/money/payments", methods=["POST"])
def add_payment(referral_id: int):
    return _money_form(
        referral_id, "payment.record",
        pages.payment_form(_referral(referral_id, "payment.record")),
        lambda referral, form: operations.record_payment(
            referral, current_user, amount=form.amount_kzt.data, paid_on=form.paid_on.data,
            document_number=form.document_number.data, today=clock.today(),
            kind=form.kind.data, month=form.month.data),
        _("The payment is recorded."), "#payments", "payment_form")


@bp.route("/referrals/<int:referral_id>/money/commitment", methods=["POST"])
def commitment(referral_id: int):
    """Raise the referral's commitment, to pay more than it committed."""
    return _money_form(
        referral_id, "commitment.raise", CommitmentForm(prefix="commitment"),
        lambda referral, form: commitments.raise_commitment(
            referral, current_user, amount_kzt=operations.whole_tenge(form.amount_kzt.data),
            reason=form.reason.data, override_reason=form.override_reason.data,
            on=clock.today()),
        _("The commitment is raised."), "#commitment", "commitment_form")


@bp.route("/payments/<int:payment_id>/reverse", methods=["GET", "POST"])
def reverse(payment_id: int):
    payment = db.session.get(Payment, payment_id)
    referral = _referral(payment.referral_id if payment else 0, "payment.record")
    form = ReversalForm()
    if request.method == "GET":
        form.paid_on.data = clock.today()
    elif submitted(form, lambda: operations.reverse_payment(
            payment, current_user, reason=form.reason.data, paid_on=form.paid_on.data,
            document_number=form.document_number.data, today=clock.today()),
            _("The payment is reversed.")):
        return _back(referral, "#payments")
    audit.record("referral.money", "referral", referral.id)
    db.session.commit()
    return render_template("payments/reverse.html", payment=payment, referral=referral,
                           form=form), 200 if request.method == "GET" else 422


@bp.route("/referrals/<int:referral_id>/money/contract", methods=["POST"])
def contract(referral_id: int):
    return _money_form(
        referral_id, "timesheet.record", ContractForm(),
        lambda referral, form: operations.save_contract(
            referral, current_user, position=form.position.data,
            starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            monthly_wage_kzt=form.monthly_wage_kzt.data,
            version=version_read(form.version)),
        _("The contract is saved."), "#contract", "contract_form")


@bp.route("/referrals/<int:referral_id>/money/timesheets", methods=["POST"])
def timesheet(referral_id: int):
    return _money_form(
        referral_id, "timesheet.record", TimesheetForm(prefix="sheet"),
        lambda referral, form: operations.record_timesheet(
            referral, current_user, month=form.month.data, days_worked=form.days_worked.data,
            today=clock.today()),
        _("The timesheet is recorded."), "#timesheets", "timesheet_form")


@bp.route("/payments/")
def index():
    policy.require(current_user, "payment.view")
    form, filters = pages.filter_form(current_user)
    kind = request.args.get("format")
    if kind in ("csv", "xlsx"):
        audit.record("payment.export", "payment", None)
        db.session.commit()
        return exports.response(kind, f"payments.{kind}", pages.export_header(),
                                pages.export_rows(queries.payment_rows(current_user, filters)),
                                _("Payments"),
                                {pages.AMOUNT_COLUMN: "#,##0"})
    result = page_of(queries.payment_rows(current_user, filters),
                     request.args.get("page", 1, type=int))
    total, count = queries.payments_total(current_user, filters)
    audit.record("payment.list", "payment", None)
    db.session.commit()
    return render_template("payments/index.html", form=form, result=result, total=total,
                           count=count, args=pages.filter_args(form))


@bp.route("/payments/referrals")
def referrals():
    """The district's referrals that take payments: where a timesheet or payment is entered."""
    policy.require(current_user, "payment.view")
    q = (request.args.get("q") or "")[:100]
    result = page_of(queries.payable_referrals(current_user, q),
                     request.args.get("page", 1, type=int))
    audit.record("payment.referrals", "referral", None)
    db.session.commit()
    return render_template("payments/referrals.html", result=result, q=q)


@bp.route("/payments/import", methods=["GET", "POST"])
def import_file():
    policy.require(current_user, "payment.record")
    form, report, imported, status = ImportForm(), None, None, 200
    if form.validate_on_submit():
        try:
            imported = bank_imports.import_payments(
                form.file.data.read(), current_user, clock.today(),
                file_name=form.file.data.filename or "")
            db.session.commit()
        except Refused as refused:
            show_refusal(refused, form)
            report, status = refused.detail.get("rows"), 422
        else:
            if imported.unchanged:
                flash(_("This file was imported before: nothing changed."), "info")
            else:
                flash(_("%(n)d payments recorded.", n=imported.added), "success")
    elif request.method == "POST":
        status = 422
    return render_template("payments/import.html", form=form, report=report,
                           imported=imported), status


@bp.route("/payments/unmatched")
def unmatched():
    """The district's bank-file rows that were not recorded, waiting to be settled (or, with
    ?resolved=1, those settled), and the district's latest files."""
    policy.require(current_user, "bank_import.view")
    return _unmatched_page()


def _unmatched_page(status: int = 200):
    resolved = request.args.get("resolved") == "1"
    result = page_of(queries.unmatched_rows(current_user, resolved),
                     request.args.get("page", 1, type=int))
    imports = queries.bank_imports(current_user)
    audit.record("payment.unmatched", "bank_import", None)
    db.session.commit()
    return render_template("payments/unmatched.html", result=result, resolved=resolved,
                           imports=imports, form=ResolveForm(), reopen_form=ReopenForm(),
                           reasons_of=bank_imports.reasons_of, may_resolve=policy.can(current_user, "bank_import.resolve")), status


def _row(row_id: int) -> UnmatchedRow:
    """A bank file's row of the user's district that they may settle (404 another
    district's, 403 the role), as the API reads it."""
    return policy.get_or_404(UnmatchedRow, row_id, current_user, "bank_import.resolve")


@bp.route("/payments/unmatched/<int:row_id>/resolve", methods=["POST"])
def resolve(row_id: int):
    row = _row(row_id)
    form = ResolveForm()
    if submitted(form, lambda: bank_imports.resolve(row, current_user, form.resolution.data),
                 _("The row is settled.")):
        return redirect(url_for(".unmatched"), 303)
    for message in form.resolution.errors:
        flash(message, "danger")
    return _unmatched_page(422)


@bp.route("/payments/unmatched/<int:row_id>/reopen", methods=["POST"])
def reopen_row(row_id: int):
    """A row settled by mistake, open again with a reason and a tick; back to the settled
    rows, where a refusal is said at the top."""
    row = _row(row_id)
    form = ReopenForm()
    sent(form, lambda: bank_imports.reopen(row, current_user, form.reason.data,
                                           form.confirm.data),
         _("The row is open again and waits in the queue."))
    return redirect(url_for(".unmatched", resolved=1), 303)


def referral_money_summary(referral: Referral):
    """What the referral page's money block shows (see templates/payments/_referral_money.html):
    None for a user who does not see money, or a referral whose measure pays nothing."""
    if not policy.can(current_user, "payment.view") or not queries.payment_kinds(
            referral.measure):
        return None
    in_scope = db.session.scalar(policy.scope_money(select(Person.id).where(
        Person.id == referral.person_id), current_user))
    if in_scope is None:
        return None
    commitment, paid, count = queries.summary(referral)
    return {"commitment": commitment, "paid": paid, "count": count,
            "balance": None if commitment is None else commitment - paid}


bp.add_app_template_global(referral_money_summary, "referral_money")
bp.add_app_template_global(pages.kind_label, "payment_kind_label")
bp.add_app_template_global(pages.allocation_funds, "allocation_funds")
