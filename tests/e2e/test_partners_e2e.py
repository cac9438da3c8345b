"""An employer opens the answer link of a letter on a phone (390 px), answers "hired" from a
given day, checks it and sends it; the referral is started on that day, recorded as the
employer's; the caseworker's caseload then counts the answer. The pages pass axe-core."""
from datetime import date, timedelta

import pytest

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Referral
from caseworker.referrals import operations
from tests import factories as f
from tests.e2e.conftest import axe_violations, kyzylorda_world, log_in, screenshot
from tests.partners.conftest import code_of

pytestmark = pytest.mark.once


@pytest.fixture
def world(app):
    def build(district, worker, today):
        person = f.person(district, last="Жұмабекова", first="Дана", sex="F",
                          born=date(today.year - 24, 3, 10), graduation_year=today.year - 1,
                          experience_months=0, education_level="higher",
                          caseworker_id=worker.id)
        provider = f.provider(district.region_id, name="ТОО «Сырдария Нан»")
        referral = operations.refer(person, "youth_practice", worker,
                                    on=today - timedelta(days=10), provider_id=provider.id)
        operations.transition(referral, "referred", today - timedelta(days=7), worker)
        return referral.id

    return kyzylorda_world(app, "caseworker.partners", build)


def test_an_employer_answers_hired_on_a_phone(live_server, browser, page, app, world):
    phone = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844},
                                locale="kk-KZ", extra_http_headers={"Accept-Language": "kk"})
    employer = phone.new_page()
    employer.goto(f"{live_server}/a/{code_of(app, world)}")
    assert "Жұмабекова" in employer.content()
    screenshot(employer, "partner-answer-kk-390")
    assert axe_violations(employer) == []
    started = clock.today() - timedelta(days=2)
    employer.get_by_label("Қабылданды немесе кірісті").check()
    employer.locator("input[name=on]").fill(started.isoformat())
    employer.get_by_role("button", name="Жалғастыру").click()
    employer.get_by_role("button", name="Жауапты жіберу").wait_for()
    screenshot(employer, "partner-answer-confirm-kk-390")
    employer.get_by_role("button", name="Жауапты жіберу").click()
    employer.get_by_text("Жауап жазылды").wait_for()
    phone.close()
    with app.app_context():
        referral = db.session.get(Referral, world)
        assert (referral.status, referral.status_on) == ("started", started)
        assert referral.events[-1].provider_id == referral.provider_id
        assert referral.events[-1].user_id is None
    log_in(page, live_server, "caseworker.partners")
    page.get_by_role("link", name="1 непросмотренный ответ партнёров").click()
    assert "Жұмабекова" in page.content()
    screenshot(page, "partner-answers-ru")
