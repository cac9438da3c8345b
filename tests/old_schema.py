"""Reference data for a database migrated only up to an older revision, written as that
schema takes it: the territories through today's loader (their tables are the same), the
measures by SQL (before dated versions, a measure carried its rules on its own row)."""
from __future__ import annotations

from sqlalchemy import text

from caseworker.extensions import db
from caseworker.reference_data import Tally, load_territories, rows


def reference_before_versions() -> None:
    load_territories(Tally())
    for r in rows("measures.csv"):
        db.session.execute(text(
            "INSERT INTO measure (code, kind, rules, rules_version, needs_approval, "
            "benefit_unit, active, name_kk, name_ru, name_en) VALUES (:code, :kind, '{}', 1, "
            ":no, 'none', :yes, :kk, :ru, :en)"),
            {"code": r["code"], "kind": r["kind"], "no": False, "yes": True,
             "kk": r["name_kk"], "ru": r["name_ru"], "en": r["name_en"]})
    db.session.flush()
