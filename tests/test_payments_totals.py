"""An allocation's running totals (committed by its open referrals, paid on them, paid on its
closed ones) are what adding up its referrals and payments gives, after every kind of write,
and stay so when payments race against one allocation, and against the closing of the
referral they pay (SQLite and PostgreSQL)."""
import random
from datetime import timedelta

import pytest

from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import Allocation, Payment, Referral, User
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import commitments, operations, queries, totals
from caseworker.referrals import operations as referrals
from caseworker.refusals import Refused
from tests import factories as f
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, TODAY, referral, request_ctx, staff, today)
from tests.referrals.conftest import at_once

THREADS = 10


def _stored(allocation_id: int) -> tuple[int, int, int]:
    a = db.session.get(Allocation, allocation_id, populate_existing=True)
    return a.committed_kzt, a.paid_open_kzt, a.paid_closed_kzt


def _agree(allocation_id: int) -> tuple[int, int, int]:
    counted = totals.counted([allocation_id])[allocation_id]
    assert _stored(allocation_id) == counted
    return counted


def test_the_totals_follow_every_write(request_ctx):  # noqa: F811
    rng = random.Random(46)
    district = f.districts_of(KYZYLORDA)[0]
    users = staff(district)
    allocation = set_allocation("state_grant", district.region_id, district.id, 2026, 50,
                                10**10)
    other = set_allocation("microcredit", district.region_id, district.id, 2026, 50, 10**10)
    made = [referral(f.person(district), code, status, amount=rng.randrange(1, 50) * 100_000,
                     allocation_id=place.id)
            for code, place in (("state_grant", allocation), ("microcredit", other))
            for status in ("started", "started", "referred", "completed", "proposed")]
    made.append(referral(f.person(district), "state_grant", "started", amount=None,
                         allocation_id=allocation.id))  # an amount not known commits nothing
    made.append(referral(f.person(district), "state_grant", "started", amount=900_000))
    payments: list[Payment] = []
    for step in range(60):
        ref = rng.choice(made)
        choice = rng.random()
        try:
            if choice < 0.5:
                payments.append(operations.record_payment(
                    ref, users["finance"], amount=rng.randrange(1, 300_000),
                    paid_on=TODAY - timedelta(days=rng.randrange(30)),
                    document_number=f"D-{step}", today=TODAY))
            elif choice < 0.75 and payments:
                back = rng.choice(payments)
                operations.reverse_payment(back, users["finance"], reason="қате", today=TODAY,
                                           paid_on=TODAY)
            elif ref.status in ("started", "referred"):
                to = {"started": rng.choice(("completed", "declined")),
                      "referred": rng.choice(("started", "cancelled"))}[ref.status]
                reason = {"declined": "found_work", "cancelled": "duplicate"}.get(to)
                referrals.transition(ref, to, TODAY, users["caseworker"], reason=reason)
        except Refused:
            continue  # a reversal of a reversed payment, a payment on a closed referral
        for place in (allocation, other):
            _agree(place.id)
    closed = {r.status for r in made} - set(OPEN_STATUSES)
    assert closed and any(p.reverses_id for p in db.session.query(Payment))  # all kinds seen
    committed, paid_open, paid_closed = _agree(allocation.id)
    funds = queries.funds_of(allocation)
    assert (funds.committed, funds.paid_open, funds.paid_closed) == (
        committed, paid_open, paid_closed)
    assert funds.left == 10**10 - committed - paid_closed


def test_recount_mends_totals_written_around_the_operations(request_ctx):  # noqa: F811
    district = f.districts_of(KYZYLORDA)[0]
    users = staff(district)
    allocation = set_allocation("state_grant", district.region_id, None, 2026, 5, 10**8)
    ref = referral(f.person(district), "state_grant", "started", amount=2_000_000,
                   allocation_id=allocation.id)
    operations.record_payment(ref, users["finance"], amount=500_000, paid_on=TODAY,
                              document_number="D-1", today=TODAY)
    db.session.execute(Allocation.__table__.update().values(committed_kzt=0, paid_open_kzt=7))
    totals.recount()
    assert _agree(allocation.id) == (2_000_000, 500_000, 0)


@pytest.fixture
def paying(app, today):  # noqa: F811
    """An allocation with referrals started on it, and a finance officer and a caseworker of
    their district, committed."""
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        users = staff(district)
        allocation = set_allocation("state_grant", district.region_id, district.id, 2026, 100,
                                    10**10)
        made = [referral(f.person(district, last=f"Төлеуов{n}"), "state_grant", "started",
                         amount=1_000_000, allocation_id=allocation.id).id
                for n in range(THREADS)]
        db.session.commit()
        return {"allocation": allocation.id, "referrals": made,
                "finance": users["finance"].id, "caseworker": users["caseworker"].id}


