import pytest

from caseworker.extensions import db
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once


@pytest.fixture
def kyzylorda_caseworker(app):
    with app.app_context():
        district = f.districts_of("430000000")[0]
        user = f.user("caseworker.kyzylorda", "caseworker", district)
        f.person(district, last="Жұмабаева", first="Әсел", sex="F", caseworker_id=user.id)
        db.session.commit()


def test_login_home_kazakh_and_accessibility(live_server, page, kyzylorda_caseworker):
    log_in(page, live_server, "caseworker.kyzylorda")
    assert page.get_by_role("heading", name="Мои дела").is_visible()
    assert page.get_by_text("Жұмабаева Әсел").first.is_visible()  # the table (cards: narrow)
    page.get_by_role("button", name="Қазақша").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_role("button", name="Шығу").is_visible()
    assert page.get_by_role("heading", name="Менің істерім").is_visible()
    screenshot(page, "home-caseworker-kk")
    assert axe_violations(page) == []
    page.goto(live_server + "/login")
    screenshot(page, "after-login-redirect")
