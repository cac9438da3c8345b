"""Writes of money: record a payment, reverse one, save a subsidised job's contract, record a
month's timesheet, import a bank file. Each checks its rules, adds and flushes, audits, and
returns what it made or raises `Refused`; the door commits."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseworker import audit
from caseworker.domain import money
from caseworker.domain.event_dates import day_problem
from caseworker.extensions import db
from caseworker.models import Contract, Payment, Referral, Timesheet, User
from caseworker.payments import commitments, queries, totals
from caseworker.refusals import Refused
from caseworker.sqlite import in_transaction

MAX_PAYMENT_KZT = 10_000_000_000  # far above any measure's whole amount; a typo's guard
TEXT = 60  # a document number's length


def whole_tenge(amount, code_if_not_positive: str = "amount_not_positive") -> int:
    """An amount typed or sent as whole tenge above zero, or the refusal that says what is
    wrong with it (tiyn, zero, below zero, too large)."""
    try:
        exact = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError):
        raise Refused(code_if_not_positive) from None
    if not exact.is_finite():
        raise Refused(code_if_not_positive)
    if not money.is_whole_tenge(exact):
        raise Refused("fraction_of_tenge")
    if exact <= 0:
        raise Refused(code_if_not_positive)
    if exact > MAX_PAYMENT_KZT:
        raise Refused("amount_too_large")
    return int(exact)


def _may_pay(referral: Referral, user: User) -> None:
    if queries.approved_by(referral.id, user):
        raise Refused("approved_by_you")


def _check_day(paid_on: date | None, follows: date, today: date, before_code: str,
               message=None) -> None:
    """The day money was paid, judged as every dated event is: not in the future, not before
    what it follows (the day the person was referred; the payment a reversal takes back)."""
    if paid_on is None:
        raise Refused("paid_in_future", message=_l("Enter the payment date."))
    problem = day_problem(paid_on, today, follows=follows, before=before_code)
    if problem:
        raise Refused("paid_in_future") if problem == "future" else Refused(problem, message)


def _document(number: str | None, required: bool) -> str | None:
    text = (number or "").strip()
    if not text:
        if required:
            raise Refused("document_required")
        return None
    if len(text) > TEXT:
        raise Refused("document_required", message=_l(
            "The document number is at most %(n)d characters.", n=TEXT))
    return text


def _document_free(referral_id: int, number: str | None) -> None:
    if number and db.session.scalar(select(Payment.id).where(
            Payment.referral_id == referral_id, Payment.document_number == number)):
        raise Refused("document_used")


def _subsidy_month(referral: Referral, month: date | None, amount: int) -> tuple[date, int]:
    """The month a wage subsidy pays and its round, once the rules of a month allow it."""
    if month is None:
        raise Refused("month_required")
    month = money.month_start(month)
    contract = queries.contract_of(referral.id)
    if contract is None:
        raise Refused("no_contract")
    if not money.month_within(month, contract.starts_on, contract.ends_on):
        raise Refused("month_outside_contract")
    if queries.live_month_payment(referral.id, month) is not None:
        raise Refused("month_paid")
    sheet = queries.timesheet_of(contract.id, month)
    if sheet is None:
        raise Refused("no_timesheet")
    if amount != sheet.subsidy_kzt:
        raise Refused("amount_not_subsidy", message=_l(
            "The amount is not the month's subsidy by its timesheet: %(amount)s tenge.",
            amount=f"{sheet.subsidy_kzt:,}".replace(",", " ")))
    return month, queries.month_rounds(referral.id, month)


def _place(referral: Referral) -> dict:
    person = referral.person
    return {"measure_code": referral.measure_code, "region_id": person.district.region_id,
            "district_id": person.district_id}


def savepoint():
    in_transaction(db.session)
    return db.session.begin_nested()


def _store(payment: Payment, code_if_taken: str) -> Payment:
    """Flush the payment; a constraint that another request won first is its refusal."""
    try:
        with savepoint():  # (rolled back, it takes the payment out of the session again)
            db.session.add(payment)
            db.session.flush()
    except IntegrityError as error:
        text = str(error.orig).lower()
        if "document" in text:
            raise Refused("document_used") from None
        raise Refused(code_if_taken) from None
    return payment


def record_payment(referral: Referral, user: User, *, amount, paid_on: date | None,
                   document_number: str | None, today: date, kind: str | None = None,
                   month: date | None = None, source: str = "form") -> Payment:
    """Money paid on a referral: whole tenge above zero, on a referral that took place, not
    in the future, once per document number; a wage subsidy for one month of the contract,
    by that month's timesheet, once."""
    kinds = queries.payment_kinds(referral.measure)
    if not kinds:
        raise Refused("pays_nothing")
    if referral.status not in queries.PAYABLE_STATUSES:
        raise Refused("not_payable")
    _may_pay(referral, user)
    kind = kind or kinds[0]
    if kind not in kinds:
        raise Refused("kind_not_of_measure")
    amount = whole_tenge(amount)
    referred = queries.referred_on(referral)
    _check_day(paid_on, referred, today, "paid_before_referral", _l(
        "The payment date cannot be before the day the person was referred (%(date)s).",
        date=referred.strftime("%d.%m.%Y")))
    number = _document(document_number, required=True)
    round_ = None
    if kind == "wage_subsidy":
        month, round_ = _subsidy_month(referral, month, amount)
    else:
        month = None
    _document_free(referral.id, number)
    status = totals.status_for_payment(referral)  # (under the allocation's lock)
    if status not in queries.PAYABLE_STATUSES:
        raise Refused("not_payable")
    commitments.check_payment(referral, amount, status)
    payment = _store(Payment(
        referral_id=referral.id, kind=kind, amount_kzt=amount, paid_on=paid_on,
        document_number=number, month=month, month_round=round_, source=source,
        entered_by_id=user.id, **_place(referral)), "month_paid")
    totals.paid(referral, amount, status)
    audit.record("payment.record", "payment", payment.id, user=user)
    return payment


