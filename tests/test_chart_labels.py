"""Chart labels are readable: every text of every chart is 12 px or larger, a bar's label is
short enough for its column, and the two labels under the execution bars do not share a
line."""
from __future__ import annotations

import re

import pytest

from caseworker.indicators import charts
from tests import factories as f
from tests.conftest import login

Q = "year=2025&as_of=2025-06-30"


@pytest.fixture
def world(app):
    with app.app_context():
        return f.indicators_world()


def sizes(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)]


def test_every_chart_writes_12_px_or_more(client, world):
    login(client, "ro")
    for url in (f"/indicators/charts/coverage/execution.svg?{Q}",
                f"/indicators/charts/coverage/execution.svg?region={world['kz']}&{Q}",
                f"/indicators/charts/coverage/trend.svg?{Q}",
                f"/indicators/charts/coverage/trend.svg?region={world['kz']}&{Q}",
                f"/indicators/charts/money/{world['kz']}.svg?{Q}"):
        response = client.get(url)
        assert response.status_code == 200, url
        svg = response.get_data(as_text=True)
        assert sizes(svg) and min(sizes(svg)) >= 12, (url, sizes(svg))


def test_the_labels_under_the_bars_are_a_line_apart(client, world):
    login(client, "ro")
    svg = client.get(f"/indicators/charts/coverage/execution.svg?{Q}").get_data(as_text=True)
    full = float(re.search(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>100%', svg)[1])
    expected = float(re.findall(r'<text x="[\d.]+" y="([\d.]+)" text-anchor="middle" '
                                r'fill="#0b4f7c"', svg)[-1])
    assert expected - full >= 14


def test_a_long_name_is_shortened_to_fit_its_column():
    name = "Западно-Казахстанская область, район имени очень длинного названия"
    assert len(charts.short(name)) == charts.LABEL_LETTERS and charts.short(name).endswith("…")
    assert charts.short("Абай облысы") == "Абай облысы"
    assert charts.LABEL_LETTERS * 8 <= charts.LABEL_WIDTH  # 8 px a letter at 12 px
