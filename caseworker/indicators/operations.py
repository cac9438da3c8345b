"""Writes of the indicators feature: plans set one by one or loaded from a file, and month-end
snapshots. Each adds and flushes and writes the audit; the view or command commits."""
from __future__ import annotations

from sqlalchemy import select

from caseworker import audit
from caseworker.extensions import db
from caseworker.indicators.upload import Entry
from caseworker.models import IndicatorPlan, User


def _existing(entries: list[Entry]) -> dict[tuple, IndicatorPlan]:
    years = {e.year for e in entries}
    codes = {e.indicator_code for e in entries}
    regions = {e.region_id for e in entries}
    rows = db.session.scalars(select(IndicatorPlan).where(
        IndicatorPlan.year.in_(years), IndicatorPlan.indicator_code.in_(codes),
        IndicatorPlan.region_id.in_(regions)))
    return {(p.indicator_code, p.region_id, p.district_id, p.year): p for p in rows}


def save_plans(entries: list[Entry], user: User | None) -> list[IndicatorPlan]:
    """Insert or update a plan for each entry (one per key); returns the saved rows."""
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


def set_plan(entry: Entry, user: User) -> IndicatorPlan:
    plan = save_plans([entry], user)[0]
    audit.record("plan.set", "indicator_plan", plan.id, user=user)
    return plan


def load_plans(entries: list[Entry], user: User) -> int:
    save_plans(entries, user)
    audit.record("plan.upload", "indicator_plan", None, user=user)
    db.session.flush()
    return len(entries)
