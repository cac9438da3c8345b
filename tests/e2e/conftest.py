"""Browser tests: a live server on loopback and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _missing(reason: str):
    if os.environ.get("CASEWORKER_REQUIRE_E2E") == "1":
        pytest.fail(f"browser tests are required but cannot run: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if not executable:
        _missing("chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the app's own pages never need inline scripts.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 768},
                                  locale="ru-RU")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    if not AXE.exists():
        _missing("axe-core is not installed (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def log_in(page, live_server: str, login: str, english: bool = False) -> None:
    """Log in through the form as a user would (the interface starts in Russian); `english`:
    then switch the interface to English. Cookies of an earlier login are cleared first."""
    from tests.factories import PASSWORD
    page.context.clear_cookies()
    page.goto(live_server + "/login")
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(live_server + "/")
    if english:
        page.get_by_role("button", name="English").click()
        page.get_by_role("button", name="Log out").wait_for()
    # the page's stylesheets applied: until then a part hidden at this width (the caseload's
    # cards beside its table) still counts as shown
    page.wait_for_load_state("load")


def user_of(app, login: str, role: str = "admin") -> None:
    """A user `login` with `role` (of no district), committed: who a test logs in as."""
    from caseworker.extensions import db
    from tests import factories as f
    with app.app_context():
        f.user(login, role)
        db.session.commit()


def kyzylorda_world(app, login: str, build):
    """A test's world in a district of Kyzylorda region with its caseworker `login`:
    `build(district, worker, today)` adds the rest and gives back what the test needs, which
    is committed and returned."""
    from caseworker import clock
    from caseworker.extensions import db
    from tests import factories as f
    with app.app_context():
        district = f.districts_of(f.KYZYLORDA)[0]
        worker = f.user(login, "caseworker", district)
        made = build(district, worker, clock.today())
        db.session.commit()
        return made
