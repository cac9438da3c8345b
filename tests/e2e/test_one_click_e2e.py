"""Item 1 of "a day at work", walked in a browser: on a referral page no single click records
an outcome or a step the user did not choose. Recording a job asks what came of it, since
when, and the confirmation that the person is deregistered; nothing is written before."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Outcome, Person, Referral
from tests import factories as f
from tests.e2e.conftest import axe_violations, kyzylorda_world, log_in, screenshot

pytestmark = pytest.mark.once


@pytest.fixture
def world(app):
    def build(district, worker, today):
        person = f.registered_person(district, since=today - timedelta(days=90),
                                     caseworker_id=worker.id, born=date(1990, 5, 17))
        referral = f.referral(person, "public_works", [
            ("proposed", today - timedelta(days=20)), ("referred", today - timedelta(days=18)),
            ("started", today - timedelta(days=10))])
        return {"referral": referral.id, "person": person.id}

    return kyzylorda_world(app, "cw.oneclick", build)


def state(app, world) -> tuple:
    with app.app_context():
        outcomes = db.session.scalar(select(func.count()).select_from(Outcome))
        person = db.session.get(Person, world["person"])
        referral = db.session.get(Referral, world["referral"])
        return outcomes, person.status, referral.status


def test_no_single_click_records_an_outcome_or_a_step(live_server, page, app, world):
    log_in(page, live_server, "cw.oneclick", english=True)
    url = f"{live_server}/referrals/{world['referral']}"
    before = state(app, world)
    assert before == (0, "active", "started")
    page.goto(url)
    screenshot(page, "one-click-referral")
    assert axe_violations(page) == []
    # every submit button of the page (those in closed sections too), pressed once as the
    # page comes
    buttons = page.locator("main form button[type=submit]")
    for index in range(buttons.count()):
        page.goto(url)
        button = page.locator("main form button[type=submit]").nth(index)
        name = button.inner_text()
        with page.expect_navigation():
            button.evaluate("b => b.click()")
        assert state(app, world) == before, name
    # a job chosen, with its day, but not confirmed: refused, said, nothing written
    page.goto(url)
    outcome = page.locator("#outcome")
    outcome.get_by_label("What came of it").select_option("permanent_job")
    outcome.get_by_label("Since").fill(clock.today().isoformat())
    outcome.get_by_role("button", name="Record the outcome").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("confirm", re.I)).first.is_visible()
    assert state(app, world) == before
    # confirmed: recorded
    outcome = page.locator("#outcome")
    outcome.get_by_label("What came of it").select_option("permanent_job")
    outcome.get_by_label("Since").fill(clock.today().isoformat())
    outcome.get_by_label(re.compile("I confirm")).check()
    outcome.get_by_role("button", name="Record the outcome").click()
    page.wait_for_load_state()
    assert state(app, world)[:2] == (1, "employed")
    screenshot(page, "one-click-recorded")
