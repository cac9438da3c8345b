"""Plan against fact, as pure functions: execution, pace, forecast, status, region tiers and
the data behind the briefing's sentences. No Flask, no database.

execution = fact / plan
share     = the part of the year elapsed at the report date (the report date included)
pace      = execution / share: 1.0 means the plan is met exactly on time
forecast  = fact / share: the fact extended at the same pace to the end of the year
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

ON_TRACK, BEHIND, LAGGING, NO_PLAN = "on_track", "behind", "lagging", "no_plan"
HIGH, AVERAGE = "high", "average"  # region tiers, besides LAGGING


@dataclass(frozen=True)
class Thresholds:
    on_track: float = 1.0  # pace at or above: on track
    lagging: float = 0.95  # pace below: lagging; in between: behind
    lagging_indicators: int = 2  # a region with this many lagging indicators lags


def year_days(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def report_date(year: int, as_of: date | None, today: date) -> date:
    """The report date inside the year: the one asked for, else the year's end; never after
    today (nothing has happened yet), clipped to the year."""
    day = min(as_of or date(year, 12, 31), today)
    return min(max(day, date(year, 1, 1)), date(year, 12, 31))


def share_of_year(as_of: date, year: int) -> float:
    """The part of the year elapsed when the report date has ended (1 January: 1/365)."""
    if as_of < date(year, 1, 1):
        return 0.0
    if as_of.year > year:
        return 1.0
    return ((as_of - date(year, 1, 1)).days + 1) / year_days(year)


def last_month_end(today: date) -> date:
    """The end of the last month that has closed before today."""
    return date(today.year, today.month, 1) - timedelta(days=1)


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def months_left(as_of: date) -> int:
    """Whole calendar months after the report date's month (19 August: 4)."""
    return 12 - as_of.month


def days_left(as_of: date) -> int:
    """Days after the report date until the year's end (30 December: 1; 31 December: 0)."""
    return (date(as_of.year, 12, 31) - as_of).days


def execution(fact: float, plan: float | None) -> float | None:
    if not plan:
        return None
    return fact / plan


def pace(execution_: float | None, share: float) -> float | None:
    if execution_ is None or share <= 0:
        return None
    return execution_ / share


def forecast(fact: float, share: float) -> float | None:
    if share <= 0:
        return None
    return fact / share


def status(pace_: float | None, thresholds: Thresholds = Thresholds()) -> str:
    if pace_ is None:
        return NO_PLAN
    if pace_ >= thresholds.on_track:
        return ON_TRACK
    if pace_ < thresholds.lagging:
        return LAGGING
    return BEHIND


def tier(statuses: list[str], thresholds: Thresholds = Thresholds()) -> str | None:
    """lagging when enough indicators lag, high when none is below on track, else average;
    None when the region has no plan at all."""
    planned = [s for s in statuses if s != NO_PLAN]
    if not planned:
        return None
    if planned.count(LAGGING) >= thresholds.lagging_indicators:
        return LAGGING
    if all(s == ON_TRACK for s in planned):
        return HIGH
    return AVERAGE


@dataclass(frozen=True)
class Figure:
    """One cell of plan against fact."""
    fact: int
    plan: int | None
    units: int  # persons or referrals behind the fact (suppression looks at this)
    execution: float | None
    pace: float | None
    forecast: float | None
    status: str
    hidden: bool = False  # suppressed for a role that may not see small counts
    # A frozen month-end figure whose fact, counted again today, differs: restated, with the
    # live fact where the user may see it.
    restated: bool = False
    live: int | None = None


def figure(fact: int, plan: int | None, units: int, share: float,
           thresholds: Thresholds = Thresholds()) -> Figure:
    done = execution(fact, plan)
    speed = pace(done, share)
    return Figure(fact, plan, units, done, speed, forecast(fact, share), status(speed, thresholds))


def frozen(reported: Figure, live: Figure, show_live: bool = True) -> Figure:
    """The reported figure, marked restated when the live fact now differs."""
    if live.fact == reported.fact:
        return reported
    return replace(reported, restated=True, live=live.fact if show_live else None)


def hide(fig: Figure) -> Figure:
    """The figure with everything that would give the fact away removed."""
    return Figure(0, fig.plan, 0, None, None, None, fig.status, hidden=True,
                  restated=fig.restated)


# --- the briefing ------------------------------------------------------------------------

@dataclass(frozen=True)
class Lag:
    region: str
    indicators: tuple[tuple[str, float], ...]  # (indicator name, execution %), weakest first


@dataclass(frozen=True)
class Briefing:
    as_of: date
    share: float
    months_left: int
    lagging: tuple[Lag, ...] = ()
    high: tuple[str, ...] = ()
    average: tuple[str, ...] = ()
    coverage_fact: int | None = None
    coverage_plan: int | None = None
    coverage_forecast: float | None = None


@dataclass(frozen=True)
class RegionLine:
    """What the briefing needs of a region: its name, tier and each indicator's status."""
    name: str
    tier: str | None
    indicators: tuple[tuple[str, str, float | None], ...]  # (name, status, execution)


def briefing(regions: list[RegionLine], year: int, as_of: date, coverage_fact: int | None,
             coverage_plan: int | None) -> Briefing:
    """The facts the briefing states, in the order the regions are given."""
    share = share_of_year(as_of, year)
    lagging = tuple(
        Lag(r.name, tuple(sorted(((name, round(ex * 100, 1)) for name, st, ex in r.indicators
                                  if st == LAGGING and ex is not None), key=lambda x: x[1])))
        for r in regions if r.tier == LAGGING)
    return Briefing(
        as_of=as_of, share=share, months_left=months_left(as_of), lagging=lagging,
        high=tuple(r.name for r in regions if r.tier == HIGH),
        average=tuple(r.name for r in regions if r.tier == AVERAGE),
        coverage_fact=coverage_fact, coverage_plan=coverage_plan,
        coverage_forecast=forecast(coverage_fact, share) if coverage_fact is not None else None)


def districts_above_region(plans: list[tuple[str, int | None, int]]) -> list[tuple[str, int, int]]:
    """(indicator, region's own target, its districts' targets added up) wherever a region has
    a target of its own and its districts' add up to more: the region's page would show it on
    track while a district of it lags. `plans`: (indicator, district id or None, target)."""
    own = {code: target for code, district, target in plans if district is None}
    districts: dict[str, int] = {}
    for code, district, target in plans:
        if district is not None:
            districts[code] = districts.get(code, 0) + target
    return [(code, own[code], total) for code, total in districts.items()
            if code in own and total > own[code]]