def reverse_payment(payment: Payment, user: User, *, reason: str | None, paid_on: date | None,
                    today: date, document_number: str | None = None,
                    source: str = "form") -> Payment:
    """Take a payment back: the opposite amount, dated, with a reason; a payment is reversed
    at most once and a reversal never."""
    referral = payment.referral
    _may_pay(referral, user)
    if payment.reverses_id is not None:
        raise Refused("reversal_of_reversal")
    if db.session.scalar(select(Payment.id).where(Payment.reverses_id == payment.id)):
        raise Refused("already_reversed")
    text = (reason or "").strip()
    if not text:
        raise Refused("reason_missing")
    _check_day(paid_on, payment.paid_on, today, "reversal_before_payment")
    number = _document(document_number, required=False)
    _document_free(referral.id, number)
    status = totals.status_for_payment(referral)
    reversal = _store(Payment(
        referral_id=referral.id, kind=payment.kind, amount_kzt=-payment.amount_kzt,
        paid_on=paid_on, document_number=number, month=payment.month, reverses_id=payment.id,
        reason=text[:1000], source=source, entered_by_id=user.id, **_place(referral)),
        "already_reversed")
    totals.paid(referral, reversal.amount_kzt, status)
    audit.record("payment.reverse", "payment", reversal.id, user=user)
    return reversal


# --- subsidised jobs -------------------------------------------------------------------------

def _subsidised(referral: Referral) -> None:
    if referral.measure.kind not in money.SUBSIDISED_KINDS:
        raise Refused("not_subsidised")


def subsidy(contract: Contract, referral: Referral, month: date, days: int) -> tuple[int, int]:
    """(working days, subsidy) of a month of the contract: min(share x wage, the cap at the
    month's MCI) x days worked / working days, in whole tenge."""
    benefit = queries.benefit_of(referral)
    index = len(money.months_of(contract.starts_on, month)) - 1  # 0: the contract's first
    working = queries.working_days(month.year, month.month)
    cap = money.subsidy_cap(benefit, queries.mci_on(month))
    return working, money.month_subsidy(contract.monthly_wage_kzt,
                                        money.subsidy_share(benefit, index), cap, days, working)


