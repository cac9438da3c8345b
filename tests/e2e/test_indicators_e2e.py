"""A regional officer reads plan against fact for a past report date, sees Kyzylorda lagging,
goes down into its districts and clicks a percentage to reach the persons behind it; the
analyst's page shows hidden cells and no link to persons. axe-core on the pages."""
import re

import pytest

from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once

Q = "year=2025&as_of=2025-06-30"


@pytest.fixture
def world(app):
    with app.app_context():
        made = f.indicators_world()
        from caseworker.extensions import db
        from caseworker.indicators.operations import save_plans
        from caseworker.indicators.upload import Entry
        # a plan in the matrix's last column too, so a status sits at its far right edge
        save_plans([Entry("funds_used", made["kz"], None, 2025, 10**6)], None)
        db.session.commit()
        return made


def test_officer_drills_from_a_percentage_to_the_people(live_server, page, world):
    log_in(page, live_server, "ro", english=True)
    page.get_by_role("link", name="Indicators", exact=True).click()
    page.wait_for_url(re.compile(r"/indicators/$"))
    page.goto(f"{live_server}/indicators/?{Q}&indicator=public_works")
    assert page.get_by_role("heading", name="Plan against fact · 2025").is_visible()
    kyzylorda = page.get_by_role("row").filter(has=page.get_by_role("rowheader",
                                                                     name="Kyzylorda Region"))
    assert kyzylorda.first.locator(".badge").inner_text() == "Lagging"
    briefing = page.get_by_role("region", name="Briefing")
    assert briefing.get_by_text("Kyzylorda Region: Youth practice 0.0%; Allocated funds used "
                                "0.0%; Public works 20.0%.").is_visible()
    assert page.get_by_role("img", name=re.compile("Execution of the plan by region")).is_visible()
    screenshot(page, "indicators-plan-against-fact")
    assert axe_violations(page) == []
    # the wide matrix scrolls inside its frame; the page itself does not scroll sideways
    page.set_viewport_size({"width": 1024, "height": 768})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.set_viewport_size({"width": 1366, "height": 768})

    # Down into the region's districts, then from a percentage to the persons behind it.
    page.get_by_role("link", name="Kyzylorda Region", exact=True).click()
    page.wait_for_url(re.compile(r"/indicators/regions/\d+\?"))
    assert page.get_by_role("heading", name="Kyzylorda Region · 2025").is_visible()
    screenshot(page, "indicators-region-districts")
    assert axe_violations(page) == []
    detail = page.get_by_role("region", name="Public works")
    detail.get_by_role("row").filter(has_text="Kyzylorda Region").get_by_role(
        "link", name="20.0%").click()
    page.wait_for_url(re.compile(r"/indicators/public_works/referrals\?"))
    assert page.get_by_text("6 persons, 6 referrals").is_visible()
    assert page.get_by_role("link", name=re.compile("Арыстанов0")).is_visible()
    assert page.get_by_text("Оңтүстікова0").count() == 0
    screenshot(page, "indicators-persons-behind")
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Арыстанов0")).click()
    page.wait_for_url(re.compile(r"/people/\d+$"))


def test_analyst_sees_hidden_cells_and_no_persons(live_server, page, world):
    log_in(page, live_server, "an", english=True)
    page.goto(f"{live_server}/indicators/?{Q}&indicator=coverage")
    detail = page.get_by_role("region", name="Coverage by employment measures")
    assert detail.get_by_role("row").filter(has_text="Shymkent").get_by_role(
        "cell", name="hidden", exact=True).is_visible()
    assert page.locator("a[href*='/referrals']").count() == 0
    assert page.get_by_text("Арыстанов").count() == 0
    screenshot(page, "indicators-analyst")
    assert axe_violations(page) == []
