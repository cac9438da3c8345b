"""axe-core over the pages changed lately (the officers' dashboard, the caseload, a person's
page, a referral's page and its money, allocations, payments, bank files, imports, a region as
it stood in 2020), in Kazakh, Russian and English: no serious or critical violation."""
from datetime import date, timedelta

import pytest

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Allocation
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in

pytestmark = pytest.mark.once

LANGUAGES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@pytest.fixture
def world(app):
    today = clock.today()
    with app.app_context():
        made = f.indicators_world()
        district = f.districts_of("430000000")[0]
        worker = f.user("cw.axe", "caseworker", district)
        for role in ("supervisor", "finance"):
            f.user(f"{role}.axe", role, district)
        f.user("ro.axe", "regional_officer", region_kato="430000000")
        person = f.registered_person(district, since=today - timedelta(days=60),
                                     caseworker_id=worker.id, born=date(1995, 4, 2))
        referral = f.referral(person, "public_works", [
            ("proposed", today - timedelta(days=20)), ("referred", today - timedelta(days=18)),
            ("started", today - timedelta(days=10))])
        db.session.add(Allocation(measure_code="public_works", region_id=district.region_id,
                                  year=today.year, places=10, funds_kzt=5_000_000))
        db.session.commit()
        return {"person": person.id, "referral": referral.id, "kz": made["kz"]}


def pages(world) -> dict[str, list[str]]:
    return {
        "ro.axe": ["/", "/measures/allocations",
                   f"/indicators/regions/{world['kz']}?year=2020&as_of=2020-08-19"],
        "cw.axe": ["/caseload", f"/people/{world['person']}", f"/referrals/{world['referral']}"],
        "finance.axe": ["/", "/payments/", "/payments/import",
                        f"/referrals/{world['referral']}/money"],
        "supervisor.axe": ["/imports/"],
    }


def test_changed_pages_pass_axe_in_three_languages(live_server, page, world):
    found = {}
    for login, paths in pages(world).items():
        log_in(page, live_server, login)
        for lang, button in LANGUAGES.items():
            if lang != "ru":
                page.get_by_role("button", name=button).click()
                page.wait_for_load_state()
            for path in paths:
                response = page.goto(live_server + path)
                assert response.status == 200, (login, path)
                violations = axe_violations(page)
                if violations:
                    found[(login, lang, path)] = violations
            page.get_by_role("button", name=LANGUAGES["ru"]).click()
            page.wait_for_load_state()
    assert found == {}, sorted(found)