def test_payments_racing_against_one_allocation_all_count(app, paying):
    def pay(n):
        ref = db.session.get(Referral, paying["referrals"][n])
        return operations.record_payment(
            ref, db.session.get(User, paying["finance"]), amount=100_000 + n,
            paid_on=TODAY, document_number=f"R-{n}", today=TODAY).id

    made, refused = at_once(app, pay, range(THREADS))
    assert len(made) == THREADS and refused == []
    with app.app_context():
        paid = sum(100_000 + n for n in range(THREADS))
        assert _agree(paying["allocation"]) == (THREADS * 1_000_000, paid, 0)


def test_a_payment_racing_the_closing_of_its_referral_lands_on_its_side(app, paying):
    """Half the threads complete a referral, the other half pay on the same referrals: each
    payment counts on the open or the closed side, as its referral stood when it committed."""
    half = THREADS // 2

    def work(n):
        ref = db.session.get(Referral, paying["referrals"][n % half])
        if n < half:
            return referrals.transition(ref, "completed", TODAY,
                                        db.session.get(User, paying["caseworker"]))
        return operations.record_payment(
            ref, db.session.get(User, paying["finance"]), amount=250_000, paid_on=TODAY,
            document_number=f"C-{n}", today=TODAY).id

    made, refused = at_once(app, work, range(THREADS))
    assert len(made) == THREADS and refused == []
    with app.app_context():
        committed, paid_open, paid_closed = _agree(paying["allocation"])
        assert paid_open + paid_closed == 250_000 * half
        assert paid_open == 0  # every paid referral of the first half is completed
        assert committed == (THREADS - half) * 1_000_000


RACERS = 20


@pytest.mark.parametrize("drawn", [True, False], ids=["allocation", "no_allocation"])
def test_payments_racing_for_the_last_of_a_commitment_never_go_beyond_it(app, today, drawn):
    """20 payments of 100 000 at once on a referral with 1 000 000 of commitment left: ten
    are recorded and ten refused with what is left, whether the referral's allocation or
    (drawing on none) its own row keeps them one after another; the allocation stays at
    zero or above."""
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        users = staff(district)
        allocation = set_allocation("state_grant", district.region_id, district.id, 2026, 5,
                                    1_500_000) if drawn else None
        ref = referral(f.person(district), "state_grant", "started", amount=1_500_000,
                       allocation_id=allocation.id if allocation else None)
        operations.record_payment(ref, users["finance"], amount=500_000, paid_on=TODAY,
                                  document_number="FIRST", today=TODAY)
        db.session.commit()
        ids = {"referral": ref.id, "finance": users["finance"].id,
               "allocation": allocation.id if allocation else None}

    def pay(n):
        return operations.record_payment(
            db.session.get(Referral, ids["referral"]), db.session.get(User, ids["finance"]),
            amount=100_000, paid_on=TODAY, document_number=f"LAST-{n}", today=TODAY).id

    made, refused = at_once(app, pay, range(RACERS))
    assert len(made) == 10 and refused == ["over_commitment"] * 10
    with app.app_context():
        assert queries.money_of(db.session.get(Referral, ids["referral"])).balance == 0
        if drawn:
            assert _agree(ids["allocation"]) == (1_500_000, 1_500_000, 0)
            assert queries.funds_of(db.session.get(Allocation, ids["allocation"])).left == 0


def test_commitments_raised_at_once_never_take_the_allocation_below_zero(app, today):
    """20 referrals of one allocation each raise their commitment by 100 000 at once with
    500 000 left: five fit, fifteen are refused (a grant never goes beyond its funds)."""
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        users = staff(district)
        allocation = set_allocation("state_grant", district.region_id, district.id, 2026,
                                    RACERS, RACERS * 100_000 + 500_000)
        made = [referral(f.person(district), "state_grant", "started", amount=100_000,
                         allocation_id=allocation.id).id for _ in range(RACERS)]
        db.session.commit()
        ids = {"allocation": allocation.id, "caseworker": users["caseworker"].id}

    def rise(n):
        return commitments.raise_commitment(
            db.session.get(Referral, made[n]), db.session.get(User, ids["caseworker"]),
            amount_kzt=200_000, reason="индексация", on=TODAY).id

    raised, refused = at_once(app, rise, range(RACERS))
    assert len(raised) == 5 and refused == ["no_funds_final"] * 15
    with app.app_context():
        assert _agree(ids["allocation"]) == (RACERS * 100_000 + 500_000, 0, 0)
        assert queries.funds_of(db.session.get(Allocation, ids["allocation"])).left == 0
