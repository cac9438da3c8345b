"""The indicator charts in a browser, at 1366 and 390 px in Kazakh and Russian: each is shown
at its own size or larger (its 12 px labels are never shrunk), a narrow screen scrolls it
inside its box, and the page itself never scrolls sideways."""
import pytest

from tests import factories as f
from tests.e2e.conftest import ARTIFACTS, log_in, screenshot

pytestmark = pytest.mark.once

Q = "year=2025&as_of=2025-06-30"


@pytest.fixture
def world(app):
    with app.app_context():
        return f.indicators_world()


def test_charts_keep_their_labels_readable(live_server, page, world):
    log_in(page, live_server, "ro")
    for lang, button in (("ru", None), ("kk", "Қазақша")):
        if button:
            page.get_by_role("button", name=button).click()
            page.wait_for_load_state()
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in (("national", f"/indicators/?{Q}"),
                               ("region", f"/indicators/regions/{world['kz']}?{Q}")):
                page.goto(live_server + path)
                page.wait_for_function("[...document.querySelectorAll('.chart-box img')]"
                                       ".every(i => i.complete && i.naturalWidth > 0)")
                screenshot(page, f"charts-{name}-{lang}-{width}")
                boxes = page.locator(".chart-box")
                for n in range(boxes.count()):
                    boxes.nth(n).screenshot(
                        path=str(ARTIFACTS / f"chart-{name}-{n}-{lang}-{width}.png"))
                scales = page.eval_on_selector_all(
                    ".chart-box img", "imgs => imgs.map(i => i.clientWidth / i.naturalWidth)")
                assert scales and min(scales) >= 0.99, (name, width, scales)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
