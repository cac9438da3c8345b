"""The region's money as it is shown: the allocation page's allocated / committed / paid /
left per measure with a bar, and the region's chart of payments by month against its plan."""
from datetime import date

from caseworker.extensions import db
from caseworker.models import Allocation, IndicatorPlan
from caseworker.payments import operations
from tests import factories as f
from tests.conftest import login
from tests.money_world import KYZYLORDA, SHYMKENT, TODAY, referral, staff, today  # noqa: F401


def _world(app):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        people = staff(district)
        f.staff(ro="regional_officer", an="analyst")
        f.staff(f.districts_of(SHYMKENT)[0], ro2="regional_officer")
        allocation = Allocation(measure_code="state_grant", region_id=district.region_id,
                                year=2026, places=5, funds_kzt=10_000_000)
        db.session.add(allocation)
        db.session.add(IndicatorPlan(indicator_code="funds_used", region_id=district.region_id,
                                     year=2026, target=20_000_000))
        db.session.flush()
        open_one = referral(f.person(district), "state_grant", "started", amount=4_000_000,
                            allocation_id=allocation.id)
        closed = referral(f.person(district, last="Жабық"), "state_grant", "completed",
                          amount=3_000_000, allocation_id=allocation.id)
        for ref, amount, on, number in ((open_one, 1_500_000, date(2026, 2, 10), "P-1"),
                                        (closed, 2_000_000, date(2026, 4, 3), "P-2"),
                                        (open_one, 500_000, date(2026, 4, 20), "P-3")):
            operations.record_payment(ref, people["finance"], amount=amount, paid_on=on,
                                      document_number=number, today=TODAY)
        db.session.commit()
        return district.region_id


def test_the_allocation_page_shows_the_money_of_each_allocation_with_a_bar(app, client,
                                                                           today):  # noqa: F811
    _world(app)
    login(client, "ro")
    page = client.get("/measures/allocations?year=2026").get_data(as_text=True)
    row = page[page.index("funds-bar") - 700:page.index("funds-bar")]
    for figure in ("10,000,000", "4,000,000", "4,000,000"):  # allocated, committed, paid
        assert figure in row
    assert "4,000,000</td>" in row  # left: 10 M - 4 M committed - 2 M paid on the closed
    bar = page[page.index("funds-bar"):page.index("</svg>", page.index("funds-bar"))]
    assert 'width="40.0"' in bar and 'width="20.0"' in bar  # paid 40 %, committed unpaid 20 %
    assert "Paid 4,000,000, committed and not paid 2,000,000, left 4,000,000 tenge" in bar


def test_the_regions_money_chart_shows_payments_by_month_against_the_plan(app, client,
                                                                          today):  # noqa: F811
    region = _world(app)
    login(client, "an")  # aggregates only: the chart is for whoever reads the region
    page = client.get(f"/indicators/regions/{region}?year=2026").get_data(as_text=True)
    assert f"/indicators/charts/money/{region}.svg" in page
    svg = client.get(f"/indicators/charts/money/{region}.svg?year=2026&as_of=2026-11-27")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert "Money paid by month" in text and "plan 20,000,000" in text
    assert "February 2026: 1,500,000 ₸" in text and "April 2026: 2,500,000 ₸" in text
    assert "4,000,000 tenge" in text  # paid to date, in the description
    assert client.get("/indicators/charts/money/999999.svg").status_code == 404
    login(client, "ro2")  # an officer goes down into the own region only
    assert client.get(f"/indicators/charts/money/{region}.svg").status_code == 404
