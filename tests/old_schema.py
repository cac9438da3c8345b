"""Reference data for a database migrated only up to an older revision, written as that
schema takes it, by SQL: the territories (before dated territories, regions and districts
had fewer columns) and the measures (before dated versions, a measure carried its rules on
its own row)."""
from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

from sqlalchemy import inspect, text

from caseworker.extensions import db
from caseworker.reference_data import rows


@contextmanager
def at_revision(tmp_path, revision: str):
    """An app on a new SQLite file migrated up to `revision`, its context open: the database
    that a migration test fills in that revision's columns before it upgrades further."""
    from flask_migrate import upgrade

    from caseworker import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}",
                      "TESTING": True})
    with app.app_context():
        upgrade(revision=revision)
        yield app


def _insert(table: str, values: dict, have: set[str]) -> None:
    kept = {k: v for k, v in values.items() if k in have}
    db.session.execute(text(f"INSERT INTO {table} ({', '.join(kept)}) VALUES "
                            f"({', '.join(':' + k for k in kept)})"), kept)


def territories_by_sql() -> None:
    """Regions, districts and their career centres, in the columns the schema has."""
    conn = db.session.connection()
    have = {t: {c["name"] for c in inspect(conn).get_columns(t)}
            for t in ("region", "district", "career_centre")}
    surplus = {r["kato"] for r in rows("labour_surplus.csv")}
    for r in rows("regions.csv"):
        _insert("region", {"kato": r["kato"], "kind": r["kind"], "name_kk": r["name_kk"],
                           "name_ru": r["name_ru"], "name_en": r["name_en"],
                           "centre_en": r["centre_en"] or None,
                           "valid_from": r["valid_from"] or None,
                           "split_from": r["split_from"] or None,
                           "labour_surplus": r["kato"] in surplus}, have["region"])
    regions = dict(db.session.execute(text("SELECT kato, id FROM region")).tuples().all())
    for r in rows("districts.csv"):
        _insert("district", {"kato": r["kato"], "region_id": regions[r["region_kato"]],
                             "name_kk": r["name_kk"], "name_ru": r["name_ru"],
                             "name_en": r["name_en"], "urban": r["urban"] == "yes",
                             "name_source": r["name_source"], "kato_source": r["kato_source"]},
                have["district"])
    districts = dict(db.session.execute(text("SELECT kato, id FROM district")).tuples().all())
    for r in rows("districts.csv"):
        _insert("career_centre", {
            "district_id": districts[r["kato"]], "name_kk": f"{r['name_kk']} мансап орталығы",
            "name_ru": f"Центр карьеры ({r['name_ru']})", "name_en": f"{r['name_en']} Centre",
            "address_kk": r["centre_address_kk"], "address_ru": r["centre_address_ru"],
            "phone": r["centre_phone"], "head": r["centre_head"]}, have["career_centre"])
    db.session.flush()


def district_of(kato: str, first: bool = False) -> SimpleNamespace:
    """A district (id, region_id) by its KATO code, or a region's first district."""
    where = "r.kato = :kato ORDER BY d.kato LIMIT 1" if first else "d.kato = :kato"
    row = db.session.execute(text(
        "SELECT d.id, d.region_id FROM district d JOIN region r ON r.id = d.region_id "
        f"WHERE {where}"), {"kato": kato}).one()
    return SimpleNamespace(id=row[0], region_id=row[1], region=SimpleNamespace(id=row[1]))


def reference_before_versions() -> None:
    territories_by_sql()
    measures_by_sql()


def measures_by_sql() -> None:
    """The catalogue's measures without versions, in the columns the schema has (before
    versions a measure carried its rules on its row; before 0063 its notes were English)."""
    have = {c["name"] for c in inspect(db.session.connection()).get_columns("measure")}
    for r in rows("measures.csv"):
        _insert("measure", {"code": r["code"], "kind": r["kind"], "rules": "{}",
                            "rules_version": 1, "needs_approval": False, "benefit_unit": "none",
                            "active": True, "name_kk": r["name_kk"], "name_ru": r["name_ru"],
                            "name_en": r["name_en"], "notes": r["notes_en"] or None}, have)
    db.session.flush()


def person_row(district) -> int:
    """A person written as a row with the columns every revision has (today's model has more,
    which an older schema lacks); returns its id."""
    from datetime import date

    values = dict(
        iin="900517301423", birth_date=date(1990, 5, 17), sex="M", last_name="Ахметов",
        first_name="Ерлан", name_search="ахметов ерлан", name_order="ахметов ерлан",
        name_fold="ахметов ерлан", region_id=district.region_id, district_id=district.id,
        rural=False, target_groups="[]", languages="[]", status="active",
        registered_on=date(2026, 3, 1), created_at=date(2026, 3, 1),
        updated_at=date(2026, 3, 1), version=1)
    # only these columns: a Core insert of the model would add every column with a default
    return db.session.execute(text(
        f"INSERT INTO person ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"
        " RETURNING id"), values).scalar_one()
