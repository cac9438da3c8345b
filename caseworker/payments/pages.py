"""Helpers behind the money pages: the forms with their choices and defaults, what the
referral's money page shows, and the rows of the payments export."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseworker import clock, labels, policy
from caseworker.domain import money
from caseworker.domain.names import full_name
from caseworker.extensions import db
from caseworker.models import District, Letter, Measure, Referral, User
from caseworker.options import options
from caseworker.payments import queries
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments.forms import (
    CommitmentForm, ContractForm, FilterForm, PaymentForm, TimesheetForm)
from caseworker.territories import queries as territories

PAYMENT_KINDS = {
    "grant": _l("Grant paid out"),
    "microcredit": _l("Microcredit issued"),
    "wage_subsidy": _l("Wage subsidy for a month"),
    "course_fee": _l("Course fee"),
    "allowance": _l("Allowance"),
}


def kind_label(code: str | None) -> str:
    return labels.label(PAYMENT_KINDS, code)


def payment_form(referral: Referral) -> PaymentForm:
    form = PaymentForm()
    form.kind.choices = options([(k, kind_label(k))
                                 for k in queries.payment_kinds(referral.measure)])
    if not form.is_submitted():
        form.paid_on.data = clock.today()
    return form


def contract_form(contract) -> ContractForm:
    form = ContractForm(obj=contract) if contract else ContractForm()
    if contract:
        form.version.data = str(contract.version)
    return form


def money_page(referral: Referral, user: User, **forms) -> dict:
    """Everything the referral's money page shows, and the forms the user may send."""
    state = queries.money_of(referral)
    subsidised = referral.measure.kind in money.SUBSIDISED_KINDS
    payable = referral.status in queries.PAYABLE_STATUSES and bool(
        queries.payment_kinds(referral.measure))
    records = policy.can(user, "payment.record") and payable
    keeps_sheets = policy.can(user, "timesheet.record") and subsidised and payable
    letters = db.session.scalars(select(Letter).where(Letter.referral_id == referral.id)
                                 .order_by(Letter.id)).all()
    return {
        "referral": referral, "money": state, "subsidised": subsidised, "payable": payable,
        "letters": letters,
        "sees_person": policy.can(user, "person.view", referral.person),
        "approved_by_user": policy.can(user, "payment.record")
        and queries.approved_by(referral.id, user),
        "payment_form": forms.get("payment_form") or (payment_form(referral) if records
                                                      else None),
        "contract_form": forms.get("contract_form") or (
            contract_form(state.contract) if keeps_sheets and not state.payments else None),
        "timesheet_form": forms.get("timesheet_form") or (
            TimesheetForm(prefix="sheet") if keeps_sheets and state.contract else None),
        "may_reverse": policy.can(user, "payment.record"),
        "commitment_form": forms.get("commitment_form") or (
            CommitmentForm(prefix="commitment") if policy.can(user, "commitment.raise")
            and referral.status in OPEN_STATUSES and queries.payment_kinds(referral.measure)
            else None),
        "commitment_changes": queries.commitment_changes(referral.id),
        "timesheets": _timesheets(state),
    }


def _timesheets(state: queries.Money) -> list[dict]:
    if state.contract is None:
        return []
    paid = state.paid_months
    return [{"sheet": t, "paid": t.month in paid} for t in state.contract.timesheets]


# --- the district's payments ----------------------------------------------------------------

def filter_form(user: User) -> tuple[FilterForm, queries.Filters]:
    """The list's filters, with the districts the user may choose (an officer: the region's;
    a district's staff: their own only), and the Filters they give."""
    form = FilterForm(formdata=request.args)
    if policy.money_scope(user) == "region":
        districts = db.session.scalars(select(District).where(
            District.region_id == user.region_id).order_by(District.kato)).all()
    else:
        districts = []
    form.district.choices = options([("", "—")] + [(str(d.id), d.name) for d in districts])
    measures = db.session.scalars(select(Measure).order_by(Measure.code)).all()
    form.measure.choices = options([("", "—")] + [
        (m.code, m.name) for m in measures if queries.payment_kinds(m)])
    form.kind.choices = options([("", "—")] + [(k, kind_label(k)) for k in PAYMENT_KINDS])
    form.validate()
    valid = {f.name: (f.data if not f.errors else None) for f in form}
    district = valid["district"]
    return form, queries.Filters(
        district_id=int(district) if district and district.isdigit() and any(
            str(d.id) == district for d in districts) else None,
        measure_code=valid["measure"] or "", kind=valid["kind"] or "",
        date_from=valid["date_from"], date_to=valid["date_to"])


def filter_args(form: FilterForm) -> dict:
    """The filters as query arguments, for the export links and the next page."""
    return {f.name: f.raw_data[0] for f in form if f.raw_data and f.raw_data[0]}


SOURCES = {"form": _l("On the page"), "api": _l("Through the API"),
           "import": _l("Bank or treasury file")}
EXPORT_COLUMNS = (_l("Date paid"), _l("Region"), _l("District"), _l("District KATO code"),
                  _l("Letter number"), _l("Person"), _l("Measure"), _l("Payment"),
                  _l("Month of the subsidy"), _l("Document number"), _l("Amount, tenge"),
                  _l("Reverses payment"), _l("Reason"), _l("How it was entered"), _l("Entered on"),
                  _l("Payment id"))
AMOUNT_COLUMN = 10  # (from 0: "Amount, tenge")


def export_header() -> list[str]:
    return [str(column) for column in EXPORT_COLUMNS]


def export_rows(stmt):
    """The rows of the export, read in batches while the file is written: the region and the
    district that paid, with their names and code on the day paid (a district renamed or
    moved to another region since is shown as it was then); the measures' names and the
    territories read once, in the reader's language."""
    names = {m.code: m.name for m in db.session.scalars(select(Measure))}
    places = territories.Gazetteer()
    for payment, last, first, patronymic, letter in db.session.execute(
            stmt.execution_options(yield_per=1000)):
        kato, district, region = places.district_on(payment.district_id, payment.paid_on)
        yield [payment.paid_on, region, district, kato, letter or "",
               full_name(last, first, patronymic),
               names.get(payment.measure_code, payment.measure_code), kind_label(payment.kind),
               payment.month.strftime("%Y-%m") if payment.month else "",
               payment.document_number or "", payment.amount_kzt, payment.reverses_id or "",
               payment.reason or "", labels.label(SOURCES, payment.source),
               clock.local(payment.entered_at).date(), payment.id]


def allocation_funds(rows) -> dict[int, dict]:
    """Allocation id -> its money for the allocation page: allocated, committed by open
    referrals, paid, left, and the bar's parts in per cent of the allocation (paid, then
    committed and not paid yet; the rest is left), in two statements for the whole page. An
    allocation of no funds limits places only: nothing of it is left or overspent."""
    funds = queries.funds_by_allocation([row.allocation for row in rows])
    shown = {}
    for allocation_id, f in funds.items():
        whole = max(f.allocated, f.paid + f.unpaid, 1)
        paid_w, unpaid_w = (round(100 * part / whole, 2) for part in (f.paid, f.unpaid))
        shown[allocation_id] = {"funds": f, "paid_w": paid_w, "unpaid_w": unpaid_w,
                                "unpaid_x": paid_w, "over": f.allocated > 0 and f.left < 0}
    return shown
