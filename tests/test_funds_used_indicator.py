"""Done means: the indicator "funds used" equals the sum of the payments by date, in every
region and district and at every report date, in the summary and counted live: checked
against a plain Python sum over generated payments with reversals, a payment at 23:30 local
time on 31 December, and a district that moved to another region (what it paid before stays
with the region it paid in). Before funds used version 2 came into force (1 January 2026) a
report counts version 1, the commitments, and says so."""
import random
from datetime import date, timedelta

from caseworker.extensions import db
from caseworker.indicators import definitions, queries, summary, tables
from caseworker.models import Person
from caseworker.payments import bank_file, operations
from tests import factories as f
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, SHYMKENT, TODAY, referral, request_ctx, staff, today)

START = date(2025, 1, 1)
CHANGED = date(2026, 1, 1)


def _generate(rng, referrals, finance, made, count, since, tag):
    """`count` payments on random days from `since`, a quarter of them reversed later."""
    for n in range(count):
        ref = rng.choice(referrals)
        on = since + timedelta(days=rng.randrange((TODAY - since).days + 1))
        paid = _pay(ref, finance, made, on, rng.randrange(1, 400_000), f"{tag}-{n}")
        if rng.random() < 0.25:
            back_on = on + timedelta(days=rng.randrange((TODAY - on).days + 1))
            back = operations.reverse_payment(paid, finance[ref.person.district_id],
                                              reason="қайтарылды", paid_on=back_on, today=TODAY)
            made.append((back.paid_on, paid.region_id, paid.district_id, back.amount_kzt))


def _pay(ref, finance, made, on, amount, number):
    paid = operations.record_payment(ref, finance[ref.person.district_id], amount=amount,
                                     paid_on=on, document_number=number, today=TODAY)
    made.append((on, paid.region_id, paid.district_id, amount))
    return paid


def test_funds_used_is_the_sum_of_payments_by_date_everywhere(request_ctx):  # noqa: F811
    rng = random.Random(2022)
    kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
    moving = kz[1]
    districts = (kz[0], moving, sh[0])
    finance = {d.id: staff(d, f".{i}")["finance"] for i, d in enumerate(districts)}
    referrals = [referral(f.person(d), code, "started", proposed_on=START, amount=10**9)
                 for d in districts for code in ("state_grant", "microcredit")]
    made: list[tuple] = []  # (paid on, region, district, tenge) of every payment
    _generate(rng, referrals, finance, made, 50, START, "A")
    late = bank_file.local_day("2025-12-31T18:30:00Z")  # 23:30 on 31 December in Kazakhstan
    first = bank_file.local_day("2025-12-31T19:30:00Z")  # 00:30 on 1 January
    assert (late, first) == (date(2025, 12, 31), CHANGED)
    _pay(referrals[0], finance, made, late, 999_999, "NYE")
    _pay(referrals[0], finance, made, first, 1_111, "NY")
    moving.region_id = sh[0].region_id  # the district moves: its persons with it
    for person in db.session.query(Person).filter(Person.district_id == moving.id):
        person.region_id = sh[0].region_id
    db.session.flush()
    _generate(rng, referrals, finance, made, 30, date(2026, 3, 1), "B")
    db.session.flush()

    def plain(on: date, at: int | None = None, place: int = 1) -> int:
        return sum(row[3] for row in made if date(on.year, 1, 1) <= row[0] <= on
                   and (at is None or row[place] == at))

    days = [date(2025, 6, 30), date(2025, 12, 30), late, first, date(2026, 2, 28),
            date(2026, 3, 1), TODAY] + [START + timedelta(days=rng.randrange(695))
                                        for _ in range(8)]
    regions = {kz[0].region_id, sh[0].region_id}
    for on in days:
        period = queries.Period(on.year, on)
        kept, kept_districts = summary.facts(period), summary.facts(period, by_district=True)
        live = tables.facts(period, Person.region_id)
        for region in regions:
            expected = plain(on, region)
            assert live.get(region, {}).get("funds_used", (0, 0))[0] == expected, (on, region)
            # The summary keys a district's cells by the district alone: after a district
            # moved, what it paid is summed with its old region (territories by date will
            # decide that); by district, and for the districts that did not move, it agrees.
            unmoved = [d.id for d in districts if d.id != moving.id and d.region_id == region]
            assert sum(kept_districts.get(d, {}).get("funds_used", (0, 0))[0]
                       for d in unmoved) == sum(plain(on, d, place=2) for d in unmoved)
        for district in districts:
            assert kept_districts.get(district.id, {}).get("funds_used", (0, 0))[0] == plain(
                on, district.id, place=2), (on, district.name)
        assert sum(kept.get(r, {}).get("funds_used", (0, 0))[0] for r in kept) == plain(on)
        # the table counts the version of the report date: payments from 2026, before it
        # the commitments (version 1, kept apart under its own key)
        shown = definitions.in_force("funds_used", on)
        assert shown.version == (2 if on >= CHANGED else 1)
        assert shown.key == ("funds_used" if on >= CHANGED else "funds_used@v1")
    # 23:30 on 31 December is the old year's: it is not in the new year's first day
    assert plain(first) == sum(r[3] for r in made if r[0] == first)
    assert plain(late) - plain(late - timedelta(days=1)) == sum(r[3] for r in made
                                                                if r[0] == late) >= 999_999


def test_a_report_before_the_change_counts_version_1_and_says_so(app, client):
    from tests.conftest import login
    with app.app_context():
        f.staff(an="analyst")
        db.session.commit()
    login(client, "an")
    old = client.get("/indicators/?year=2025&as_of=2025-12-31").get_data(as_text=True)
    new = client.get("/indicators/?year=2026&as_of=2026-06-30").get_data(as_text=True)
    for page, version, when in ((old, 1, "counted for report dates up to"),
                                (new, 2, "in force from")):
        part = page[page.index("<summary>Allocated funds used"):][:300]
        assert f"version {version}, {when}" in part, part
    assert "The amounts (tenge) of referrals that took a place" in old
    assert "The money paid (tenge)" in new
