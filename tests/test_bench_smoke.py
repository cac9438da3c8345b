"""The benchmark's code on tiny data, in-process, so it does not rot. It asserts what the
harness produces, never how fast anything is."""
from __future__ import annotations

import dataclasses
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select, text
from werkzeug.serving import make_server

from bench import build, measure, report
from bench.build import Build
from bench.cases import CASES, choose
from bench.limits import DEADLINE, Failed, attempt
from bench.timing import percentile, timed
from caseworker import demo
from caseworker.demo import history
from caseworker.domain.iin import is_valid
from caseworker.extensions import db
from caseworker.casework import facts
from caseworker.measures import use
from caseworker.models import Interaction, Person, Referral
from tests.conftest import TODAY

SETTINGS = measure.Settings(requests=3, warmup=1, concurrency=2, seconds=600)


@pytest.fixture
def tiny(app, monkeypatch, tmp_path):
    """150 persons with the national demo's bulk history, so that every case has subjects;
    an export of more than a few rows is a background job (run at once, as in tests)."""
    monkeypatch.setattr(history, "BULK_FROM", 1)
    monkeypatch.setitem(app.config, "EXPORT_JOB_ROWS", 5)
    monkeypatch.setitem(app.config, "FILES_DIR", str(tmp_path / "files"))
    with app.app_context():
        teams = demo.create_users()
        assert demo.add_persons(150, TODAY, teams) == 150
        demo.add_casework(TODAY)
        db.session.commit()
    return choose(app, sample=5)


def test_bulk_rows_read_back_and_every_case_is_measured_beside_its_floor(app, tiny):
    with app.app_context():
        persons = db.session.scalars(select(Person)).all()
        assert len({p.iin for p in persons}) == 150
        assert all(is_valid(p.iin, TODAY) for p in persons)
        assert all(isinstance(p.target_groups, list) for p in persons)
        assert persons[0].created_at.year > 2000 and persons[0].birth_date.year > 1900
    assert set(tiny.logins) == {case.role for case in CASES} and tiny.person_ids
    assert tiny.iins and tiny.prefixes and tiny.letters
    server = {case.name: measure.server_time(app, case, tiny, SETTINGS) for case in CASES}
    for case in CASES:
        done = server[case.name]
        assert not isinstance(done, str), done
        assert len(done.timing.latencies) == len(done.sql.latencies) == (case.requests or 3)
        assert 0 < done.statements[0] <= done.statements[1]
    table = report.rows(CASES, server, {}, None, None)
    text = report.document(table, Build(app.config["SQLALCHEMY_DATABASE_URI"], 150), SETTINGS)
    for case in CASES:
        assert f"| {case.name} · server |" in text
    assert "- persons: 150" in text and "| raw SQL" in text


def test_http_figures_through_the_login_form(app, tiny):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:  # every case over a real socket: its path and form must survive http.client
        done = {case.name: measure.over_http(server.port, SETTINGS, case, tiny)
                for case in CASES}
    finally:
        server.shutdown()
        thread.join()
    case = CASES[-1]
    http = done[case.name]
    assert all(len(h.sequential.latencies) == len(h.concurrent.latencies) == (c.requests or 3)
               for c, h in zip(CASES, done.values()))
    table = report.rows([case], {case.name: measure.Server(http.sequential, (1, 1),
                                                           http.sequential)},
                        {case.name: http}, http, http.sequential)
    assert [row.figure for row in table][-2:] == [
        "floor: minimal Flask · HTTP", "floor: WeasyPrint `<p>x</p>` to PDF"]


def test_a_case_that_fails_is_reported_with_its_reason(app, tiny):
    broken = dataclasses.replace(CASES[-1], path=lambda subjects, i: "/people/0")
    result = attempt(broken.name, lambda: measure.server_time(app, broken, tiny, SETTINGS))
    assert isinstance(result, str) and "HTTP 404" in result
    row = report.rows([broken], {broken.name: result}, {}, None, None)[0]
    assert row.cells()[1:3] == ["—", "—"] and row.within.startswith("**no**: failed")


def test_a_sqlite_statement_stops_at_the_deadline_of_its_call():
    engine = create_engine("sqlite://")
    DEADLINE.install(engine)
    endless = text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                   "WHERE i < 100000000) SELECT count(*) FROM n")
    with engine.connect() as conn, pytest.raises(Failed, match="interrupted"):
        DEADLINE.bound(lambda _i: conn.execute(endless), 0.05)(0)
    engine.dispose()


