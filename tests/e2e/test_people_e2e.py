"""A caseworker registers a person by IIN, in Russian, then finds the person again by name
prefix and by IIN. Labels are the Russian ones from the ru catalogue."""
import re
from datetime import date

import pytest

from caseworker import clock
from caseworker.domain.iin import make
from caseworker.extensions import db
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once

IIN = make(date(1999, 3, 14), "F", 1234)
PROFILE_URL = re.compile(r"/people/\d+$")


@pytest.fixture
def caseworker_with_neighbour(app):
    """The caseworker, and a person in the same district whose name shares "Нұр" but not "Нұрл"."""
    with app.app_context():
        district = f.districts_of("430000000")[0]
        f.user("caseworker.kyzylorda", "caseworker", district)
        f.person(district, last="Нұрмағанбетов", first="Ерлан")
        db.session.commit()


def test_register_by_iin_then_find_by_name_and_iin(live_server, page, caseworker_with_neighbour):
    assert IIN
    log_in(page, live_server, "caseworker.kyzylorda")

    # Step 1: the IIN.
    page.get_by_role("link", name="Поставить на учёт", exact=True).click()
    page.wait_for_url(live_server + "/people/register")
    page.get_by_label("ИИН").fill(IIN)
    page.get_by_role("button", name="Проверить ИИН").click()

    # Step 2: the profile form, with what the IIN tells shown above it.
    last_name = page.get_by_label("Фамилия", exact=True)
    last_name.wait_for()
    facts = page.locator(".page-heading").inner_text()
    assert IIN in facts and "14.03.1999" in facts and "Женский" in facts
    last_name.fill("Нұрланова")
    page.get_by_label("Имя", exact=True).fill("Әсел")
    page.get_by_label("Отчество", exact=True).fill("Ержанқызы")
    page.get_by_label("Телефон", exact=True).fill("8 701 234 56 78")
    page.get_by_label("Адрес", exact=True).fill("г. Кызылорда, ул. Абая, 10")
    page.get_by_label("Образование", exact=True).select_option(label="Высшее")
    page.get_by_label("Год окончания учёбы", exact=True).fill("2021")
    page.get_by_label("Стаж работы, месяцев", exact=True).fill("14")
    page.get_by_label("Дата согласия", exact=True).fill(clock.today().isoformat())
    screenshot(page, "people-register-form")
    page.get_by_role("button", name="Поставить на учёт", exact=True).click()

    # The profile.
    page.wait_for_url(PROFILE_URL)
    profile_url = page.url
    assert "Нұрланова Әсел Ержанқызы" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("alert").filter(has_text="Человек поставлен на учёт.").is_visible()
    header = page.locator(".person-header").inner_text()
    assert IIN in header and "14.03.1999" in header and "+7 701 234 56 78" in header
    screenshot(page, "people-profile")
    assert axe_violations(page) == []

    # The list, filtered by a lower-case name prefix.
    page.get_by_role("link", name="Люди", exact=True).click()
    page.wait_for_url(live_server + "/people/")
    assert page.get_by_role("link", name="Нұрмағанбетов Ерлан Маратұлы").is_visible()
    page.get_by_label("ФИО начинается с").fill("нұрл")
    page.get_by_role("button", name="Показать", exact=True).click()
    page.wait_for_url(re.compile(r"/people/\?name="))
    assert page.get_by_role("link", name="Нұрланова Әсел Ержанқызы").is_visible()
    assert page.get_by_role("link", name="Нұрмағанбетов Ерлан Маратұлы").count() == 0
    assert page.get_by_text("Найден 1 человек").is_visible()
    screenshot(page, "people-list-filtered")
    assert axe_violations(page) == []

    # The IIN search is a POST form; it lands on the profile.
    page.get_by_label("ИИН").fill(IIN)
    page.get_by_role("button", name="Найти по ИИН").click()
    page.wait_for_url(profile_url)
    assert "Нұрланова Әсел Ержанқызы" in page.get_by_role("heading", level=1).inner_text()
