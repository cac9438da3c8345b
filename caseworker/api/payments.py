"""Money through the API: a referral's payments (a reversal is a POST naming the payment it
reverses), its contract, a contract's timesheets, the payments of a region or district, and a
bank file's rows not recorded, settled or opened again. The same operations and refusals as
the money pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseworker import audit, clock, policy
from caseworker.api import routes
from caseworker.api import payment_schemas as schemas
from caseworker.api.errors import ApiError
from caseworker.api.schemas import ReopenSchema
from caseworker.extensions import db
from caseworker.models import Contract, Payment, UnmatchedRow
from caseworker.paging import page_of
from caseworker.payments import bank_imports, commitments, operations, queries
from caseworker.refusals import committed

TAG = {"tags": ["payments"]}
REFERRAL = "/referrals/<int(max=2147483647):referral_id>"


def _referral(referral_id: int, action: str = "payment.view"):
    referral = policy.get_money_referral_or_404(referral_id, current_user)
    policy.require(current_user, action)
    return referral


@routes.endpoint("GET", REFERRAL + "/payments", schemas.ReferralPaymentsSchema, **TAG)
def referral_payments(referral_id: int):
    """A referral's commitment, payments (reversals negative) and balance"""
    referral = _referral(referral_id)
    state = queries.money_of(referral)
    audit.record("referral.money", "referral", referral.id)
    db.session.commit()
    return {"referral_id": referral.id, "commitment_kzt": state.commitment,
            "paid_kzt": state.paid, "balance_kzt": state.balance, "items": state.payments}


@routes.endpoint("POST", REFERRAL + "/payments", schemas.PaymentSchema,
                 json=schemas.PaymentInSchema, status=201, **TAG)
def payment_create(args, referral_id: int):
    """Record a payment: whole tenge above zero, paid_on not in the future, a document number
    used once per referral; a wage subsidy names its month, which must have a timesheet and be
    unpaid; never more than is left of the referral's commitment (409 over_commitment: raise it
    first, POST .../commitment). With `reverses` (and a reason, no amount) it reverses that
    payment of the referral instead"""
    referral = _referral(referral_id, "payment.record")
    today = clock.today()
    if args.get("reverses") is not None:
        if args.get("amount_kzt") is not None:
            raise ApiError(422, "validation_error", _l(
                "A reversal takes back the whole payment: leave the amount out."), {
                "amount_kzt": [{"code": "invalid", "message": str(_l(
                    "A reversal takes back the whole payment: leave the amount out."))}]})
        payment = db.session.get(Payment, args["reverses"])
        if payment is None or payment.referral_id != referral.id:
            raise ApiError(404, "payment_not_found", _l("No such payment on this referral."))
        made = operations.reverse_payment(
            payment, current_user, reason=args.get("reason"), paid_on=args["paid_on"],
            today=today, document_number=args.get("document_number"), source="api")
    else:
        if args.get("amount_kzt") is None:
            raise ApiError(422, "validation_error", fields={"amount_kzt": [{
                "code": "required", "message": "Missing data for required field."}]})
        made = operations.record_payment(
            referral, current_user, amount=args["amount_kzt"], paid_on=args["paid_on"],
            document_number=args.get("document_number"), today=today, kind=args.get("kind"),
            month=args.get("month"), source="api")
    db.session.commit()
    return made


@routes.endpoint("POST", REFERRAL + "/commitment", schemas.CommitmentChangeSchema,
                 json=schemas.CommitmentInSchema, status=201, **TAG)
def commitment_raise(args, referral_id: int):
    """Raise the referral's whole commitment (payments never go beyond it): more than the
    present one, with a reason, checked against its allocation's funds left as a new referral
    is (409 no_funds / no_funds_final; beyond them a supervisor with override_reason, where
    the measure allows)"""
    referral = _referral(referral_id, "commitment.raise")
    change = commitments.raise_commitment(
        referral, current_user, amount_kzt=operations.whole_tenge(args["amount_kzt"]),
        reason=args["reason"], override_reason=args.get("override_reason"),
        on=clock.today())
    db.session.commit()
    return change


@routes.endpoint("GET", REFERRAL + "/contract", schemas.ContractSchema, **TAG)
def contract_show(referral_id: int):
    """The employer's contract of a subsidised job (404 no_contract before one is entered)"""
    referral = _referral(referral_id)
    contract = queries.contract_of(referral.id)
    if contract is None:
        raise ApiError(404, "no_contract", _l("No contract is entered for this referral."))
    return routes.shown(contract, "referral.money", "referral", referral.id)


