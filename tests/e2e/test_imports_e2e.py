"""The import page in a browser: the templates of every kind, the new ones among them (the
follow-up checks, deregistrations and returns), each downloading its header line; files
imported through the page, and the job's page saying what was done, in the reader's
language. Screenshots in test-artifacts/."""
from __future__ import annotations

import pytest

from caseworker.extensions import db
from caseworker.imports import columns
from tests.e2e.conftest import log_in, screenshot
from tests.imports import world as w

pytestmark = pytest.mark.once


@pytest.fixture
def files(app) -> dict[str, bytes]:
    with app.app_context():
        made = w.world()
        db.session.commit()
        history = w.history(2, made["provider"].id)
        history["follow_ups.csv"] = w.table("follow_ups", [
            {"external_id": "F0", "outcome_external_id": "R0-O", "months": 3,
             "on": "2025-08-04", "still_employed": "1", "source": "employer"}])
        history["returns.csv"] = w.table("returns", [
            {"external_id": "B0", "iin": w.iin(100), "on": "2025-10-01"}])
        return history


def test_the_import_page_offers_the_new_templates_and_imports_them(live_server, page, files):
    log_in(page, live_server, "sup", english=True)
    page.goto(live_server + "/imports/")
    for kind in ("follow_ups", "deregistrations", "returns"):
        link = page.get_by_role("link", name=f"{kind}.csv")
        assert link.is_visible()
        with page.expect_download() as download:
            link.click()
        header = open(download.value.path(), encoding="utf-8-sig").read().strip()
        assert header.split(",") == columns.names(kind)
    screenshot(page, "import-page-templates")
    page.set_input_files("input[type=file]", [
        {"name": name, "mimeType": "text/csv", "buffer": body} for name, body in files.items()])
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported: 14 rows written.").wait_for()
    screenshot(page, "import-job-summary-en")
    page.get_by_role("button", name="Русский").click()
    page.get_by_text("Загружено: записано строк 14.").wait_for()
