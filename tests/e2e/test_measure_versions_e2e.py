"""An admin reads a measure's versions in words (in Russian) and adds one from a future day;
a version that ends before it starts is refused beside its field."""
import re

import pytest

from tests.e2e.conftest import axe_violations, log_in, screenshot, user_of
from tests.test_measure_versions import catalogue_as_loaded

pytestmark = pytest.mark.once


@pytest.fixture
def admin(app):
    user_of(app, "admin.versions")
    yield
    catalogue_as_loaded(app)


def test_the_versions_of_a_measure_and_a_new_one(live_server, page, admin):
    log_in(page, live_server, "admin.versions")

    page.goto(live_server + "/measures/state_grant")
    versions = page.get_by_role("list", name="Версии")
    assert versions.get_by_role("listitem").filter(has_text="С 01.01.2017 по 31.12.2021") \
        .filter(has_text="200 МРП").count() == 1
    assert "действует сегодня" in versions.inner_text()
    screenshot(page, "measure-versions-ru")
    assert axe_violations(page) == []

    page.goto(live_server + "/measures/youth_practice/edit")
    form = page.locator("#new-version")
    form.get_by_label("Действует с").fill("2027-01-01")
    form.get_by_label("Последний день действия").fill("2026-12-31")
    form.get_by_role("button", name="Добавить версию").click()
    refused = page.locator("#valid_to-error")
    assert "не может закончиться раньше" in refused.inner_text()
    screenshot(page, "measure-version-refused-ru")
    assert axe_violations(page) == []

    form = page.locator("#new-version")
    form.get_by_label("Последний день действия").fill("")
    form.get_by_label("Максимальный возраст").fill("30")
    form.get_by_role("button", name="Добавить версию").click()
    page.wait_for_url(re.compile(r"/measures/youth_practice(#.*)?$"))
    assert page.get_by_text("Версия 3 добавлена: действует с 01.01.2027.").is_visible()
    versions = page.get_by_role("list", name="Версии")
    assert "С 01.01.2022 по 31.12.2026" in versions.inner_text()
    screenshot(page, "measure-version-added-ru")
