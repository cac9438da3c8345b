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


def person_row(district) -> int:
    """A person written as a row with the columns every revision has (today's model has more,
    which an older schema lacks); returns its id."""
    from datetime import date

    from sqlalchemy import insert

    from caseworker.models import Person
    return db.session.execute(insert(Person.__table__).values(
        iin="900517301423", birth_date=date(1990, 5, 17), sex="M", last_name="Ахметов",
        first_name="Ерлан", name_search="ахметов ерлан", name_order="ахметов ерлан",
        name_fold="ахметов ерлан", region_id=district.region_id, district_id=district.id,
        rural=False, target_groups=[], languages=[], status="active",
        registered_on=date(2026, 3, 1), created_at=date(2026, 3, 1),
        updated_at=date(2026, 3, 1), version=1)).inserted_primary_key[0]
