"""What the database itself guarantees about money, whatever a door checked before: a payment
is reversed at most once, a month is paid once, amounts are never zero, a reversal is negative
and has a reason, a month has one timesheet within its working days. Run on SQLite and on
PostgreSQL (CASEWORKER_TEST_TARGET=postgresql)."""
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from caseworker.extensions import db
from caseworker.models import Contract, Payment, Timesheet
from caseworker.payments import operations, queries
from caseworker.refusals import Refused
from tests import factories as f
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, TODAY, referral, request_ctx, staff, subsidised_job, today)

MARCH = date(2026, 3, 1)


@pytest.fixture
def paid(request_ctx):  # noqa: F811
    """A public works job with March's timesheet and its subsidy paid."""
    district = f.districts_of(KYZYLORDA)[0]
    finance = staff(district)["finance"]
    job = subsidised_job(f.person(district), finance, measure="public_works", wage=80_000)
    operations.record_timesheet(job, finance, month=MARCH, days_worked=18, today=TODAY)
    payment = operations.record_payment(job, finance, amount=80_000, paid_on=date(2026, 4, 10),
                                        document_number="P-1", month=MARCH, today=TODAY)
    return {"job": job, "finance": finance, "payment": payment, "district": district}


def row(paid, **values) -> Payment:
    job = paid["job"]
    return Payment(**({"referral_id": job.id, "kind": "wage_subsidy", "amount_kzt": 1,
                       "paid_on": TODAY, "measure_code": job.measure_code,
                       "region_id": paid["district"].region_id,
                       "district_id": paid["district"].id} | values))


def refused_by_database(made) -> None:
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():  # (rolled back, it takes the row out of the session)
            db.session.add(made)
            db.session.flush()


def test_a_payment_is_reversed_at_most_once(paid):
    first = row(paid, amount_kzt=-80_000, reverses_id=paid["payment"].id, reason="a")
    db.session.add(first)
    db.session.flush()
    refused_by_database(row(paid, amount_kzt=-80_000, reverses_id=paid["payment"].id,
                            reason="b"))


def test_a_month_is_paid_once_per_round(paid):
    refused_by_database(row(paid, month=MARCH, month_round=0, document_number="P-2"))


@pytest.mark.parametrize("values", [
    {"amount_kzt": 0}, {"amount_kzt": -5}, {"amount_kzt": 5, "reason": "x", "reverses_id": -1},
    {"amount_kzt": -5, "reverses_id": "payment"}])
def test_amounts_and_reversals_are_checked(paid, values):
    if values.get("reverses_id") == "payment":
        values = values | {"reverses_id": paid["payment"].id}  # a reversal without a reason
    elif values.get("reverses_id") == -1:
        values = values | {"reverses_id": paid["payment"].id}  # positive "reversal"
    refused_by_database(row(paid, **values))


def test_one_timesheet_a_month_within_its_working_days(paid):
    contract = queries.contract_of(paid["job"].id)
    refused_by_database(Timesheet(contract_id=contract.id, month=MARCH, days_worked=1,
                                  working_days=22, subsidy_kzt=1))
    refused_by_database(Timesheet(contract_id=contract.id, month=date(2026, 4, 1),
                                  days_worked=23, working_days=22, subsidy_kzt=1))
    refused_by_database(Contract(referral_id=paid["job"].id, position="x",
                                 starts_on=MARCH, ends_on=MARCH, monthly_wage_kzt=1))


def test_a_month_paid_by_someone_else_meanwhile_is_refused_not_stored_twice(paid,
                                                                             monkeypatch):
    """Two people pay March at the same moment: both read "not paid, no payment before" and
    pass the checks; the database keeps one, and the other is told the month is paid."""
    monkeypatch.setattr(queries, "live_month_payment", lambda *_: None)
    monkeypatch.setattr(queries, "month_rounds", lambda *_: 0)
    with pytest.raises(Refused) as caught:
        operations.record_payment(paid["job"], paid["finance"], amount=80_000, paid_on=TODAY,
                                  document_number="P-2", month=MARCH, today=TODAY)
    assert caught.value.code == "month_paid"
    assert len(queries.payments_of(paid["job"].id)) == 1


def test_a_document_number_recorded_meanwhile_is_refused(paid, monkeypatch):
    grant = referral(paid["job"].person, "state_grant", "started")
    operations.record_payment(grant, paid["finance"], amount=5, paid_on=TODAY,
                              document_number="G-1", today=TODAY)
    monkeypatch.setattr(operations, "_document_free", lambda *_: None)
    with pytest.raises(Refused) as caught:
        operations.record_payment(grant, paid["finance"], amount=6, paid_on=TODAY,
                                  document_number="G-1", today=TODAY)
    assert caught.value.code == "document_used"
