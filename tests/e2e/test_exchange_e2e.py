"""The organisations' register and the vacancies in a browser, in Russian and Kazakh, wide
and on a phone: the pages read, a vacancy is entered, and there are no serious axe-core
violations."""
from datetime import date

import pytest

from caseworker import clock
from caseworker.extensions import db
from caseworker.vacancies import operations
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once


@pytest.fixture
def exchange(app):
    with app.app_context():
        district = f.districts_of("430000000")[0]
        users = f.staff(district, sv="supervisor")
        employer = f.provider(district.region_id, name="ТОО «Сыр Сервис»")
        employer.name_kk, employer.district_id = "«Сыр Сервис» ЖШС", district.id
        employer.kinds = ["employer", "training"]
        employer.legal_address = "г. Кызылорда, ул. Абая, 12"
        for code, title, wage, hours in (("5223", "Продавец-консультант", 150000, 40),
                                         ("9112", "Уборщица", 45000, 20)):
            operations.create({
                "organisation_id": employer.id, "occupation_code": code, "title": title,
                "places": 2, "wage": wage, "hours_per_week": hours, "schedule": "full_day",
                "languages": ["kk", "ru"], "quota_groups": ["disability"],
                "opened_on": clock.today().replace(day=1), "closes_on": date(2099, 1, 1)},
                users["sv"])
        db.session.commit()
        return employer.id


@pytest.mark.parametrize("width", [1366, 390])
def test_the_exchange_pages_in_russian_and_kazakh(live_server, page, exchange, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "sv")
    for lang in ("ru", "kk"):
        if lang == "kk":
            page.get_by_role("button", name="Қазақша").click()
            page.wait_for_load_state()
        for name, path in (("organisations", "/organisations/"),
                           ("organisation", f"/organisations/{exchange}"),
                           ("vacancies", "/vacancies/"), ("vacancy-new", "/vacancies/new")):
            page.goto(live_server + path)
            screenshot(page, f"exchange-{name}-{lang}-{width}")
            assert axe_violations(page) == [], name
    page.goto(live_server + "/vacancies/")
    page.get_by_role("link", name="Уборщица").click()
    screenshot(page, f"exchange-vacancy-kk-{width}")
    assert axe_violations(page) == []
