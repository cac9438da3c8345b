"""Demo plans: a target for every region and indicator this year, sized against the demo's own
casework so that the indicators page shows high, average and lagging regions.

The demo's casework happens only in the districts of the demo users, so most regions have no
fact at all: their plans follow their population at the rate of the regions that do, and they
show as lagging, which is what their (empty) records say. A region with facts gets a profile in
turn: high (every indicator planned a little below its pace), average (one indicator lags) or
lagging (three indicators lag); coverage stays on track. An indicator without a fact in such a region gets a plan of 0,
which the page shows as "no plan". The districts with casework get plans of their own the same
way, so a region's officer finds districts that lag.
"""
from __future__ import annotations

import math
from datetime import date

from sqlalchemy import select

from caseworker import policy
from caseworker.demo.persons import POPULATION
from caseworker.domain.indicators import share_of_year
from caseworker.extensions import db
from caseworker.indicators.definitions import INDICATORS
from caseworker.indicators import summary
from caseworker.indicators.operations import save_plans
from caseworker.indicators.queries import Period
from caseworker.indicators.upload import Entry
from caseworker.models import Region, User

PROFILES = ("high", "average", "lagging")
ON_TRACK_PACE, LAGGING_PACE = 1.1, 0.55


def _on_track(fact: int, share: float) -> int:
    return max(1, math.floor(fact / (share * ON_TRACK_PACE))) if fact else 0


def _lagging(fact: int, share: float) -> int:
    return math.ceil(fact / (share * LAGGING_PACE))


def _profile_targets(profile: str, found: dict[str, tuple[int, int]], share: float) -> dict:
    values = {i.code: found.get(i.code, (0, 0))[0] for i in INDICATORS}
    # the indicators that lag: those resting on the most persons or referrals, coverage aside
    ranked = sorted((c for c in values if values[c] and c != "coverage"),
                    key=lambda c: (-found[c][1], c))
    lag = {"high": [], "average": ranked[:1], "lagging": ranked[:3]}[profile]
    return {code: (_lagging(v, share) if code in lag else _on_track(v, share))
            for code, v in values.items()}


def add_plans(today: date, population: dict[str, int] = POPULATION) -> int:
    """Plans for the current year (the indicator summary already current); returns how
    many were set."""
    period = Period(today.year, today)
    share = share_of_year(today, today.year)
    found = summary.facts(period)
    regions = db.session.scalars(select(Region).order_by(Region.kato)).all()
    active = [r for r in regions if found.get(r.id, {}).get("coverage", (0, 0))[0]]
    targets: dict[int, dict[str, int]] = {}
    for n, region in enumerate(active):
        targets[region.id] = _profile_targets(PROFILES[n % len(PROFILES)], found[region.id],
                                              share)
    people = sum(population.get(r.kato, 500) for r in active) or 1
    for region in regions:
        if region.id in targets:
            continue
        weight = population.get(region.kato, 500) / people
        targets[region.id] = {i.code: max(1, round(weight * sum(
            t[i.code] for t in (targets[a.id] for a in active)))) for i in INDICATORS}
    admin = db.session.scalar(select(User).where(User.role == policy.ADMIN).limit(1))
    entries = [Entry(code, region_id, None, today.year, target)
               for region_id, by_code in targets.items() for code, target in by_code.items()]
    save_plans(entries + _district_entries(period, share, active), admin)
    return len(entries)


def _district_entries(period: Period, share: float, active: list[Region]) -> list[Entry]:
    """Plans of the districts with casework in the regions that have it, each with a profile
    in turn (so a region's officer sees districts on track and districts that lag); the
    region keeps its own plan, which is what its row reports."""
    entries = []
    for region in active:
        found = summary.facts(period, by_district=True, region_id=region.id)
        districts = sorted(d for d, codes in found.items()
                           if d is not None and codes.get("coverage", (0, 0))[0])
        for n, district_id in enumerate(districts):
            # the first district of a region lags: its officer sees what that looks like
            targets = _profile_targets(PROFILES[::-1][n % len(PROFILES)], found[district_id],
                                       share)
            entries += [Entry(code, region.id, district_id, period.year, target)
                        for code, target in targets.items() if target]
    return entries
