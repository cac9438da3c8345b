"""Funds used are the money paid by a date: `paid_by` against a plain Python sum over generated
payments with reversals, a payment at 23:30 local time on 31 December and a district that
moved to another region; and what is left of an allocation."""
import random
from datetime import date, timedelta

import pytest

from caseworker.extensions import db
from caseworker.models import Allocation, Region
from caseworker.payments import operations, queries
from tests import factories as f
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, SHYMKENT, TODAY, referral, request_ctx, staff, today)

START = date(2025, 1, 1)


def _day(rng: random.Random, after: date) -> date:
    return after + timedelta(days=rng.randrange((TODAY - after).days + 1))


def test_paid_by_is_the_plain_sum_of_payments_by_their_local_day(request_ctx):  # noqa: F811
    rng = random.Random(22)
    kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
    old_region, new_region = kz[0].region, sh[0].region
    moving = kz[1]
    users = {d.id: staff(d, f".{i}")["finance"] for i, d in enumerate((kz[0], moving, sh[0]))}
    allocation = Allocation(measure_code="state_grant", region_id=old_region.id, year=2025,
                            places=10, funds_kzt=10**9)
    db.session.add(allocation)
    db.session.flush()
    referrals = []
    for district in (kz[0], moving, sh[0]):
        person = f.person(district)
        for code in ("state_grant", "microcredit"):
            referrals.append(referral(person, code, "started", proposed_on=START,
                                      amount=10**9, allocation_id=allocation.id
                                      if code == "state_grant" else None))
    # (paid_on, region, district, measure, allocation, amount) of every payment, as made
    made: list[tuple] = []

    def pay(ref, on: date, amount: int, number: str):
        district = ref.person.district
        payment = operations.record_payment(
            ref, users[district.id], amount=amount, paid_on=on, document_number=number,
            today=TODAY)
        made.append((on, district.region_id, district.id, ref.measure_code,
                     ref.allocation_id, amount))
        return payment

    def generate(count: int, since: date, tag: str):
        for n in range(count):
            ref = rng.choice(referrals)
            payment = pay(ref, _day(rng, since), rng.randrange(1, 500_000), f"{tag}-{n}")
            if rng.random() < 0.25:  # some are taken back, on their day or later
                back = operations.reverse_payment(
                    payment, users[ref.person.district_id], reason="возврат",
                    paid_on=_day(rng, payment.paid_on), today=TODAY)
                district = ref.person.district
                made.append((back.paid_on, district.region_id, district.id,
                             ref.measure_code, ref.allocation_id, back.amount_kzt))

    generate(60, START, "A")
    # a bank's timestamp of 18:30 UTC is 23:30 in Kazakhstan on 31 December; 19:30 UTC is the
    # next year's first half hour
    from caseworker.payments import bank_file
    late, next_year = (bank_file.local_day("2025-12-31T18:30:00Z"),
                       bank_file.local_day("2025-12-31T19:30:00+00:00"))
    assert (late, next_year) == (date(2025, 12, 31), date(2026, 1, 1))
    pay(referrals[0], late, 777_777, "NYE-1")
    pay(referrals[0], next_year, 111, "NY-1")
    # the district moves to another region: what it paid before stays the old region's
    moving.region_id = new_region.id
    for person in {r.person for r in referrals if r.person.district_id == moving.id}:
        person.region_id = new_region.id
    db.session.flush()
    db.session.expire_all()
    generate(30, date(2026, 6, 1), "B")

    days = [START - timedelta(days=1), date(2025, 6, 30), date(2025, 12, 30),
            date(2025, 12, 31), date(2026, 1, 1), date(2026, 5, 31), date(2026, 6, 1), TODAY]
    days += [_day(rng, START) for _ in range(10)]

    def plain(on: date, **where) -> int:
        keys = {"region": 1, "district": 2, "measure": 3, "allocation": 4}
        return sum(row[5] for row in made if row[0] <= on and all(
            row[keys[k]] == v for k, v in where.items()))

    for on in days:
        assert queries.paid_by(on) == plain(on), on
        for region in (old_region, new_region):
            assert queries.paid_by(on, region_id=region.id) == plain(on, region=region.id)
            for code in ("state_grant", "microcredit"):
                assert queries.paid_by(on, region_id=region.id, measure_code=code) == plain(
                    on, region=region.id, measure=code)
        for district in (kz[0], moving, sh[0]):
            assert queries.paid_by(on, district_id=district.id) == plain(
                on, district=district.id)
        assert queries.paid_by(on, allocation=allocation) == plain(on, allocation=allocation.id)
    assert queries.paid_by(date(2025, 12, 31)) - queries.paid_by(date(2025, 12, 30)) == plain(
        date(2025, 12, 31)) - plain(date(2025, 12, 30))
    assert 777_777 <= queries.paid_by(date(2025, 12, 31), region_id=old_region.id)
    assert queries.paid_by(date(2026, 12, 31), since=date(2026, 1, 1)) == (
        plain(TODAY) - plain(date(2025, 12, 31)))
    assert db.session.get(Region, old_region.id).kato == KYZYLORDA


def test_funds_left_of_an_allocation(request_ctx):  # noqa: F811
    district = f.districts_of(KYZYLORDA)[0]
    users = staff(district)
    allocation = Allocation(measure_code="state_grant", region_id=district.region_id,
                            district_id=district.id, year=2026, places=5, funds_kzt=10_000_000)
    db.session.add(allocation)
    db.session.flush()
    # each a person's own: a person has one open referral to a measure at a time
    open_one = referral(f.person(district), "state_grant", "started", amount=2_000_000,
                        allocation_id=allocation.id)
    closed = referral(f.person(district), "state_grant", "completed", amount=3_000_000,
                      allocation_id=allocation.id)
    cancelled = referral(f.person(district), "state_grant", "cancelled", amount=1_500_000,
                         allocation_id=allocation.id)
    referral(f.person(district), "state_grant", "proposed", amount=500_000,
             allocation_id=allocation.id)
    for ref, amount in ((open_one, 1_000_000), (closed, 2_800_000)):
        operations.record_payment(ref, users["finance"], amount=amount, paid_on=TODAY,
                                  document_number=f"D-{ref.id}", today=TODAY)
    funds = queries.funds_of(allocation)
    # open: 2 000 000 + 500 000 committed; closed: 2 800 000 paid; the cancelled one frees all
    assert (funds.allocated, funds.committed, funds.paid_closed) == (
        10_000_000, 2_500_000, 2_800_000)
    assert funds.left == 4_700_000
    assert cancelled.status == "cancelled"


@pytest.mark.parametrize("text, day", [
    ("2026-03-31", date(2026, 3, 31)), ("31.03.2026", date(2026, 3, 31)),
    ("31.03.2026 23:30", date(2026, 3, 31)), ("2026-03-31 23:59:59", date(2026, 3, 31)),
    ("2026-03-31T20:00:00+00:00", date(2026, 4, 1)), ("2026-02-30", None), ("31/03/2026", None),
    ("", None)])
def test_a_bank_file_date_is_a_local_day(app, text, day):
    from caseworker.payments import bank_file
    with app.app_context():
        assert bank_file.local_day(text) == day
