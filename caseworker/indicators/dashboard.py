"""The officers' dashboard on the home page: plan against fact of the places the user
compares (every region for a user of the whole country, the own region's districts for a
region's officer), their grouped briefing, and the tile grid of the regions coloured by one
indicator. Read from the indicator summary (`tables.national`, `tables.regional`)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from caseworker.domain import dashboard as dash
from caseworker.domain import indicators as calc
from caseworker.indicators import access, pages, tables
from caseworker.territories import queries as territories
from caseworker.indicators.definitions import get
from caseworker.models import User


@dataclass(frozen=True)
class Tile:
    row: tables.Row
    place: tuple[int, int]  # (row, column) in the grid
    own: bool  # the user's own region


def _places(table: tables.Table) -> list[dash.Place]:
    return [dash.Place(row.id, row.name, row.tier,
                       {c: f.fact for c, f in row.figures.items() if not f.hidden},
                       frozenset(c for c, f in row.figures.items() if f.plan))
            for row in table.rows]


@dataclass(frozen=True)
class Headline:
    """The top of the dashboard: the user's region (or the country) with its tier and the
    indicators it lags in, weakest first."""
    name: str
    tier: str | None
    lagging: list[tuple[object, calc.Figure]]  # (indicator, figure)


def headline(national: tables.Table, user: User) -> Headline:
    row = next((r for r in national.rows if r.id == user.region_id), None)
    if row is None:  # a user of the whole country, or a region not on the report date's map
        row = national.total
    shown = [(ind, row.figures[ind.code]) for ind in national.indicators
             if not row.figures[ind.code].hidden]
    tier = row.tier if row.id is not None else calc.tier(
        [fig.status for _ind, fig in shown], tables.thresholds())
    lagging = sorted(((ind, fig) for ind, fig in shown if fig.status == calc.LAGGING),
                     key=lambda pair: pair[1].execution or 0)
    return Headline(row.name, tier, lagging)


def tiles(table: tables.Table, user: User) -> list[Tile]:
    """The national table's regions on the grid (a region without a place on it is left
    out: the table lists it)."""
    found = []
    for row in table.rows:
        place = dash.tile_of(row.kato)
        if place is not None:
            found.append(Tile(row, place, row.id == user.region_id))
    return found


def _row_path(table: tables.Table, row: tables.Row, user: User) -> str:
    """The page a figure of the row opens, without its query ("": none the user may open)."""
    region = table.region
    if row.id is None:  # the total: the region's page, or every region's
        return (url_for("indicators.region", region_id=region.id) if region is not None
                else url_for("indicators.index"))
    if region is not None:
        return (url_for("indicators.district", district_id=row.id)
                if access.may_list(user, region.id, row.id) else "")
    return url_for("indicators.region", region_id=row.id) if access.may_drill(user, row.id) else ""


def figure_links(table: tables.Table, user: User, period_args: dict) -> dict:
    """row id (None: the total) -> indicator code -> the address its figure opens ("":
    none). A row's page and an indicator's query (the indicator and the period, the same on
    every page) are each made once, not once a cell."""
    queries = {ind.code: url_for("indicators.index", indicator=ind.code,
                                 **period_args).partition("?")[2]
               for ind in table.indicators}
    links = {}
    for row in (*table.rows, table.total):
        path = _row_path(table, row, user)
        links[row.id] = {code: f"{path}?{query}" if path else "" for code, query in queries.items()}
    return links


def context(user: User, args) -> dict:
    """What the dashboard shows: `table` (the places compared), `links` (the address each
    figure opens), `groups` (places by tier),
    `no_facts` (count, indicators), `tiles` and `focus` (the indicator that colours them)."""
    form, period, code = pages.report_form(args)
    regions = territories.regions_on(period.as_of)
    planned = tables.plans(period.year)
    national = tables.national(period, user, _("Kazakhstan"), regions=regions, planned=planned)
    table = national
    if user.region_id is not None:
        region = next((r for r in regions if r.id == user.region_id), None)
        if region is not None:
            table = tables.regional(period, user, region, planned=planned)
    places = _places(table)
    period_args = pages.args_of(period)
    return {"dash_form": form, "table": table, "focus": get(code),
            "args": period_args, "links": figure_links(table, user, period_args),
            "groups": dash.by_tier(places),
            "no_facts": [(n, [get(c).name for c in codes])
                         for n, codes in dash.without_facts(
                             places, [i.code for i in table.indicators])],
            "tiles": tiles(national, user), "headline": headline(national, user), "grid": (dash.TILE_ROWS, dash.TILE_COLUMNS)}
