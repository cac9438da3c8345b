"""A large export in the browser becomes a job: its page shows the progress bar and the file to
download; a running job's page reloads itself; the admin's page of the schedule. In Russian, as
the users of the centres read them, each checked with axe-core."""
import re
from datetime import date

import pytest

from caseworker import clock
from caseworker.extensions import db
from caseworker.jobs import schedule
from caseworker.models import Job
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once


@pytest.fixture
def world(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 1)
    born = date(clock.today().year - 24, 1, 15)
    with app.app_context():
        district = f.districts_of("430000000")[0]
        owner = f.user("caseworker.kyzylorda", "caseworker", district)
        f.user("admin", "admin")
        for last in ("Серікова", "Омарова"):
            f.person(district, last=last, first="Айгерім", sex="F", born=born,
                     graduation_year=clock.today().year - 1, experience_months=0,
                     education_level="higher")
        running = Job(kind="export.candidates", user_id=owner.id, state="running",
                      params={"locale": "ru"}, done=4200, total=12500, errors=2, attempts=1,
                      started_at=clock.utcnow(), heartbeat_at=clock.utcnow())
        db.session.add(running)
        db.session.commit()
        schedule.run(schedule.BY_NAME["audit.seal"], clock.now())
        return running.id


def test_a_large_export_shows_its_job_and_result(app, live_server, page, world):
    log_in(page, live_server, "caseworker.kyzylorda")
    page.goto(live_server + "/measures/youth_practice/candidates")
    page.get_by_role("link", name="Скачать CSV").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    assert page.locator(".job-state").inner_text() == "Готово"
    assert page.locator("progress#job-progress").get_attribute("value") == "2"
    assert "2 из 2" in page.locator(".job-figures").inner_text()
    download = page.get_by_role("link", name="Скачать результат")
    assert download.is_visible()
    screenshot(page, "job-done")
    assert axe_violations(page) == []
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.startswith("candidates-youth_practice-")

    page.goto(live_server + f"/jobs/{world}")
    assert page.locator(".job-state").inner_text() == "Выполняется"
    figures = page.locator(".job-figures").inner_text()
    assert "Обработано\n4\xa0200 из 12\xa0500 (33%)" in figures and "Обработка начата" in figures
    assert page.get_by_role("link", name="Обновить сейчас").is_visible()
    screenshot(page, "job-running")
    assert axe_violations(page) == []
    with app.app_context():  # the worker ends it: the page shows so by itself (static/js/job.js)
        job = db.session.get(Job, world)
        job.state, job.done, job.message = "done", 12500, "12500 rows written."
        db.session.commit()
    from playwright.sync_api import expect
    expect(page.locator(".job-state")).to_have_text("Готово")
    assert page.locator("#job-card").get_attribute("data-refresh") is None

    page.get_by_role("link", name="Фоновые задания").first.click()
    page.wait_for_url(live_server + "/jobs/")
    assert page.get_by_role("link", name="Выгрузка кандидатов на меру").count() == 2
    screenshot(page, "jobs-list")
    assert axe_violations(page) == []


def test_the_admin_reads_the_schedule(live_server, page, world):
    log_in(page, live_server, "admin")
    page.get_by_role("link", name="Работа по расписанию").first.click()
    page.wait_for_url(live_server + "/jobs/schedule")
    rows = page.locator(".schedule-table tbody tr")
    assert rows.count() == len(schedule.ENTRIES)
    seal = rows.filter(has_text="Запечатать журнал аудита")
    assert "Успешно" in seal.inner_text() and "каждые 5 минут" in seal.inner_text()
    screenshot(page, "schedule")
    assert axe_violations(page) == []
    seal.get_by_role("button", name="Запустить сейчас").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    assert page.locator(".job-state").inner_text() == "Готово"
    assert "Запечатано событий журнала аудита" in page.locator(".job-message").inner_text()