def test_bulk_rows_are_stored_as_the_orm_stores_them(app, tiny):
    """Timestamps written in bulk are the text SQLAlchemy writes (SQLite keeps them as text),
    the casework facts of every person agree with their history, and the indexes and
    constraints dropped while the history was written are back."""
    with app.app_context():
        dialect = db.engine.dialect
        if dialect.name == "sqlite":
            stored = db.session.scalars(text("SELECT at FROM interaction ORDER BY id LIMIT 50"))
            read = db.session.scalars(select(Interaction.at).order_by(Interaction.id).limit(50))
            process = Interaction.__table__.c.at.type.dialect_impl(dialect).bind_processor(
                dialect)
            assert list(stored) == [process(value) for value in read]
        assert facts.differences(db.session.connection()) == []
        with db.engine.connect() as conn:  # what the bulk history dropped is there again
            assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []


def _filled_tables(engine) -> set[str]:
    with engine.connect() as conn:
        return {table.name for table in db.metadata.sorted_tables
                if conn.scalar(select(func.count()).select_from(table))}


def test_a_bench_build_fills_the_tables_that_flask_demo_fills(app, runner, tmp_path):
    url, records = f"sqlite:///{tmp_path / 'bench.sqlite'}", tmp_path / "builds.json"
    made = build.prepare(url, 60, records=records, log=lambda _line: None)
    assert made.built and made.persons == 60 and made.phases["persons"] >= 0
    engine = create_engine(url)
    with engine.connect() as conn:  # refreshed by the build itself, once the rest is in
        assert facts.differences(conn) == [] and made.phases["facts"] >= 0
    engine.dispose()
    result = runner.invoke(args=["demo", "--persons", "60"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        by_demo = _filled_tables(db.engine)
    engine = create_engine(url)
    assert _filled_tables(engine) == by_demo
    engine.dispose()
    again = build.prepare(url, 60, records=records, log=lambda _line: None)
    assert not again.built and again.phases == made.phases


def test_loops_are_bounded_by_count_and_threads_share_the_work():
    calls: list[int] = []
    timing = timed(lambda: calls.append, requests=7, seconds=600, concurrency=3)
    assert sorted(calls) == list(range(7)) and len(timing.latencies) == 7
    assert percentile([5, 1, 3, 2, 4], 50) == 3 and percentile([1, 2], 95) == 2


def _schema_of(conn, tables: list[str]) -> set[tuple]:
    """The tables' indexes and constraints as PostgreSQL's catalogue holds them, with whether
    each constraint is checked (validated)."""
    indexes = conn.execute(text(
        "SELECT tablename, indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema() AND tablename = ANY(:tables)"), {"tables": tables})
    constraints = conn.execute(text(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
        "FROM pg_constraint WHERE conrelid::regclass::text = ANY(:tables)"), {"tables": tables})
    return {tuple(row) for row in indexes} | {tuple(row) for row in constraints}


def test_a_national_history_commits_and_makes_its_indexes_in_several_connections(
        app, monkeypatch):
    """On PostgreSQL the bench build hands the history's indexes and constraints to
    `remake_history`: what was written is committed, they are made in several connections
    at once, foreign keys checked, and the build goes on; the schema is as it was."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the build makes them at once on PostgreSQL only")
        tables = [model.__table__.name for model, _, _ in history.TABLES]
        with db.engine.connect() as conn:
            before = _schema_of(conn, tables)
        monkeypatch.setattr(history, "BULK_FROM", 1)
        handed: list = []

        def remake(deferred):
            handed.extend(deferred)
            return build.remake_history(deferred)
        teams = demo.create_users()
        demo.add_persons(120, TODAY, teams)
        made = demo.add_casework(TODAY, remake_history=remake)
        db.session.commit()
        with db.engine.connect() as conn:
            after = _schema_of(conn, tables)
            referrals = conn.scalar(select(func.count()).select_from(Referral))
            drifted = use.differences(conn)  # referral's triggers were dropped meanwhile
    assert after == before and all(row[-1] is True for row in after if len(row) == 4)
    assert any(" FOREIGN KEY " in create for _, create in handed)
    assert 0 < made <= referrals and drifted == []
