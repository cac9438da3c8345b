"""An admin opens the working-days calendar from the menu, reads 2018 with its worked
Saturdays, and adds a day off in a later year; the pages pass axe-core."""
from datetime import date

import pytest
from sqlalchemy import delete

from caseworker.extensions import db
from caseworker.models import CalendarDay
from tests.e2e.conftest import axe_violations, log_in, screenshot, user_of

pytestmark = pytest.mark.once


@pytest.fixture
def admin(app):
    user_of(app, "admin.calendar")
    yield
    with app.app_context():
        db.session.execute(delete(CalendarDay).where(CalendarDay.day >= date(2028, 1, 1)))
        db.session.commit()


def test_an_admin_reads_and_adds_calendar_days(live_server, page, admin):
    log_in(page, live_server, "admin.calendar")
    page.get_by_role("link", name="Календарь").click()
    page.get_by_label("Год", exact=True).fill("2018")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(live_server + "/admin/calendar/?year=2018")
    table = page.get_by_role("table").first
    assert "03.03.2018" in table.inner_text()
    saturday = table.locator("tr").filter(has=page.get_by_role("link", name="03.03.2018"))
    assert "Рабочий выходной день" in saturday.inner_text()
    screenshot(page, "calendar-2018-ru")
    assert axe_violations(page) == []

    page.goto(live_server + "/admin/calendar/new?year=2031")
    page.get_by_label("Дата").fill("2031-03-08")
    page.get_by_label("Что это за день").select_option("day_off")
    for label, value in (("Название на казахском", "Демалыс"), ("Название на русском", "Выходной"),
                         ("Название на английском", "Day off"), ("Источник", "test")):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Сохранить").click()
    assert "суббота и воскресенье и так выходные" in page.locator("main form").first.inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Дата").fill("2031-03-10")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(live_server + "/admin/calendar/?year=2031")
    assert "10.03.2031" in page.get_by_role("table").first.inner_text()
    screenshot(page, "calendar-2031-ru")
