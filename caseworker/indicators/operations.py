"""Writes of the indicators feature: plans set one by one or loaded from a file, and month-end
snapshots. Each adds and flushes and writes the audit; the view or command commits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from flask_babel import lazy_gettext as _l

from caseworker import audit
from caseworker.domain.territory import exists_in_year
from caseworker.refusals import Refused
from caseworker.domain.indicators import is_month_end
from caseworker.extensions import db
from caseworker.indicators import summary, tables
from caseworker.indicators.definitions import COUNTED, for_date
from caseworker.indicators.queries import Period
from caseworker.indicators.upload import Entry
from caseworker.models import IndicatorPlan, IndicatorSnapshot, Person, Region, User
from caseworker.territories.queries import regions_on


class SnapshotRefused(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # not_month_end | not_closed | frozen


def _existing(entries: list[Entry]) -> dict[tuple, IndicatorPlan]:
    years = {e.year for e in entries}
    codes = {e.indicator_code for e in entries}
    regions = {e.region_id for e in entries}
    rows = db.session.scalars(select(IndicatorPlan).where(
        IndicatorPlan.year.in_(years), IndicatorPlan.indicator_code.in_(codes),
        IndicatorPlan.region_id.in_(regions)))
    return {(p.indicator_code, p.region_id, p.district_id, p.year): p for p in rows}


def _check_years(entries: list[Entry]) -> None:
    """A plan belongs to a region that existed in its year (Abai has no plan for 2020)."""
    regions = {r.id: r for r in db.session.scalars(select(Region).where(
        Region.id.in_({e.region_id for e in entries})))}
    for entry in entries:
        region = regions.get(entry.region_id)
        if region is not None and not exists_in_year(region.valid_from, region.valid_to,
                                                     entry.year):
            raise Refused("plan_region_not_in_year", _l(
                "There was no region “%(region)s” in %(year)d: a plan belongs to a region "
                "that existed in its year.", region=region.name, year=entry.year))


def save_plans(entries: list[Entry], user: User | None) -> list[IndicatorPlan]:
    """Insert or update a plan for each entry (one per key); returns the saved rows. A plan
    that someone else inserted since they were read (the unique key refuses the second) is
    read again and updated. A plan for a region in a year it did not exist is refused
    (`plan_region_not_in_year`), and then nothing is saved."""
    _check_years(entries)
    try:
        with db.session.begin_nested():
            return _save_plans(entries, user)
    except IntegrityError:
        pass
    with db.session.begin_nested():
        return _save_plans(entries, user)


def _save_plans(entries: list[Entry], user: User | None) -> list[IndicatorPlan]:
    found = _existing(entries)
    saved = []
    for entry in entries:
        plan = found.get(entry.key)
        if plan is None:
            plan = IndicatorPlan(indicator_code=entry.indicator_code, region_id=entry.region_id,
                                 district_id=entry.district_id, year=entry.year,
                                 target=entry.target, updated_by_id=user and user.id)
            db.session.add(plan)
            found[entry.key] = plan
        else:
            plan.target, plan.updated_by_id = entry.target, user and user.id
        saved.append(plan)
    db.session.flush()
    return saved


def set_plan(entry: Entry, user: User, plan_id: int | None = None,
             version: int | None = None) -> IndicatorPlan:
    """Set one plan. Opened on a plan (`plan_id`) to change it: refused ("stale") when that
    plan was saved since `version` was read, or removed."""
    if plan_id is not None:
        opened = db.session.get(IndicatorPlan, plan_id)
        if opened is None or opened.region_id != entry.region_id or opened.version != version:
            raise Refused("stale")
    plan = save_plans([entry], user)[0]
    audit.record("plan.set", "indicator_plan", plan.id, user=user)
    return plan


def load_plans(entries: list[Entry], user: User) -> int:
    save_plans(entries, user)
    audit.record("plan.upload", "indicator_plan", None, user=user)
    db.session.flush()
    return len(entries)


def take_snapshot(month_end: date, today: date, user: User | None = None) -> int:
    """Freeze every region's figures at the end of a closed month; a month is frozen once."""
    if not is_month_end(month_end):
        raise SnapshotRefused("not_month_end")
    if month_end >= today:
        raise SnapshotRefused("not_closed")
    if db.session.scalar(select(IndicatorSnapshot.id).where(
            IndicatorSnapshot.as_of == month_end).limit(1)) is not None:
        raise SnapshotRefused("frozen")
    period = Period(month_end.year, month_end)
    found = summary.facts(period)
    planned, _districts = tables.plans(period.year)
    count = 0
    for region_id in [r.id for r in regions_on(month_end)]:  # the regions of that day
        for ind in for_date(month_end):  # each in the version of the month's end
            fact, units = found.get(region_id, {}).get(ind.key, (0, 0))
            db.session.add(IndicatorSnapshot(
                as_of=month_end, indicator_code=ind.code, definition_version=ind.version,
                region_id=region_id, fact=fact, units=units,
                plan=planned.get(region_id, {}).get(ind.code), taken_by_id=user and user.id))
            count += 1
    audit.record("indicators.snapshot", "indicator_snapshot", month_end.isoformat(), user=user)
    db.session.flush()
    return count


def summary_differences(period: Period) -> list[tuple[int, str, tuple, tuple]]:
    """(region, indicator, summary's (fact, units), computed from the events) wherever the
    two differ at the period's report date, for regions and for districts."""
    wrong = []
    for kept, computed in ((summary.facts(period), tables.region_facts(period)),
                           (summary.facts(period, by_district=True),
                            tables.facts(period, Person.district_id))):
        for key in set(kept) | set(computed):
            for ind in COUNTED:
                a = kept.get(key, {}).get(ind.key, (0, 0))
                b = computed.get(key, {}).get(ind.key, (0, 0))
                if a != b:
                    wrong.append((key, ind.key, a, b))
    return wrong