def save_contract(referral: Referral, user: User, *, position: str | None,
                  starts_on: date | None, ends_on: date | None, monthly_wage_kzt,
                  version: int | None = None) -> Contract:
    """The employer's contract of a subsidised job, made or changed until its first payment;
    the timesheets already entered are worked out again at the new wage."""
    _subsidised(referral)
    if referral.status not in queries.PAYABLE_STATUSES:
        raise Refused("not_payable")
    text = (position or "").strip()
    if not text:
        raise Refused("contract_dates", message=_l("Enter the position."), field="position")
    wage = whole_tenge(monthly_wage_kzt, "wage_not_positive")
    if starts_on is None or ends_on is None:
        raise Refused("contract_dates", message=_l("Enter the contract's first and last day."))
    if ends_on < starts_on:
        raise Refused("contract_dates")
    most = queries.benefit_of(referral).max_months
    if most is not None and len(money.months_of(starts_on, ends_on)) > most:
        raise Refused("contract_too_long", message=_l(
            "The contract is longer than the measure allows: at most %(n)d months.", n=most))
    contract = queries.contract_of(referral.id)
    if contract is not None:
        if queries.has_payments(referral.id):
            raise Refused("contract_paid")
        if version is not None and version != contract.version:
            raise Refused("stale")
        if any(not money.month_within(t.month, starts_on, ends_on) for t in contract.timesheets):
            raise Refused("timesheets_outside")
    else:
        contract = Contract(referral_id=referral.id)
        db.session.add(contract)
    contract.position, contract.starts_on, contract.ends_on = text[:200], starts_on, ends_on
    contract.monthly_wage_kzt, contract.entered_by_id = wage, user.id
    for sheet in contract.timesheets:
        sheet.working_days, sheet.subsidy_kzt = subsidy(contract, referral, sheet.month,
                                                        sheet.days_worked)
    try:
        with savepoint():
            db.session.flush()
    except IntegrityError:  # another request made the contract first
        raise Refused("stale") from None
    audit.record("contract.save", "contract", contract.id, user=user)
    return contract


def record_timesheet(referral: Referral, user: User, *, month: date | None, days_worked,
                     today: date) -> Timesheet:
    """Days worked in a month of the contract (a month not yet paid: entered again, it is
    corrected), and the subsidy they give."""
    _subsidised(referral)
    contract = queries.contract_of(referral.id)
    if contract is None:
        raise Refused("no_contract")
    if month is None:
        raise Refused("month_required", message=_l("Choose the month."))
    month = money.month_start(month)
    if month > today:
        raise Refused("month_in_future")
    if not money.month_within(month, contract.starts_on, contract.ends_on):
        raise Refused("month_outside_contract")
    if isinstance(days_worked, bool) or not isinstance(days_worked, int) or days_worked < 0:
        raise Refused("days_invalid")
    working = queries.working_days(month.year, month.month)
    if days_worked > working:
        raise Refused("too_many_days", message=_l(
            "More days worked than the month has working days: %(n)d.", n=working))
    if queries.live_month_payment(referral.id, month) is not None:
        raise Refused("month_paid")
    working, amount = subsidy(contract, referral, month, days_worked)
    sheet = queries.timesheet_of(contract.id, month)
    if sheet is None:
        sheet = Timesheet(contract_id=contract.id, month=month)
        db.session.add(sheet)
    sheet.days_worked, sheet.working_days, sheet.subsidy_kzt = days_worked, working, amount
    sheet.entered_by_id = user.id
    try:
        with savepoint():
            db.session.flush()
    except IntegrityError:  # the same month entered by someone else at the same moment
        raise Refused("busy") from None
    audit.record("timesheet.record", "timesheet", sheet.id, user=user)
    return sheet
