"""A payment never goes beyond what is left of its referral's commitment (reversals counted),
nor, on a closed referral, beyond what its allocation has left; to pay more the commitment is
raised first, through the same funds check as a new referral. The same refusal through the
page, the API and a bank file."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import (
    AuditEvent, BankImport, CommitmentChange, Measure, Payment, Referral, UnmatchedRow, User)
from caseworker.payments import commitments, queries, totals
from caseworker.payments.operations import record_payment, reverse_payment
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, TODAY, referral, request_ctx, staff, today)

PAID_ON = date(2026, 3, 2)


@pytest.fixture
def world(request_ctx):  # noqa: F811
    district = f.districts_of(KYZYLORDA)[0]
    return {"district": district, **staff(district)}


def pay(ref, user, amount, number):
    return record_payment(ref, user, amount=amount, paid_on=PAID_ON, document_number=number,
                          today=TODAY)


def refused(code: str, call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.code
    return caught.value


def agree(allocation_id: int) -> None:
    stored = db.session.execute(select(
        totals.Allocation.committed_kzt, totals.Allocation.paid_open_kzt,
        totals.Allocation.paid_closed_kzt).where(totals.Allocation.id == allocation_id)).one()
    assert tuple(stored) == totals.counted([allocation_id])[allocation_id]


def drawing(world, funds: int, amount: int | None, code: str = "state_grant",
            status: str = "started"):
    """An allocation of the district with `funds`, and a referral drawing `amount` on it."""
    district = world["district"]
    allocation = set_allocation(code, district.region_id, district.id, 2026, 5, funds)
    return allocation, referral(f.person(district), code, status, amount=amount,
                                allocation_id=allocation.id)


def raise_to(ref, user, amount, **kw):
    return commitments.raise_commitment(ref, user, amount_kzt=amount,
                                        reason=kw.pop("reason", "курс вырос"), on=TODAY, **kw)


def test_a_payment_beyond_what_is_left_is_refused_and_says_what_is_left(world):
    grant = referral(f.person(world["district"]), "state_grant", "started", amount=1_000_000)
    first = pay(grant, world["finance"], 600_000, "P-1")
    refusal = refused("over_commitment", pay, grant, world["finance"], 500_000, "P-2")
    assert refusal.field == "amount_kzt" and refusal.status == 409
    assert "400 000 tenge left" in str(refusal.message) and "raise the commitment" in str(
        refusal.message)
    reverse_payment(first, world["finance"], reason="ошибка", paid_on=TODAY, today=TODAY)
    pay(grant, world["finance"], 1_000_000, "P-3")  # the reversal gave the 600 000 back
    assert "0 tenge left" in str(refused("over_commitment", pay, grant, world["finance"], 1,
                                         "P-4").message)
    assert queries.money_of(grant).balance == 0


def test_a_referral_whose_allocation_counts_no_amount_takes_no_payment_until_raised(world):
    allocation, grant = drawing(world, 3_000_000, None)
    assert "0 tenge left" in str(refused("over_commitment", pay, grant, world["finance"], 10,
                                         "P-1").message)
    raise_to(grant, world["caseworker"], 1_000_000)
    pay(grant, world["finance"], 1_000_000, "P-2")
    agree(allocation.id)
    assert queries.funds_of(allocation).left == 2_000_000


def test_raising_within_the_funds_left_lets_the_payment_through(world):
    allocation, grant = drawing(world, 3_000_000, 1_000_000)
    pay(grant, world["finance"], 1_000_000, "P-1")
    refused("over_commitment", pay, grant, world["finance"], 200_000, "P-2")
    change = raise_to(grant, world["caseworker"], 1_200_000, reason="индексация")
    assert (change.from_kzt, change.to_kzt, change.reason) == (1_000_000, 1_200_000,
                                                               "индексация")
    assert db.session.get(Referral, grant.id).amount_kzt == 1_200_000
    assert queries.funds_of(allocation).left == 1_800_000
    pay(grant, world["finance"], 200_000, "P-2")
    agree(allocation.id)
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "referral.commitment",
        AuditEvent.record_id == str(grant.id))) is not None


def test_raising_beyond_the_funds_left_follows_the_measures_rule(world):
    _grants, grant = drawing(world, 1_100_000, 1_000_000)
    refused("no_funds_final", raise_to, grant, world["supervisor"], 1_200_000,
            override_reason="решение акимата")
    practice, job = drawing(world, 1_100_000, 1_000_000, "youth_practice")
    assert db.session.get(Measure, "youth_practice").version_on(TODAY).over_funds == "approval"
    refused("no_funds", raise_to, job, world["caseworker"], 1_200_000)
    refused("override_supervisor_only", raise_to, job, world["caseworker"], 1_200_000,
            override_reason="решение акимата")
    change = raise_to(job, world["supervisor"], 1_200_000, override_reason="решение акимата")
    assert change.override_reason == "решение акимата"
    assert queries.funds_of(practice).left == -100_000  # below zero with an approved reason
    agree(practice.id)


def test_what_a_raise_needs(world):
    person = f.person(world["district"])
    grant = referral(person, "state_grant", "started", amount=1_000_000)
    refused("commitment_reason_required", raise_to, grant, world["caseworker"], 2_000_000,
            reason="  ")
    refused("commitment_not_raised", raise_to, grant, world["caseworker"], 1_000_000)
    refused("forbidden", raise_to, grant, world["finance"], 2_000_000)
    done = referral(f.person(world["district"]), "state_grant", "completed", amount=10)
    refused("commitment_closed", raise_to, done, world["caseworker"], 2_000_000)
    assert db.session.scalar(select(func.count()).select_from(CommitmentChange)) == 0


def test_a_closed_referral_pays_no_more_than_its_allocation_has_left(world):
    """Closing freed what the referral had not paid; a late payment on it is checked
    against the funds left, so that it cannot take the allocation below zero."""
    allocation, done = drawing(world, 2_000_000, 1_000_000, status="completed")
    referral(f.person(world["district"]), "state_grant", "started", amount=1_500_000,
             allocation_id=allocation.id)
    refusal = refused("no_funds_closed", pay, done, world["finance"], 800_000, "P-1")
    assert "500 000 tenge left" in str(refusal.message)
    pay(done, world["finance"], 500_000, "P-2")
    assert queries.funds_of(allocation).left == 0
    agree(allocation.id)


# --- the doors ---------------------------------------------------------------------------

@pytest.fixture
def doors(app, today):  # noqa: F811
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        users = staff(district)
        grant = referral(f.person(district), "state_grant", "started", amount=1_000_000,
                         letter="43-2026-000201")
        record_payment(grant, users["finance"], amount=900_000, paid_on=PAID_ON,
                       document_number="P-1", today=TODAY)
        db.session.commit()
        return {"grant": grant.id, "finance": users["finance"].id}


def _payments() -> int:
    return db.session.scalar(select(func.count()).select_from(Payment))


def test_the_page_the_api_and_a_bank_file_refuse_alike(app, client, doors):
    token = csrf_from(login(client, "finance").get_data(as_text=True))
    page = client.post(f"/referrals/{doors['grant']}/money/payments", data={
        "csrf_token": token, "kind": "grant", "amount_kzt": "200 000",
        "paid_on": "2026-03-03", "document_number": "P-2"})
    assert page.status_code == 422 and "100 000 tenge left" in page.get_data(as_text=True)
    with app.app_context():
        secret = tokens.create(db.session.get(User, doors["finance"]), "test")[1]
        db.session.commit()
    api = client.post(f"/api/v1/referrals/{doors['grant']}/payments", json={
        "amount_kzt": 200_000, "paid_on": "2026-03-03", "document_number": "P-2"},
        headers={"Authorization": f"Bearer {secret}"})
    error = api.get_json()["error"]
    assert api.status_code == 409 and error["code"] == "over_commitment"
    assert "100 000 tenge left" in error["message"]
    text = ("letter_number;date;amount;document_number\n"
            "43-2026-000201;2026-03-03;50 000;P-3\n"
            "43-2026-000201;2026-03-04;60 000;P-4\n")  # the two rows together: too much
    bank = client.post("/payments/import", data={
        "csrf_token": token, "file": (io.BytesIO(text.encode()), "bank.csv")},
        content_type="multipart/form-data")
    shown = bank.get_data(as_text=True)
    assert bank.status_code == 422 and "50 000 tenge left" in shown
    with app.app_context():
        assert _payments() == 1  # all or nothing: the first row is not kept either
        kept = db.session.scalars(select(BankImport)).one()
        assert (kept.rows, kept.matched, kept.accepted, kept.file_name) == (2, 1, False,
                                                                            "bank.csv")
        row = db.session.scalars(select(UnmatchedRow)).one()
        assert (row.line, row.document_number, row.amount_kzt) == (3, "P-4", 60_000)
        assert "50 000 tenge left" in row.reason
