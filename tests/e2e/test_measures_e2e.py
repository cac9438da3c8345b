"""A caseworker sees a young graduate marked eligible for youth practice on the profile, with
the reasons, and finds the graduate on the measure's "Who is eligible" list.

The pages are switched to English with the header button: the Russian catalogue has no
translations of the measure strings yet, so English is the stable language for these labels."""
import re
from datetime import date

import pytest

from caseworker import clock
from caseworker.extensions import db
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once

GRADUATE = "Серікова Айгерім Маратқызы"
EXPERIENCED = "Ахметов Ерлан Маратұлы"


@pytest.fixture
def district_with_graduate(app):
    today = clock.today()
    born = date(today.year - 24, today.month, min(today.day, 28))  # 24 years old today
    with app.app_context():
        district = f.districts_of("430000000")[0]
        f.user("caseworker.kyzylorda", "caseworker", district)
        f.person(district, last="Серікова", first="Айгерім", patronymic="Маратқызы", sex="F",
                 born=born, graduation_year=today.year - 1, experience_months=0,
                 education_level="higher")
        # Same age and diploma, but three years of work: not eligible for youth practice.
        f.person(district, born=born, graduation_year=today.year - 1, experience_months=36,
                 education_level="higher")
        db.session.commit()


def test_youth_practice_verdict_on_profile_and_in_the_eligible_list(
        live_server, page, district_with_graduate):
    log_in(page, live_server, "caseworker.kyzylorda", english=True)

    # The profile: youth practice is eligible, with the reason for every rule.
    page.get_by_role("link", name="Persons", exact=True).click()
    page.wait_for_url(live_server + "/people/")
    page.get_by_role("link", name=GRADUATE).click()
    page.wait_for_url(re.compile(r"/people/\d+$"))
    measures = page.get_by_role("region", name="Measures")
    youth = measures.get_by_role("group").filter(has_text="Youth practice (internship)")
    assert youth.locator(".verdict-badge").inner_text() == "Eligible"
    last_year = clock.today().year - 1
    for reason in ("Is at least 18 years old", "Is not older than 35",
                   f"Graduated in {last_year}: within 3 years",
                   "Has no experience in the specialty"):
        assert youth.get_by_role("listitem").filter(has_text=reason).is_visible(), reason
    screenshot(page, "measures-profile-verdicts")

    # The catalogue, then the measure's list of eligible persons.
    page.get_by_role("link", name="Measures", exact=True).click()
    page.wait_for_url(live_server + "/measures/")
    assert page.get_by_role("heading", name="Employment measures").is_visible()
    screenshot(page, "measures-catalogue")
    assert axe_violations(page) == []
    row = page.get_by_role("row").filter(has_text="Youth practice (internship)")
    row.get_by_role("link", name="Who is eligible").click()
    page.wait_for_url(live_server + "/measures/youth_practice/candidates")
    assert page.get_by_role("heading", name="Youth practice (internship)").is_visible()
    assert page.get_by_role("link", name=GRADUATE).is_visible()
    assert page.get_by_role("link", name=EXPERIENCED).count() == 0
    screenshot(page, "measures-youth-practice-eligible")
