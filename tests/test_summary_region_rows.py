"""A whole region's rows of the indicator summary (no district: a Roadmap project of the whole
region) keep one row per key as a district's do: an add of a cell already there adds to its
row; two regions', and a district's and its region's, stay apart; and the migration that
brought the key merges the rows that an add had duplicated before it (and goes back)."""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, insert, select, text

from caseworker.extensions import db
from caseworker.indicators import queries, summary
from caseworker.models import IndicatorDay, ProjectProgress, RoadmapProject
from caseworker.sqlite import in_transaction
from tests import factories as f
from tests.conftest import statements_of
from tests.old_schema import at_revision, district_of, territories_by_sql

KYZYLORDA, SHYMKENT = "430000000", "790000000"
CODE = "project_funds_used"
DAY = date(2026, 3, 10)
MIGRATION = Path(__file__).parent.parent / "migrations" / "versions" / \
    "0064_summary_region_rows.py"


def _cell(region_id: int, district_id: int | None, value: int, grain: str = "d",
          day: date = DAY) -> dict:
    return {(CODE, 2026, region_id, district_id, grain, day): [value, 1]}


def _rows() -> list[tuple]:
    """(region, district, grain, day, value, units) of every summary row, in order."""
    return sorted(db.session.execute(select(
        IndicatorDay.region_id, IndicatorDay.district_id, IndicatorDay.grain, IndicatorDay.day,
        IndicatorDay.value, IndicatorDay.units)).tuples().all(),
        key=lambda row: (row[0], row[1] or 0, row[2], row[3]))


def test_a_whole_regions_cell_added_twice_is_one_row_with_the_sum(ctx):
    region = f.region(KYZYLORDA).id
    conn = db.session.connection()
    summary.add(conn, _cell(region, None, 300))
    summary.add(conn, _cell(region, None, 200))
    summary.add(conn, _cell(region, None, -50))
    assert _rows() == [(region, None, "d", DAY, 450, 3)]


def test_two_regions_whole_region_cells_stay_apart(ctx):
    one, other = f.region(KYZYLORDA).id, f.region(SHYMKENT).id
    conn = db.session.connection()
    for _ in range(2):
        summary.add(conn, {**_cell(one, None, 10), **_cell(other, None, 7)})
    assert _rows() == sorted([(one, None, "d", DAY, 20, 2), (other, None, "d", DAY, 14, 2)])


def test_a_districts_cell_and_its_regions_cell_stay_apart(ctx):
    district = f.districts_of(KYZYLORDA)[0]
    region = district.region_id
    conn = db.session.connection()
    for _ in range(2):
        summary.add(conn, {**_cell(region, district.id, 5), **_cell(region, None, 3)})
    assert _rows() == [(region, None, "d", DAY, 6, 2), (region, district.id, "d", DAY, 10, 2)]


def test_an_add_is_two_statements_at_most(app, ctx):
    district = f.districts_of(KYZYLORDA)[0]
    cells = {**_cell(district.region_id, district.id, 5), **_cell(district.region_id, None, 3),
             **_cell(district.region_id, None, 4, "m", DAY.replace(day=1)),
             **_cell(district.region_id, district.id, 4, "y", date(2026, 1, 1))}
    conn = db.session.connection()
    with statements_of(app) as statements:
        summary.add(conn, cells)
    assert len(statements) == 2
    with statements_of(app) as statements:
        summary.add(conn, _cell(district.region_id, None, 1))
    assert len(statements) == 1


def test_progress_entries_of_a_whole_region_keep_one_row_per_day_month_and_year(ctx):
    district = f.districts_of(KYZYLORDA)[0]
    project = RoadmapProject(region_id=district.region_id, district_id=None, year=2026,
                             name="Жоба", jobs_kind="permanent", jobs_planned=40,
                             funds_allocated_kzt=10**8)
    db.session.add(project)
    db.session.flush()
    for funds in (1_000_000, 2_500_000):
        db.session.add(ProjectProgress(project_id=project.id, on=DAY, funds_used_kzt=funds,
                                       jobs_created=2, permanent_jobs=1,
                                       region_id=district.region_id))
        db.session.flush()
    rows = db.session.execute(select(IndicatorDay.grain, IndicatorDay.value).where(
        IndicatorDay.indicator_code == CODE)).tuples().all()
    assert sorted(rows) == [("d", 3_500_000), ("m", 3_500_000), ("y", 3_500_000)]
    facts = summary.facts(queries.Period(2026, date(2026, 12, 31)))
    assert facts[district.region_id][CODE] == (3_500_000, 2)


