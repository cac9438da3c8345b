"""The work queues of the regional officer (districts that lag, indicators without a plan,
allocations nearly all committed, a closed month not frozen) and of the finance officer
(timesheets with no payment yet): counted in the one statement of the queue, in the user's
region or district only, each opening its list."""
from __future__ import annotations

import re
from datetime import date

from caseworker.casework import worklist
from caseworker.extensions import db
from caseworker.indicators.definitions import for_date
from caseworker.indicators.operations import save_plans
from caseworker.indicators.upload import Entry
from caseworker.models import Allocation, IndicatorSnapshot, User
from caseworker.payments import operations as money
from tests import factories as f
from tests import money_world as mw
from tests.conftest import login, statements_of
from tests.money_world import TODAY, request_ctx, subsidised_job, today  # noqa: F401

KYZYLORDA, SHYMKENT = "430000000", "790000000"


def officer_world() -> dict:
    kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
    region = kz[0].region_id
    year = TODAY.year
    save_plans([Entry("coverage", region, kz[0].id, year, 4),
                Entry("public_works", region, kz[0].id, year, 4),  # two lag: the district lags
                Entry("coverage", region, kz[1].id, year, 4),  # one lags: it does not
                Entry("coverage", sh[0].region_id, sh[0].id, year, 4),
                Entry("public_works", sh[0].region_id, sh[0].id, year, 4)], None)
    near = Allocation(measure_code="public_works", region_id=region, year=year, places=10,
                      funds_kzt=1000)
    far = Allocation(measure_code="social_job", region_id=region, year=year, places=10,
                     funds_kzt=1000)
    db.session.add_all([near, far])
    db.session.flush()
    person = f.person(kz[0])
    mw.referral(person, "public_works", amount=950, allocation_id=near.id)
    mw.referral(person, "social_job", amount=100, allocation_id=far.id)
    officer = f.user("ro.kz", "regional_officer", region_kato=KYZYLORDA)
    f.user("ro.sh", "regional_officer", region_kato=SHYMKENT)
    db.session.commit()
    return {"officer": officer.id, "region": region}


def test_the_officer_counts_what_waits_in_the_region(request_ctx):  # noqa: F811
    made = officer_world()
    officer = db.session.get(User, made["officer"])
    counts = worklist.counts(officer, TODAY)
    assert counts == {"lagging_districts": 1, "plans_missing": len(for_date(TODAY)) - 2,
                      "near_limit": 1, "not_frozen": 1}
    db.session.add(IndicatorSnapshot(as_of=date(2026, 10, 31), indicator_code="coverage",
                                     definition_version=1, region_id=made["region"], fact=0,
                                     units=0))
    db.session.flush()
    assert worklist.counts(officer, TODAY)["not_frozen"] == 0


def test_the_officers_home_lists_the_queue_with_links(app, client, today):  # noqa: F811
    with app.app_context():
        made = officer_world()
    login(client, "ro.kz")
    with statements_of(app) as statements:
        html = client.get("/").get_data(as_text=True)
    assert "Districts of your region that lag" in html
    assert f'href="/indicators/regions/{made["region"]}"' in html
    assert 'href="/indicators/plans"' in html and 'href="/measures/allocations"' in html
    assert 'href="/indicators/?as_of=2026-10-31"' in html
    assert len(statements) <= 30, len(statements)
    menu = html[html.index('<nav'):html.index("</nav>")]
    # four lists wait (about sixteen indicators without a plan among them): the menu says 4
    assert re.search(r'href="/">[^<]*<span class="badge[^>]*>4<', menu)
    assert re.search(r'navbar-toggler-icon"></span> <span class="badge[^>]*>4<', menu)
    top = html[html.index("dash-headline"):html.index("dash-legend")]
    assert "Kyzylorda" in top and "Lagging in:" in top  # the region's tier and weak spots first


def test_finance_counts_timesheets_not_paid_yet_in_the_district(request_ctx):  # noqa: F811
    district = f.districts_of(KYZYLORDA)[0]
    users = mw.staff(district)
    other = mw.staff(f.districts_of(SHYMKENT)[0], ".sh")
    job = subsidised_job(f.person(district), users["finance"], wage=100_000)
    march = date(2026, 3, 1)
    money.record_timesheet(job, users["finance"], month=march, days_worked=10, today=TODAY)
    assert worklist.counts(users["finance"], TODAY) == {"unpaid": 1, "bank_unmatched": 0}
    assert worklist.counts(other["finance"], TODAY) == {"unpaid": 0, "bank_unmatched": 0}
    money.record_payment(job, users["finance"], amount=55_556, month=march,
                         paid_on=date(2026, 4, 10), document_number="PP-1", today=TODAY)
    assert worklist.counts(users["finance"], TODAY) == {"unpaid": 0, "bank_unmatched": 0}