@routes.endpoint("PUT", REFERRAL + "/contract", schemas.ContractSchema,
                 json=schemas.ContractInSchema, **TAG)
def contract_save(args, referral_id: int):
    """Enter or change the contract of a subsidised job: dates within the measure's longest
    duration, the position and the monthly wage. It can be changed until its first payment (409
    contract_paid)"""
    referral = _referral(referral_id, "timesheet.record")
    contract = operations.save_contract(
        referral, current_user, position=args["position"], starts_on=args["starts_on"],
        ends_on=args["ends_on"], monthly_wage_kzt=args["monthly_wage_kzt"],
        version=args.get("version"))
    db.session.commit()
    return contract


def _contract(contract_id: int, action: str = "payment.view") -> Contract:
    contract = db.session.get(Contract, contract_id)
    _referral(contract.referral_id if contract else 0, action)
    return contract


@routes.endpoint("GET", "/contracts/<int(max=2147483647):contract_id>/timesheets",
                 schemas.TimesheetListSchema, **TAG)
def timesheet_list(contract_id: int):
    """A contract's timesheets: days worked, the month's working days and the subsidy they give"""
    contract = _contract(contract_id)
    return routes.shown({"contract_id": contract.id, "items": contract.timesheets},
                        "referral.money", "referral", contract.referral_id)


@routes.endpoint("POST", "/contracts/<int(max=2147483647):contract_id>/timesheets",
                 schemas.TimesheetSchema, json=schemas.TimesheetInSchema, status=201, **TAG)
def timesheet_create(args, contract_id: int):
    """Record a month's days worked (a month of the contract that has begun, at most its
    working days, not yet paid; entered again it is corrected)"""
    contract = _contract(contract_id, "timesheet.record")
    sheet = operations.record_timesheet(contract.referral, current_user, month=args["month"],
                                        days_worked=args["days_worked"], today=clock.today())
    db.session.commit()
    return sheet


@routes.endpoint("GET", "/payments", schemas.PaymentPageSchema, query=schemas.PaymentQuerySchema,
                 **TAG)
def payment_list(args):
    """Payments in your scope, newest first, filtered by the region or district that paid, the
    measure and the dates paid (from, to), with the total of the filter"""
    policy.require(current_user, "payment.view")
    filters = queries.Filters(region_id=args.get("region"), district_id=args.get("district"),
                              measure_code=args.get("measure") or "", date_from=args.get("from_"),
                              date_to=args.get("to"))
    result = page_of(queries.payment_rows(current_user, filters), args["page"])
    total, count = queries.payments_total(current_user, filters)
    audit.record("payment.list", "payment", None)
    db.session.commit()
    return {"items": [row[0] for row in result.items], "page": result.page,
            "has_next": result.has_next, "total_kzt": total, "count": count}


UNMATCHED = "/payments/unmatched/<int(max=2147483647):row_id>"


@routes.endpoint("GET", "/payments/unmatched", schemas.UnmatchedRowPageSchema,
                 query=schemas.UnmatchedQuerySchema, **TAG)
def unmatched_list(args):
    """Your district's bank file rows that were not recorded, with why: those waiting to be
    settled, or (`resolved=true`) those settled or taken up by a later file, with paging"""
    policy.require(current_user, "bank_import.view")
    return routes.page(queries.unmatched_rows(current_user, args["resolved"]), args,
                       "payment.unmatched", "bank_import")


def _row(row_id: int) -> UnmatchedRow:
    return policy.get_or_404(UnmatchedRow, row_id, current_user, "bank_import.resolve")


@routes.endpoint("POST", UNMATCHED + "/resolve", schemas.UnmatchedRowSchema,
                 json=schemas.ResolveSchema, **TAG)
def unmatched_resolve(args, row_id: int):
    """Settle a bank file's row of your district that was not recorded, saying how
    (`resolution`): it leaves the finance queue (409 unmatched_resolved; 404 another
    district's row)"""
    row = _row(row_id)
    return committed(lambda: bank_imports.resolve(row, current_user, args["resolution"]))


@routes.endpoint("POST", UNMATCHED + "/reopen", schemas.UnmatchedRowSchema,
                 json=ReopenSchema, **TAG)
def unmatched_reopen(args, row_id: int):
    """Open again a row settled by mistake, with a reason (`reason`): it waits in the finance
    queue once more and keeps who had settled it, when and what they said, beside who opened
    it, when and why (409 unmatched_not_settled, unmatched_taken_up; 404 another district's
    row)"""
    row = _row(row_id)
    return committed(lambda: bank_imports.reopen(row, current_user, args["reason"],
                                                 confirmed=True))