def _migration():
    spec = importlib.util.spec_from_file_location("summary_region_rows", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _index_names() -> set[str]:
    return {i["name"] for i in inspect(db.session.connection()).get_indexes("indicator_day")}


def test_the_migration_merges_the_duplicated_rows_of_a_whole_region(ctx):
    """On the test database (either dialect), in a transaction rolled back at the end: back
    to the revision before (the region's key gone), duplicates as an add made them then, and
    up again."""
    migration = _migration()
    assert (migration.revision, migration.down_revision) == (
        "summary_region_rows", "measure_words")
    district = f.districts_of(KYZYLORDA)[0]
    one, other = district.region_id, f.region(SHYMKENT).id
    in_transaction(db.session)  # SQLite: the DDL too inside the transaction rolled back
    conn = db.session.connection()
    with Operations.context(MigrationContext.configure(conn)):
        migration.downgrade()
        assert "ix_indicator_day_region_key" not in _index_names()
        rows = [(one, None, "d", DAY, 100, 1), (one, None, "d", DAY, 250, 2),
                (one, None, "d", DAY, -30, -1), (one, None, "m", DAY.replace(day=1), 100, 1),
                (one, None, "m", DAY.replace(day=1), 250, 2), (other, None, "d", DAY, 9, 1),
                (other, None, "d", DAY, 1, 1), (one, district.id, "d", DAY, 40, 1)]
        conn.execute(insert(IndicatorDay), [
            dict(indicator_code=CODE, year=2026, region_id=region, district_id=district_id,
                 grain=grain, day=day, value=value, units=units)
            for region, district_id, grain, day, value, units in rows])
        migration.upgrade()
    assert "ix_indicator_day_region_key" in _index_names()
    assert _rows() == sorted([
        (one, None, "d", DAY, 320, 2), (one, None, "m", DAY.replace(day=1), 350, 3),
        (one, district.id, "d", DAY, 40, 1), (other, None, "d", DAY, 10, 2)],
        key=lambda row: (row[0], row[1] or 0, row[2], row[3]))
    # the kept row is the first of its key, and the key holds from now on
    summary.add(conn, _cell(other, None, 5))
    assert db.session.scalar(select(func.count()).select_from(IndicatorDay).where(
        IndicatorDay.region_id == other)) == 1
    db.session.rollback()


def test_the_migration_upgrades_and_downgrades_a_database_of_the_revision_before(tmp_path):
    """Through alembic, on an SQLite file migrated up to the revision before."""
    with at_revision(tmp_path, "measure_words"):
        territories_by_sql()
        district = district_of(KYZYLORDA, first=True)
        row = ("INSERT INTO indicator_day (year, indicator_code, region_id, district_id, grain, "
               "day, value, units) VALUES (2026, :code, :region, :district, 'd', :day, "
               ":value, 1)")
        for district_id, value in ((None, 7), (None, 8), (None, 9), (district.id, 4)):
            db.session.execute(text(row), {"code": CODE, "region": district.region_id,
                                           "district": district_id, "day": DAY,
                                           "value": value})
        db.session.commit()

        upgrade()
        assert sorted(db.session.execute(text(
            "SELECT district_id IS NULL, value, units FROM indicator_day")).tuples().all()) == [
            (0, 4, 1), (1, 24, 3)]
        assert "ix_indicator_day_region_key" in _index_names()
        db.session.commit()

        downgrade(revision="measure_words")
        assert "ix_indicator_day_region_key" not in _index_names()
        assert {"ix_indicator_day_key", "ix_indicator_day_read",
                "ix_indicator_day_region"} <= _index_names()


def test_the_regions_key_survives_a_bulk_write_that_drops_and_remakes_the_indexes(ctx):
    """The demo's bulk write of the summary drops its indexes and makes them again from the
    catalogue's statements: the region's key comes back partial and unique."""
    from caseworker.demo.bulk import deferred_ddl, restore
    region = f.region(KYZYLORDA).id
    in_transaction(db.session)
    conn = db.session.connection()
    deferred = deferred_ddl(conn, "indicator_day")
    assert any("ix_indicator_day_region_key" in create and "district_id IS NULL" in create
               for _, create in deferred)
    for drop, _ in deferred:
        conn.exec_driver_sql(drop)
    assert "ix_indicator_day_region_key" not in _index_names()
    restore(conn, deferred)
    indexes = {i["name"]: i for i in inspect(conn).get_indexes("indicator_day")}
    assert indexes["ix_indicator_day_region_key"]["unique"]
    for _ in range(2):
        summary.add(conn, {**_cell(region, None, 2), **_cell(region, f.districts_of(
            KYZYLORDA)[0].id, 1)})
    assert [row[4:] for row in _rows()] == [(4, 2), (2, 2)]
    db.session.rollback()
