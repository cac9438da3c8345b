"""Plan against fact as tables: regions x indicators (with national totals), and one region's
districts x indicators. Facts come from the SQL aggregates of `queries`, plans from
IndicatorPlan rows; the arithmetic is `domain.indicators`; roles that may not see persons get suppressed cells."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from caseworker import policy
from caseworker.domain import indicators as calc
from caseworker.domain.suppression import THRESHOLD, suppress
from caseworker.extensions import db
from caseworker.indicators import summary
from caseworker.indicators.definitions import COUNTED, Indicator, for_date
from caseworker.indicators.queries import Period, fact_selects, progress_facts
from caseworker.models import (
    District, IndicatorPlan, IndicatorSnapshot, Person, ProjectProgress, User)
from caseworker.territories import queries as territories

Facts = dict[int, dict[str, tuple[int, int]]]  # key -> code -> (value, units)


def thresholds() -> calc.Thresholds:
    config = current_app.config
    return calc.Thresholds(on_track=float(config["INDICATOR_ON_TRACK"]),
                           lagging=float(config["INDICATOR_LAGGING"]),
                           lagging_indicators=int(config["INDICATOR_LAGGING_COUNT"]))


def period(year: int | None, as_of: date | None, today: date) -> Period:
    """The report's period: the year asked for, else the report date's, else this year."""
    year = year or (as_of.year if as_of else today.year)
    return Period(year, calc.report_date(year, as_of, today))


def facts(per: Period, group, where=None, indicators=COUNTED) -> Facts:
    """key -> indicator key (the code, or a retired version's) -> (value, units)."""
    found: Facts = {}
    for stmt in fact_selects(per, group, where, indicators=indicators):
        for row in db.session.execute(stmt).mappings():
            found.setdefault(row["key"], {}).update(_cells(row, indicators))
    return found


def _cells(row, indicators) -> dict[str, tuple[int, int]]:
    """A fact row's (value, units) by indicator key, for the indicators it holds."""
    return {i.key: (int(row[i.key] or 0), int(row[i.key + "__units"]))
            for i in indicators if i.key in row}


def region_facts(per: Period) -> Facts:
    """Facts computed from the events by region: each district's under the region that held
    it on the report date (what the summary's regional figures must equal)."""
    held = dict(db.session.execute(territories.region_map(per.as_of)).tuples().all())
    found: Facts = {}
    by_district = facts(per, Person.district_id)
    by_district.pop(None, None)  # Roadmap projects of a whole region: by their region, below
    parts = [(held.get(district), cells) for district, cells in by_district.items()]
    whole = progress_facts(per, Person.region_id)
    if whole is not None:
        rows = db.session.execute(whole.where(ProjectProgress.district_id.is_(None)))
        parts += [(row["key"], _cells(row, COUNTED)) for row in rows.mappings()]
    for region_id, cells in parts:
        into = found.setdefault(region_id, {})
        for code, (value, units) in cells.items():
            was = into.get(code, (0, 0))
            into[code] = (was[0] + value, was[1] + units)
    return found


def plans(year: int, region_id: int | None = None) -> tuple[dict, dict]:
    """(region plans, district plans): key -> code -> target. A region without a plan row
    of its own gets the sum of its districts' plans."""
    stmt = select(IndicatorPlan.region_id, IndicatorPlan.district_id,
                  IndicatorPlan.indicator_code, IndicatorPlan.target).where(
        IndicatorPlan.year == year)
    if region_id is not None:
        stmt = stmt.where(IndicatorPlan.region_id == region_id)
    own: dict[int, dict[str, int]] = {}
    summed: dict[int, dict[str, int]] = {}
    by_district: dict[int, dict[str, int]] = {}
    for region, district, code, target in db.session.execute(stmt):
        if district is None:
            own.setdefault(region, {})[code] = target
        else:
            by_district.setdefault(district, {})[code] = target
            into = summed.setdefault(region, {})
            into[code] = into.get(code, 0) + target
    regions = {r: {**summed.get(r, {}), **own.get(r, {})} for r in set(own) | set(summed)}
    return regions, by_district


@dataclass
class Row:
    id: int | None
    kato: str
    name: str
    figures: dict[str, calc.Figure]
    tier: str | None = None


@dataclass
class Table:
    period: Period
    share: float
    indicators: tuple[Indicator, ...]
    rows: list[Row]
    total: Row
    suppressed: bool = False
    region: territories.Place | None = None  # the region as it stood on the report date
    hidden_total: set[str] = field(default_factory=set)  # codes hidden in the total row
    frozen_at: datetime | None = None  # figures as frozen at a month's end, taken then

    @property
    def months_left(self) -> int:
        return calc.months_left(self.period.as_of)

    def column(self, code: str) -> list[calc.Figure]:
        return [r.figures[code] for r in self.rows]


def _row(entity, found: Facts, planned: dict, share: float, th: calc.Thresholds,
         indicators: tuple[Indicator, ...]) -> Row:
    """The entity's figures, each counted by the indicator's version of the report date."""
    figures = {}
    for ind in indicators:
        value, units = found.get(entity.id, {}).get(ind.key, (0, 0))
        figures[ind.code] = calc.figure(value, planned.get(entity.id, {}).get(ind.code),
                                        units, share, th)
    return Row(entity.id, entity.kato, entity.name, figures,
               calc.tier([f.status for f in figures.values()], th))


def _total(rows: list[Row], share: float, th: calc.Thresholds, kato: str, name: str,
           indicators: tuple[Indicator, ...]) -> Row:
    figures = {}
    for ind in indicators:
        column = [r.figures[ind.code] for r in rows]
        planned = [f.plan for f in column if f.plan is not None]
        figures[ind.code] = calc.figure(sum(f.fact for f in column), sum(planned) if planned
                                        else None, sum(f.units for f in column), share, th)
    return Row(None, kato, name, figures)


def _suppress(rows: list[Row], indicators: tuple[Indicator, ...],
              forced: dict[str, bool] | None = None) -> None:
    """Hide small cells column by column (the column's total is shown); where the total
    itself is hidden (`forced`), every non-zero cell of the column is hidden. The figures of
    projects rest on no person's record and are never hidden."""
    for ind in (i for i in indicators if i.personal):
        column = [r.figures[ind.code] for r in rows]
        if forced and forced.get(ind.code):
            shown = [None if f.units else 0 for f in column]
        else:
            shown = suppress([f.units for f in column])
        for row, fig, kept in zip(rows, column, shown):
            if kept is None:
                row.figures[ind.code] = calc.hide(fig)


def snapshot(as_of: date) -> tuple[dict, datetime | None]:
    """The frozen figures of a month's end: region id -> code -> row; and when taken."""
    rows = db.session.scalars(select(IndicatorSnapshot).where(
        IndicatorSnapshot.as_of == as_of)).all()
    frozen: dict[int, dict[str, IndicatorSnapshot]] = {}
    for row in rows:
        frozen.setdefault(row.region_id, {})[row.indicator_code] = row
    return frozen, min((r.taken_at for r in rows), default=None)


def _freeze(row: Row, frozen: dict, share: float, th: calc.Thresholds, show_live: bool) -> Row:
    """The row as it was reported; live figures that differ now are marked restated."""
    figures = {}
    for code, live in row.figures.items():
        kept = frozen.get(row.id, {}).get(code)
        figures[code] = live if kept is None else calc.frozen(
            calc.figure(kept.fact, kept.plan, kept.units, share, th), live, show_live)
    return Row(row.id, row.kato, row.name, figures,
               calc.tier([f.status for f in figures.values()], th))


def national(per: Period, user: User, national_name: str, live: bool = False, *,
             regions: list[territories.Place] | None = None,
             planned: tuple[dict, dict] | None = None) -> Table:
    """Regions x indicators. At a month's end that was frozen, the figures as reported then
    (unless `live`), with the ones that differ now marked restated. `regions` (those of the
    report date) and `planned` (`plans(per.year)`), when the caller has read them already."""
    th, share = thresholds(), calc.share_of_year(per.as_of, per.year)
    inds = for_date(per.as_of)
    if regions is None:
        regions = territories.regions_on(per.as_of)  # those of the report date, names then
    found = summary.facts(per)
    planned, _ = plans(per.year) if planned is None else planned
    rows = [_row(r, found, planned, share, th, inds) for r in regions]
    hidden = not policy.sees_persons(user)
    total = _total(rows, share, th, "", national_name, inds)
    frozen, taken_at = ({}, None) if live else snapshot(per.as_of)
    if frozen:
        rows = [_freeze(r, frozen, share, th, show_live=not hidden) for r in rows]
        live_total, total = total, _total(rows, share, th, "", national_name, inds)
        total.figures = {code: calc.frozen(fig, live_total.figures[code], not hidden)
                         for code, fig in total.figures.items()}
    table = Table(per, share, inds, rows, total, suppressed=hidden, frozen_at=taken_at)
    if hidden:
        _suppress(rows, inds)
        _hide_small_total(table)
    return table


def _hide_small_total(table: Table) -> None:
    """A national total under the threshold is a small count too: hidden (every non-zero cell
    of its column is then under the threshold as well, and hidden already)."""
    for code, fig in table.total.figures.items():
        if 0 < fig.units < THRESHOLD:
            table.total.figures[code] = calc.hide(fig)
            table.hidden_total.add(code)


def regional(per: Period, user: User, region: territories.Place, *,
             planned: tuple[dict, dict] | None = None) -> Table:
    """The region's districts of the report date (a district formed later shows where its
    territory's cases count); its total row is the region's row of the national table
    (suppressed the same way, so that nothing hidden there can be recovered here).
    `planned`: `plans(per.year)` of every region, when the caller has read it already (the
    region's rows of it are the same)."""
    th, share = thresholds(), calc.share_of_year(per.as_of, per.year)
    inds = for_date(per.as_of)
    found = summary.facts(per, by_district=True, region_id=region.id)
    region_plans, district_plans = plans(per.year, region.id) if planned is None else planned
    districts = [d for d in territories.districts_on(per.as_of, region.id, formed_only=False)
                 if d.exists or d.id in found]
    rows = [_row(d, found, district_plans, share, th, inds) for d in districts]
    whole = _total(rows, share, th, region.kato, region.name, inds)
    whole_region = found.get(None, {})  # projects of the whole region, in no district
    whole = _row(region, {region.id: {
        i.key: _plus(whole.figures[i.code], whole_region.get(i.key)) for i in inds}},
        region_plans, share, th, inds)
    whole.id = None  # the total row, as in the national table
    table = Table(per, share, inds, rows, whole, region=region)
    if not policy.sees_persons(user):
        table.suppressed = True
        hidden_there = _hidden_in_national(per, user, region.id)
        forced = {i.code: i.code in hidden_there for i in inds}
        table.hidden_total = {c for c, h in forced.items() if h}
        for code in table.hidden_total:
            whole.figures[code] = calc.hide(whole.figures[code])
        _suppress(rows, inds, forced)
    return table


def _plus(fig: calc.Figure, more: tuple[int, int] | None) -> tuple[int, int]:
    return (fig.fact + more[0], fig.units + more[1]) if more else (fig.fact, fig.units)


def _hidden_in_national(per: Period, user: User, region_id: int) -> set[str]:
    national_table = national(per, user, "", live=True)
    row = next(r for r in national_table.rows if r.id == region_id)
    return {code for code, fig in row.figures.items() if fig.hidden}


def by_caseworker(per: Period, district: District, unassigned: str) -> Table:
    """A district's caseworkers x indicators (facts only: plans are set for places, not for
    people), counted from the events of the district's persons by their caseworker today;
    the total row is the district's row of its region's table, with its plan."""
    th, share = thresholds(), calc.share_of_year(per.as_of, per.year)
    inds = for_date(per.as_of)
    found = facts(per, Person.caseworker_id, Person.district_id == district.id)
    workers = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_([k for k in found if k is not None]) | (
            (User.district_id == district.id) & policy.case_holders()))
        .order_by(User.full_name))}
    rows = [_row(_Entity(u.id, u.login, u.full_name), found, {}, share, th, inds)
            for u in workers.values()]
    if None in found:
        rows.append(_row(_Entity(None, "", unassigned), found, {}, share, th, inds))
    region = territories.region_on(territories.region_of(district.id, per.as_of) or 0,
                                   per.as_of)
    region_id = region.id if region is not None else None
    _region_plans, district_plans = plans(per.year, region_id)
    whole = _row(district, summary.facts(per, by_district=True, region_id=region_id),
                 district_plans, share, th, inds)
    whole.id = None
    return Table(per, share, inds, rows, whole, region=region)


@dataclass(frozen=True)
class _Entity:
    id: int | None
    kato: str
    name: str
