"""The officers' dashboard on the home page: the places compared x indicators (plan, fact,
execution, a status mark beside the colour), the briefing grouped by tier, the regions' tile
grid coloured by one indicator; each figure opens its drill-down."""
from __future__ import annotations

import re
from datetime import date

import pytest

from caseworker.domain import dashboard as dash
from tests import factories as f
from tests.conftest import login, statements_of

Q = "year=2025&as_of=2025-06-30"


@pytest.fixture
def world(app):
    with app.app_context():
        return f.indicators_world()


def page(client, who: str, query: str = Q) -> str:
    login(client, who)
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_national_user_compares_every_region_and_opens_a_region_from_a_figure(client,
                                                                                  world):
    html = page(client, "an")
    table = html.split('class="table table-sm table-bordered align-middle dash-matrix')[1]
    assert table.count('<th scope="row">') == 21  # 20 regions and the country's total
    # Kyzylorda's youth practice: none of 10 at 49.6 % of the year: lagging, in a word and a mark
    cell = re.search(r'cell-lagging"><a href="/indicators/regions/%d\?indicator=youth_practice'
                     r'[^"]*">(.*?)</td>' % world["kz"], table, re.S)
    assert cell and "▼" in cell[1] and "Lagging" in cell[1] and "0 / 10" in cell[1]
    assert "cell-hidden" in table  # small counts stay hidden from the analyst
    assert 'class="tile tile-r3 tile-c2 cell-' in html  # Kyzylorda in the south-west
    assert html.count('class="tile ') == 20


def test_a_regional_officer_compares_the_districts_of_the_region(client, world):
    html = page(client, "ro")
    table = html.split("dash-matrix")[1]
    assert f'/indicators/districts/{world["kz0"]}?indicator=coverage' in table
    assert "/indicators/regions/%d?" % world["sh"] not in table  # no other region's rows
    assert "tile-own" in html  # the own region stands out on the grid


def test_the_briefing_groups_the_places_by_tier_and_counts_what_has_no_facts(client, world):
    html = page(client, "an", Q + "&indicator=youth_practice")
    groups = html.split('class="list-unstyled mb-1 dash-groups"')[1].split("</ul>")[0]
    assert groups.count("<li>") <= 4  # one line a tier, whatever the number of regions
    assert "Regions by “Youth practice”" in html or "youth" in html.lower()


def test_the_dashboard_reads_a_few_statements(app, client, world):
    login(client, "ro")
    with statements_of(app) as statements:
        assert client.get(f"/?{Q}").status_code == 200
    assert len(statements) <= 20, len(statements)


def test_a_caseworker_has_no_dashboard(client, world):
    login(client, "cw")
    assert "dash-matrix" not in client.get("/").get_data(as_text=True)


def test_every_region_has_a_tile_of_its_own():
    places = set(dash.TILES.values())
    assert len(places) == len(dash.TILES) == 20
    assert all(0 <= r < dash.TILE_ROWS and 0 <= c < dash.TILE_COLUMNS for r, c in places)
    assert dash.tile_of("430000000") == (3, 2) and dash.tile_of("999") is None


def test_places_are_grouped_by_tier_weakest_first():
    a, b, c = (dash.Place(i, n, t, {}) for i, n, t in
               ((1, "A", "high"), (2, "B", "lagging"), (3, "C", None)))
    assert dash.by_tier([a, b, c]) == [("lagging", [b]), ("high", [a]), (None, [c])]


def test_indicators_without_facts_share_a_line_by_their_count():
    places = [dash.Place(1, "A", None, {"x": 0, "y": 0, "z": 3}, frozenset("xyz")),
              dash.Place(2, "B", None, {"x": 0, "y": 2, "z": 0}, frozenset("xy")),
              dash.Place(3, "C", None, {"x": 0}, frozenset())]  # no plan: not asked
    assert dash.without_facts(places, ["x", "y", "z"]) == [(2, ["x"]), (1, ["y"])]


def test_the_national_user_sees_the_country_first_with_what_lags(client, world):
    html = page(client, "an")
    top = html[html.index("dash-headline"):html.index("dash-legend")]
    assert "Kazakhstan" in top and "Lagging in:" in top and "Youth practice" in top


def test_kazakh_headers_break_between_syllables_only(client, world):
    login(client, "an")
    html = client.get(f"/?{Q}", headers={"Accept-Language": "kk"}).get_data(as_text=True)
    header = html.split("dash-matrix")[1].split("</thead>")[0]
    assert "\u00ad" in header  # soft hyphens: the column breaks a word with a hyphen
