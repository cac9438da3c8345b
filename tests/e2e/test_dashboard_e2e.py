"""The officers' dashboard in a browser: the table of places x indicators fits 1366 px with
its header row and first column in view, the page never scrolls sideways at 1366 or 390 px,
in Kazakh, Russian and English; axe-core finds nothing serious."""
import pytest

from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.once

Q = "year=2025&as_of=2025-06-30&indicator=youth_practice"
LANGUAGES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@pytest.fixture
def world(app):
    with app.app_context():
        return f.indicators_world()


def switch(page, lang: str) -> None:
    page.get_by_role("button", name=LANGUAGES[lang]).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("who", ["an", "ro"])
def test_the_dashboard_fits_and_reads_in_three_languages(live_server, page, world, who):
    log_in(page, live_server, who)
    for lang in LANGUAGES:
        switch(page, lang)
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server}/?{Q}")
            screenshot(page, f"dashboard-{who}-{lang}-{width}")
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(
                e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.dash-scroll')
                ).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
            if width == 1366:
                box = page.locator(".dash-scroll")
                # the table fits its box: no sideways scrolling at 1366 px
                assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
                # the header row stays in view when the box scrolls down
                box.evaluate("e => e.scrollTop = 200")
                head = page.locator(".dash-matrix thead th").nth(1).bounding_box()
                frame = box.bounding_box()
                assert abs(head["y"] - frame["y"]) < 3
                assert axe_violations(page) == []
