"""The operations of money: payments and their refusals, reversals, contracts and timesheets of
subsidised jobs, and the rule that a supervisor never pays what they approved."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from caseworker.domain import money
from caseworker.extensions import db
from caseworker.models import AuditEvent, Payment
from caseworker.payments import operations, queries
from caseworker.payments.operations import record_payment, record_timesheet, reverse_payment
from caseworker.refusals import Refused
from tests import factories as f
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, TODAY, referral, request_ctx, staff, subsidised_job, today)

GRANT_DAY = date(2026, 3, 2)


@pytest.fixture
def world(request_ctx):  # noqa: F811
    district = f.districts_of(KYZYLORDA)[0]
    users = staff(district)
    return {"district": district, "person": f.person(district), **users}


def pay(ref, user, amount=1_729_600, paid_on=GRANT_DAY, number="PP-1", **kw):
    return record_payment(ref, user, amount=amount, paid_on=paid_on, document_number=number,
                          today=TODAY, **kw)


def refused(code: str, call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.code
    return caught.value


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Payment))


def test_a_grant_paid_out_is_recorded_where_the_person_is_with_an_audit(world):
    grant = referral(world["person"], "state_grant", "completed", amount=1_729_600)
    payment = pay(grant, world["finance"], amount=Decimal("1729600"))
    assert (payment.kind, payment.amount_kzt, payment.paid_on) == ("grant", 1_729_600, GRANT_DAY)
    assert payment.district_id == world["district"].id
    assert payment.region_id == world["district"].region_id
    assert payment.entered_by_id == world["finance"].id and payment.entered_at is not None
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.record_id == str(payment.id))) == "payment.record"
    state = queries.money_of(grant)
    assert (state.commitment, state.paid, state.balance) == (1_729_600, 1_729_600, 0)


@pytest.mark.parametrize("amount, code", [
    (0, "amount_not_positive"), (-5, "amount_not_positive"), ("1000.50", "fraction_of_tenge"),
    (Decimal("0.4"), "fraction_of_tenge"), (10**11, "amount_too_large"),
    ("NaN", "amount_not_positive")])
def test_an_amount_that_is_not_whole_tenge_above_zero_is_refused(world, amount, code):
    grant = referral(world["person"], "state_grant", "completed")
    assert refused(code, pay, grant, world["finance"], amount=amount).field == "amount_kzt"
    assert count() == 0


@pytest.mark.parametrize("status", ["proposed", "approved", "cancelled", "rejected",
                                    "declined"])
def test_no_payment_on_a_referral_that_did_not_take_place(world, status):
    grant = referral(world["person"], "state_grant", status)
    refused("not_payable", pay, grant, world["finance"])
    assert count() == 0


def test_dates_documents_and_measures_that_pay_nothing(world):
    grant = referral(world["person"], "state_grant", "started")
    refused("paid_in_future", pay, grant, world["finance"], paid_on=date(2026, 11, 28))
    refused("paid_before_referral", pay, grant, world["finance"], paid_on=date(2025, 12, 31))
    refused("document_required", pay, grant, world["finance"], number="  ")
    refused("kind_not_of_measure", pay, grant, world["finance"], kind="microcredit")
    pay(grant, world["finance"], amount=100)
    refused("document_used", pay, grant, world["finance"], amount=200)
    course = referral(world["person"], "bastau_business", "completed")
    refused("pays_nothing", pay, course, world["finance"])
    assert count() == 1


def test_a_supervisor_pays_but_never_what_they_approved(world):
    other_supervisor = f.user("supervisor.b", "supervisor", world["district"])
    grant = referral(world["person"], "state_grant", "started", amount=5_000_000,
                     approved_by=world["supervisor"])
    error = refused("approved_by_you", pay, grant, world["supervisor"])
    assert error.status == 403 and "You approved this referral" in str(error.message)
    assert pay(grant, other_supervisor).amount_kzt > 0
    assert reverse_payment(pay(grant, world["finance"], number="PP-2"), world["finance"],
                           reason="двойной платёж", paid_on=TODAY, today=TODAY)
    payment = db.session.scalars(select(Payment).where(Payment.document_number == "PP-1")).one()
    refused("approved_by_you", reverse_payment, payment, world["supervisor"], reason="x",
            paid_on=TODAY, today=TODAY)


def test_a_reversal_takes_a_payment_back_once_with_a_reason(world):
    grant = referral(world["person"], "state_grant", "completed", amount=1_729_600)
    payment = pay(grant, world["finance"])
    refused("reason_missing", reverse_payment, payment, world["finance"], reason=" ",
            paid_on=TODAY, today=TODAY)
    refused("reversal_before_payment", reverse_payment, payment, world["finance"],
            reason="ошибка", paid_on=date(2026, 3, 1), today=TODAY)
    reversal = reverse_payment(payment, world["finance"], reason="ошибка в сумме",
                               paid_on=date(2026, 3, 3), today=TODAY)
    assert (reversal.amount_kzt, reversal.reverses_id, reversal.reason) == (
        -1_729_600, payment.id, "ошибка в сумме")
    refused("already_reversed", reverse_payment, payment, world["finance"], reason="ещё раз",
            paid_on=TODAY, today=TODAY)
    refused("reversal_of_reversal", reverse_payment, reversal, world["finance"], reason="нет",
            paid_on=TODAY, today=TODAY)
    assert queries.money_of(grant).paid == 0
    pay(grant, world["finance"], number="PP-1-bis")
    assert queries.money_of(grant).balance == 0


def test_a_subsidised_job_is_paid_month_by_month_by_its_timesheets(world):
    job = subsidised_job(world["person"], world["finance"], wage=100_000)
    march = date(2026, 3, 1)  # 18 working days: 9 and 23-25 March are off
    refused("no_timesheet", pay, job, world["finance"], amount=100_000, month=march)
    sheet = record_timesheet(job, world["finance"], month=date(2026, 3, 17), days_worked=11,
                             today=TODAY)
    assert (sheet.month, sheet.working_days, sheet.subsidy_kzt) == (march, 18, 61_111)
    # entered again before it is paid: corrected
    sheet = record_timesheet(job, world["finance"], month=march, days_worked=10, today=TODAY)
    assert sheet.subsidy_kzt == 55_556  # 100 000 x 10 / 18 = 55 555.6, half up
    refused("month_required", pay, job, world["finance"], amount=45_455)
    error = refused("amount_not_subsidy", pay, job, world["finance"], amount=55_000,
                    month=march)
    assert "55 556" in str(error.message)
    payment = pay(job, world["finance"], amount=55_556, month=march, paid_on=date(2026, 4, 10))
    assert (payment.kind, payment.month, payment.month_round) == ("wage_subsidy", march, 0)
    refused("month_paid", pay, job, world["finance"], amount=55_556, month=march, number="PP-2")
    refused("month_paid", record_timesheet, job, world["finance"], month=march, days_worked=9,
            today=TODAY)
    # a correction: reverse, correct the timesheet, pay again (the month's second round)
    reverse_payment(payment, world["finance"], reason="табель исправлен", paid_on=TODAY,
                    today=TODAY)
    record_timesheet(job, world["finance"], month=march, days_worked=12, today=TODAY)
    again = pay(job, world["finance"], amount=66_667, month=march, number="PP-3")
    assert again.month_round == 1
    assert queries.money_of(job).paid == 66_667


def test_the_cap_of_the_month_uses_that_month_mci(world):
    # youth practice: at most 30 MCI a month; 2025's MCI was 3 932, 2026's 4 325
    job = subsidised_job(world["person"], world["finance"], starts=date(2025, 12, 1),
                         ends=date(2026, 5, 31), wage=500_000)
    december = record_timesheet(job, world["finance"], month=date(2025, 12, 1), days_worked=22,
                                today=TODAY)
    january = record_timesheet(job, world["finance"], month=date(2026, 1, 1), days_worked=19,
                               today=TODAY)
    assert december.subsidy_kzt == 30 * 3932 and january.subsidy_kzt == 30 * 4325


def test_timesheet_refusals(world):
    job = subsidised_job(world["person"], world["finance"], starts=date(2026, 2, 16),
                         ends=date(2026, 12, 15))
    sheet = record_timesheet
    refused("month_outside_contract", sheet, job, world["finance"], month=date(2026, 1, 1),
            days_worked=5, today=TODAY)
    refused("month_in_future", sheet, job, world["finance"], month=date(2026, 12, 1),
            days_worked=5, today=TODAY)
    error = refused("too_many_days", sheet, job, world["finance"], month=date(2026, 2, 1),
                    days_worked=21, today=TODAY)
    assert "20" in str(error.message)
    refused("days_invalid", sheet, job, world["finance"], month=date(2026, 2, 1),
            days_worked=-1, today=TODAY)
    grant = referral(world["person"], "state_grant", "started")
    refused("not_subsidised", sheet, grant, world["finance"], month=date(2026, 2, 1),
            days_worked=5, today=TODAY)
    bare = referral(world["person"], "public_works", "started")
    refused("no_contract", sheet, bare, world["finance"], month=date(2026, 2, 1),
            days_worked=5, today=TODAY)


def test_a_payment_for_a_month_after_the_contract_ended_is_refused(world):
    job = subsidised_job(world["person"], world["finance"], starts=date(2026, 1, 12),
                         ends=date(2026, 6, 30), wage=100_000)
    refused("month_outside_contract", pay, job, world["finance"], amount=100_000,
            month=date(2026, 7, 1))
    # paid after the contract ended, for a month within it: fine
    record_timesheet(job, world["finance"], month=date(2026, 6, 1), days_worked=22,
                     today=TODAY)
    assert pay(job, world["finance"], amount=100_000, month=date(2026, 6, 1),
               paid_on=date(2026, 8, 20)).amount_kzt == 100_000


def test_a_contract_is_for_subsidised_jobs_and_changes_until_its_first_payment(world):
    save = operations.save_contract
    grant = referral(world["person"], "state_grant", "started")
    refused("not_subsidised", save, grant, world["finance"], position="x",
            starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), monthly_wage_kzt=1)
    job = subsidised_job(world["person"], world["finance"], wage=100_000)
    refused("contract_dates", save, job, world["finance"], position="x",
            starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 1), monthly_wage_kzt=100)
    error = refused("contract_too_long", save, job, world["finance"], position="x",
                    starts_on=date(2026, 1, 1), ends_on=date(2027, 1, 1), monthly_wage_kzt=100)
    assert "12" in str(error.message)
    refused("wage_not_positive", save, job, world["finance"], position="x",
            starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), monthly_wage_kzt=0)
    record_timesheet(job, world["finance"], month=date(2026, 3, 1), days_worked=11,
                     today=TODAY)
    refused("timesheets_outside", save, job, world["finance"], position="x",
            starts_on=date(2026, 4, 1), ends_on=date(2026, 9, 30), monthly_wage_kzt=100)
    contract = queries.contract_of(job.id)
    refused("stale", save, job, world["finance"], position="x", starts_on=date(2026, 1, 1),
            ends_on=date(2026, 9, 30), monthly_wage_kzt=100, version=contract.version + 5)
    # a new wage works the unpaid timesheets out again
    save(job, world["finance"], position="Оператор", starts_on=date(2026, 1, 12),
         ends_on=date(2026, 12, 31), monthly_wage_kzt=88_000, version=contract.version)
    assert queries.timesheet_of(contract.id, date(2026, 3, 1)).subsidy_kzt == 53_778
    pay(job, world["finance"], amount=53_778, month=date(2026, 3, 1))
    refused("contract_paid", save, job, world["finance"], position="x",
            starts_on=date(2026, 1, 12), ends_on=date(2026, 12, 31), monthly_wage_kzt=1)


def test_the_commitment_is_the_stored_amount_or_worked_out(world):
    job = subsidised_job(world["person"], world["finance"], starts=date(2026, 1, 12),
                         ends=date(2026, 6, 30), wage=500_000)
    cap = 30 * 4325
    assert queries.commitment_of(job, queries.contract_of(job.id)) == 6 * cap
    assert queries.summary(job) == (6 * cap, 0, 0)
    stored = referral(world["person"], "state_grant", "started", amount=1_000_000)
    assert queries.commitment_of(stored) == 1_000_000
    fresh = referral(world["person"], "resettlement", "started")
    world["person"].household_size = 3
    assert queries.commitment_of(fresh) == 3 * 35 * 4325
    assert money.SUBSIDISED_KINDS == ("subsidised_job", "public_works")
