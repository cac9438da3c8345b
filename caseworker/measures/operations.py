"""Saving a catalogue entry: its fields, a new rules version when the rules change, and the
entry as saved kept as a MeasureVersion."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from caseworker import audit
from caseworker.extensions import db
from caseworker.models import Measure, MeasureVersion, User

FIELDS = ("name_kk", "name_ru", "name_en", "active", "needs_approval", "benefit_amount",
          "benefit_unit", "benefit_period", "max_months", "notes")


def snapshot(measure: Measure) -> dict:
    """The entry as plain JSON values."""
    data = {name: getattr(measure, name) for name in FIELDS}
    if isinstance(data["benefit_amount"], Decimal):  # 30 and 30.00 are the same amount
        data["benefit_amount"] = str(data["benefit_amount"].quantize(Decimal("0.01")))
    return data | {"rules": dict(measure.rules or {})}


def save(measure: Measure, values: dict, rules: dict, user: User) -> list[str]:
    """Apply the form's values; returns the fields that changed (nothing changed: nothing
    is recorded)."""
    before = snapshot(measure)
    for name in FIELDS:
        setattr(measure, name, values[name])
    if rules != measure.rules:
        measure.rules = rules
        measure.rules_version += 1
    after = snapshot(measure)
    changed = sorted(name for name in after if after[name] != before[name])
    if not changed:
        return []
    if db.session.scalar(select(MeasureVersion.id).where(
            MeasureVersion.measure_code == measure.code).limit(1)) is None:
        # the entry as loaded from the reference data, before its first edit
        db.session.add(MeasureVersion(measure_code=measure.code, data=before, changed=[],
                                      rules_version=measure.rules_version
                                      - (1 if "rules" in changed else 0)))
    db.session.add(MeasureVersion(measure_code=measure.code, data=after, changed=changed,
                                  rules_version=measure.rules_version, saved_by_id=user.id))
    audit.record("measure.update", "measure", measure.code)
    db.session.flush()
    return changed


def history(code: str) -> list[MeasureVersion]:
    return db.session.scalars(select(MeasureVersion).where(MeasureVersion.measure_code == code)
                              .order_by(MeasureVersion.id.desc())).all()


def latest_version(code: str) -> str:
    """The entry's last saved version, as an edit form carries it ("" before the first)."""
    found = db.session.scalar(select(MeasureVersion.id).where(MeasureVersion.measure_code == code)
                              .order_by(MeasureVersion.id.desc()).limit(1))
    return "" if found is None else str(found)
