"""A caseworker refers a young graduate to youth practice, issues the letter, opens the PDF,
and the letter's public verification page says it is genuine; then a supervisor reassigns the
case and the new caseworker sees it with its handover summary."""
import re
from datetime import date

import pytest

from tests import factories as f
from tests.e2e.conftest import axe_violations, kyzylorda_world, log_in, screenshot

pytestmark = pytest.mark.once


@pytest.fixture
def world(app):
    def build(district, worker, today):
        f.user("caseworker2.kyzylorda", "caseworker", district)
        f.user("supervisor.kyzylorda", "supervisor", district)
        person = f.person(district, last="Серікова", first="Айгерім", patronymic="Маратқызы",
                          sex="F", born=date(today.year - 24, 3, 10),
                          graduation_year=today.year - 1, experience_months=0,
                          education_level="higher", caseworker_id=worker.id)
        f.provider(district.region_id, name="ТОО «Арал Балық»")
        return person.id

    return kyzylorda_world(app, "caseworker.kyzylorda", build)


def test_refer_issue_letter_verify_and_hand_over(live_server, page, world):
    log_in(page, live_server, "caseworker.kyzylorda", english=True)
    page.goto(f"{live_server}/people/{world}")
    youth = page.get_by_role("region", name="Measures").get_by_role("group").filter(
        has_text="Youth practice (internship)")
    youth.get_by_role("link", name="Refer").click()
    page.get_by_label("Comment").fill("Хочет работать в акимате")
    page.get_by_role("button", name="Record the referral").click()
    page.wait_for_url(re.compile(r"/referrals/\d+$"))
    # proposed without a provider: the letter needs one, chosen on the referral's page
    page.get_by_role("button", name="Issue the letter").last.click()
    assert page.get_by_text("Choose the provider first").is_visible()
    page.get_by_label("Provider").select_option(label="ТОО «Арал Балық»")
    page.get_by_role("button", name="Choose this provider").click()
    assert page.get_by_text("The provider is saved.").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Issue the letter").last.click()
    page.wait_for_url(re.compile(r"/referrals/\d+$"))
    assert page.get_by_text("Referred", exact=True).first.is_visible()
    code = page.locator(".font-monospace").first.inner_text()
    screenshot(page, "referral-referred")
    assert axe_violations(page) == []
    with page.expect_response(re.compile(r"/letter\.pdf$")) as pdf:
        page.get_by_role("link", name="Open the letter (PDF)").click()
    assert pdf.value.headers["content-type"] == "application/pdf"
    page.goto(f"{live_server}/verify/{code}")
    assert page.get_by_text("Genuine letter.").is_visible()
    assert "Серікова" not in page.content()
    screenshot(page, "verify-genuine")

    log_in(page, live_server, "supervisor.kyzylorda", english=True)
    page.goto(live_server + "/reassign")
    every = page.get_by_label("Tick every person listed")
    every.check()  # with the script, one tick for all, and undone
    assert page.get_by_label(re.compile("Серікова Айгерім")).is_checked()
    every.uncheck()
    page.get_by_label(re.compile("Серікова Айгерім")).check()
    page.get_by_label("New caseworker").select_option(label="Test caseworker2.kyzylorda")
    page.get_by_role("button", name="Reassign").click()
    assert page.get_by_text("1 person(s) reassigned").is_visible()

    log_in(page, live_server, "caseworker2.kyzylorda", english=True)
    page.get_by_role("link", name=re.compile("Серікова Айгерім")).click()
    summary = page.get_by_role("region", name="Handover summary")
    assert summary.is_visible() and "Youth practice" in summary.inner_text()
    screenshot(page, "handover-summary")
