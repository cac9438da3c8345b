"""The national-scale database: build it once, reuse it while it holds enough persons.

A build starts from an empty database: migrations, reference data and demo users; then the
persons through the driver in one transaction, with the secondary indexes of `person` (on
PostgreSQL its constraints too) dropped; then what `flask demo` adds once the persons are in
(`demo.add_casework`: the history, the indicator summary; on PostgreSQL the history is
committed as soon as it is written and its tables' indexes made in several connections,
`remake_history`), committed; the casework facts on
`person` (on PostgreSQL in two connections at once); and only then the indexes and constraints
of `person` again, once, over rows that no longer change (on PostgreSQL two at a time).
SQLite loads without a journal and without fsync (only here, on a database that is thrown away
if the build fails); PostgreSQL loads with COPY and is vacuumed and analysed afterwards, as
autovacuum would do soon after.
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import Connection, create_engine, inspect, make_url, text

from caseworker import clock, create_app, demo
from caseworker.casework import facts
from caseworker.demo.bulk import deferred_ddl, write_persons
from caseworker.demo.history import BULK_FROM
from caseworker.extensions import db
from caseworker.people import counts
from caseworker.reference_data import load_all

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = ROOT / "bench" / "data" / "caseworker-bench.sqlite"
RECORDS = ROOT / "bench" / "data" / "builds.json"
NATIONAL = 1_200_000
AT_ONCE = 2  # PostgreSQL connections that make person's indexes, and its facts, at once


@dataclass
class Build:
    url: str
    persons: int
    built: bool = False  # in this run
    phases: dict[str, float] = field(default_factory=dict)
    on: str = ""  # when it was built

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())

    @property
    def dialect(self) -> str:
        return dialect_of(self.url)


def database_url() -> str:
    return os.environ.get("CASEWORKER_BENCH_DATABASE_URL") or f"sqlite:///{SQLITE_FILE}"


def dialect_of(url: str) -> str:
    return make_url(url).get_backend_name()


def make_database(url: str) -> None:
    """The SQLite folder, or the PostgreSQL database when it does not exist yet."""
    parsed = make_url(url)
    if dialect_of(url) != "postgresql":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                             {"name": parsed.database})
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    admin.dispose()


def count_persons(url: str) -> int:
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("person"):
            return 0
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM person"))
    finally:
        engine.dispose()


def wipe(url: str) -> None:
    if dialect_of(url) == "postgresql":
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
        return
    for suffix in ("", "-wal", "-shm"):
        Path(make_url(url).database + suffix).unlink(missing_ok=True)


def load_persons(url: str, rows, progress) -> tuple[float, list[tuple[str, str]]]:
    """Bulk-load the rows into an empty person table whose secondary indexes (and on
    PostgreSQL its constraints) are dropped first; returns the seconds it took and the
    (drop, create) statements of them, to be made again (`make_again`) once the casework
    facts are written too."""
    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000",
                           "temp_store=MEMORY"):
                conn.exec_driver_sql(f"PRAGMA {pragma}")
        else:
            conn.exec_driver_sql("SET synchronous_commit = off")
        deferred = deferred_ddl(conn, "person")
        for drop, _ in deferred:
            conn.exec_driver_sql(drop)
        start = time.perf_counter()
        write_persons(conn, rows, progress)
        conn.commit()
        seconds = time.perf_counter() - start
    engine.dispose()
    return seconds, deferred


def make_again(url: str, deferred: list[tuple[str, str]]) -> None:
    """The indexes, constraints and triggers of person that the load dropped, the person
    counts that its triggers would have kept, and the planner's statistics for them; on
    PostgreSQL in `AT_ONCE` connections at once (`at_once`)."""
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        at_once(engine, deferred)
        _make(engine, [], recount=True)
        engine.dispose()
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA cache_size=-1000000")
        for _, statement in deferred:
            conn.exec_driver_sql(statement)
        counts.recount(conn)
        conn.exec_driver_sql("ANALYZE person")
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        conn.commit()
    engine.dispose()


def at_once(engine, deferred: list[tuple[str, str]]) -> None:
    """What `demo.bulk.deferred_ddl` dropped, made again on PostgreSQL in `AT_ONCE`
    connections, each taking the next statement left: the indexes, triggers and unique
    constraints (an index's sort takes one processor and what parallel workers it gets: at
    200,000 persons 3.4 s instead of 4.6-5.0 s); then the foreign keys, added `NOT VALID`
    in one connection (at once: nothing to check) and validated in `AT_ONCE` (a validation
    locks its own table against changes only, so validations of different tables run
    together; they are taken a table at a time in turn)."""
    keys = [(drop, create) for drop, create in deferred if " FOREIGN KEY " in create]
    _in_turn(engine, [create for drop, create in deferred if (drop, create) not in keys])
    _make(engine, [f"{create} NOT VALID" for _, create in keys])
    _in_turn(engine, _alternating(
        [drop.replace(" DROP CONSTRAINT ", " VALIDATE CONSTRAINT ") for drop, _ in keys]))


def _in_turn(engine, statements: list[str]) -> None:
    with ThreadPoolExecutor(AT_ONCE) as pool:
        list(pool.map(partial(_make, engine), ([statement] for statement in statements)))


def _alternating(statements: list[str]) -> list[str]:
    """`ALTER TABLE "t" ...` statements reordered so that each follows one of another table
    while there are any: first the first of every table, then the second, and so on."""
    tables: dict[str, list[str]] = {}
    for statement in statements:
        tables.setdefault(statement.split('"')[1], []).append(statement)
    rounds = max(map(len, tables.values()), default=0)
    return [each[n] for n in range(rounds) for each in tables.values() if n < len(each)]


def _make(engine, statements: list[str], recount: bool = False) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("SET maintenance_work_mem = '1GB'")
        conn.exec_driver_sql("SET work_mem = '256MB'")  # a validation's hash of the ids
        for statement in statements:
            conn.exec_driver_sql(statement)
        if recount:
            counts.recount(conn)
        conn.commit()


def remake_history(deferred: list[tuple[str, str]]) -> Connection:
    """`history.add_history`'s `remake` on PostgreSQL: the history written so far is
    committed (the build starts again from an empty database if it fails), its tables'
    indexes and constraints are made in `AT_ONCE` connections (`at_once`), and the
    session goes on in a new transaction."""
    db.session.commit()
    at_once(db.engine, deferred)
    return db.session.connection()


def refresh_facts(url: str) -> None:
    """The casework facts of every person, from the history committed before; on PostgreSQL
    in `AT_ONCE` connections at once, each a share of the persons (`facts.refresh`)."""
    engine = create_engine(url)
    shares = AT_ONCE if engine.dialect.name == "postgresql" else 1
    with ThreadPoolExecutor(shares) as pool:
        list(pool.map(partial(_refresh, engine, shares), range(shares)))
    engine.dispose()


def _refresh(engine, shares: int, number: int) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET synchronous_commit = off")
        facts.refresh(conn, share=(number, shares))
        conn.commit()


def vacuum(url: str) -> None:
    """On PostgreSQL, what autovacuum would do soon: visibility map and statistics."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def prepare(url: str, persons: int, rebuild: bool = False, log=print,
            records: Path = RECORDS) -> Build:
    """Reuse the database when it has at least `persons` persons, else build it anew.
    `records` keeps how each database was built, to be shown when it is reused."""
    make_database(url)
    have = 0 if rebuild else count_persons(url)
    if have >= persons:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()  # an older bench database follows the schema
        log(f"reusing {url}: {have} persons")
        return Build(url, have, **_records(records).get(url, {}))
    log(f"building {url}: {persons} persons")
    wipe(url)
    now = datetime.now(timezone.utc)
    build = Build(url, persons, built=True, on=f"{now:%Y-%m-%d %H:%M} UTC")
    start = time.perf_counter()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_all()
        teams = demo.create_users()
        if persons >= BULK_FROM:
            teams = demo.staff_districts(teams, persons)
        db.session.commit()
        rows = demo.person_rows(persons, clock.today(), teams)
        db.session.remove()
        db.engine.dispose()
    build.phases["schema"] = time.perf_counter() - start
    build.phases["persons"], deferred = load_persons(url, rows, Progress(persons, log))
    with app.app_context():
        remake = partial(_logged, log, "history's indexes", remake_history) \
            if build.dialect == "postgresql" else None
        referrals = demo.add_casework(clock.today(), Progress(persons, log, "casework"),
                                      build.phases, refresh_facts=False, remake_history=remake)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    start = time.perf_counter()
    refresh_facts(url)  # person has no secondary index yet: its facts are written faster
    build.phases["facts"] = time.perf_counter() - start
    start = time.perf_counter()
    make_again(url, deferred)
    build.phases["indexes"] = time.perf_counter() - start
    start = time.perf_counter()
    vacuum(url)
    build.phases["vacuum"] = time.perf_counter() - start
    log(f"built with {referrals} referrals in " + ", ".join(
        f"{k} {v:.1f} s" for k, v in build.phases.items()))
    known = {**_records(records), url: {"phases": build.phases, "on": build.on}}
    records.parent.mkdir(parents=True, exist_ok=True)  # on PostgreSQL nothing made it yet
    records.write_text(json.dumps(known, indent=1))
    return build


def _logged(log, what: str, work, *args):
    """`work(*args)`, logged with the seconds it took (a part of a phase)."""
    start = time.perf_counter()
    try:
        return work(*args)
    finally:
        log(f"  {what}: {time.perf_counter() - start:.1f} s")


def _records(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text()) if path.exists() else {}


class Progress:
    """Logs every tenth of the way."""

    def __init__(self, total: int, log, what: str = "persons"):
        self.total, self.done, self.shown, self.log, self.what = total, 0, 0, log, what
        self.start = time.perf_counter()

    def __call__(self, n: int) -> None:
        self.done += n
        if self.done * 10 // self.total > self.shown:
            self.shown = self.done * 10 // self.total
            self.log(f"  {self.what}: {self.done}, {time.perf_counter() - self.start:.1f} s")
