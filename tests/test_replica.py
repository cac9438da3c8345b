"""Reports read from the replica when one is configured (caseworker.replica): the indicator
pages and the API's report read there, every write and every other page goes to the primary,
and a browser that saved something reads the primary for a while.

The first test stands a second SQLite file in for the replica: a copy taken before a write, so
what a page shows says which database it read. The second builds a real PostgreSQL primary with
a streaming standby (initdb, pg_basebackup) on free ports, in the PostgreSQL pass."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, select, text

from caseworker import create_app
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import User
from caseworker.reference_data import load_all
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.servers import free_port


def make_app(primary: str, replica: str | None):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": primary,
                       "REPORTING_DATABASE_URL": replica, "SECRET_KEY": "test-secret",
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1", "RATELIMIT_ENABLED": False})


@contextmanager
def statements(app):
    """The statements each engine ran inside the block: {"primary": [...], "replica": [...]}."""
    seen = {"primary": [], "replica": []}
    with app.app_context():
        engines = {"primary": db.engine, "replica": db.engines["reporting"]}
    listeners = []
    for name, engine in engines.items():
        def note(_conn, _cursor, statement, *_args, _name=name):
            seen[_name].append(statement.split()[0].upper())
        event.listen(engine, "before_cursor_execute", note)
        listeners.append((engine, note))
    try:
        yield seen
    finally:
        for engine, note in listeners:
            event.remove(engine, "before_cursor_execute", note)


def build(app) -> None:
    with app.app_context():
        upgrade()
        load_all()
        f.team("430000000")
        db.session.commit()


def read_where(app, client, path: str) -> dict:
    with statements(app) as seen:
        assert client.get(path).status_code == 200
    return seen


def check_routing(app) -> None:
    """The same checks on any pair of databases."""
    officer, worker = app.test_client(), app.test_client()
    login(officer, "officer")
    login(worker, "cw")
    seen = read_where(app, officer, "/indicators/?year=2025")
    assert "SELECT" in seen["replica"]
    assert {"INSERT", "UPDATE", "DELETE"}.isdisjoint(seen["replica"])
    seen = read_where(app, worker, "/caseload")  # not a report: the primary only
    assert seen["replica"] == [] and "SELECT" in seen["primary"]


@pytest.mark.once
def test_reports_read_the_replica_and_a_save_reads_its_own_write(tmp_path):
    primary, copy = tmp_path / "primary.sqlite", tmp_path / "replica.sqlite"
    app = make_app(f"sqlite:///{primary}", f"sqlite:///{copy}")
    build(app)
    with sqlite3.connect(primary) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the replica as it stood before what follows
    with app.app_context():
        db.engines["reporting"].dispose()  # no connection to the file it replaced
    check_routing(app)

    api = app.test_client()
    with app.app_context():
        officer_user = db.session.scalar(select(User).where(User.login == "officer"))
        _token, secret = tokens.create(officer_user, "report reader")
        db.session.commit()
    with statements(app) as seen:
        answer = api.get("/api/v1/indicators?year=2025",
                         headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "SELECT" in seen["replica"]

    # A plan saved by the officer is on the primary only; the next report reads the primary.
    officer = app.test_client()
    login(officer, "officer")
    page = officer.get("/indicators/plans?year=2026")
    assert page.status_code == 200
    saved = officer.post("/indicators/plans?year=2026", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "indicator_code": "coverage",
        "district_id": "", "year": "2026", "target": "100"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with app.app_context():
        with db.engines["reporting"].connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM indicator_plan")).scalar() == 0
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM indicator_plan")).scalar() == 1
    seen = read_where(app, officer, "/indicators/?year=2026")
    assert seen["replica"] == [], "the page after a save reads the primary"


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*"), reverse=True):
        if (version / "bin" / name).exists():
            return str(version / "bin" / name)
    return None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture
def streaming_pair():
    """A PostgreSQL primary and its streaming standby in temporary folders, on free ports;
    commits wait until the standby has applied them (synchronous_commit = remote_apply)."""
    if os.environ.get("CASEWORKER_TEST_TARGET") != "postgresql":
        pytest.skip("in the PostgreSQL pass")
    tools = {name: _bin(name) for name in ("initdb", "pg_ctl", "pg_basebackup")}
    if None in tools.values():
        pytest.fail(f"PostgreSQL's server programs are needed: {tools}")
    root = Path(tempfile.mkdtemp(prefix="caseworker-replica-"))
    root.chmod(0o777)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    main, standby = root / "primary", root / "standby"
    ports = free_port(), free_port()
    run = lambda *args: subprocess.run(_as_postgres([*args]), check=True,  # noqa: E731
                                       capture_output=True, text=True)
    run(tools["initdb"], "-D", str(main), "-A", "trust", "-U", "postgres", "--no-sync")
    with open(main / "postgresql.conf", "a") as conf:
        conf.write(f"port = {ports[0]}\nlisten_addresses = '127.0.0.1'\n"
                   f"unix_socket_directories = '{root}'\nwal_level = replica\n"
                   "max_wal_senders = 4\nsynchronous_standby_names = '*'\n"
                   "synchronous_commit = remote_apply\nfsync = off\n")
    with open(main / "pg_hba.conf", "a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    run(tools["pg_ctl"], "-D", str(main), "-l", str(root / "primary.log"), "-w", "start")
    try:
        run(tools["pg_basebackup"], "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres",
            "-D", str(standby), "-R", "-X", "stream")
        with open(standby / "postgresql.conf", "a") as conf:
            conf.write(f"port = {ports[1]}\n")
        run(tools["pg_ctl"], "-D", str(standby), "-l", str(root / "standby.log"), "-w", "start")
        url = "postgresql+psycopg://postgres@127.0.0.1:{}/postgres"
        yield url.format(ports[0]), url.format(ports[1])
    finally:
        for folder in (standby, main):
            if (folder / "postmaster.pid").exists():
                subprocess.run(_as_postgres([tools["pg_ctl"], "-D", str(folder), "-m", "fast",
                                             "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_a_streaming_replica_serves_the_reports(streaming_pair):
    primary, replica = streaming_pair
    app = make_app(primary, replica)
    build(app)
    check_routing(app)
    with app.app_context():
        with db.engines["reporting"].connect() as conn:  # a standby: it refuses to write
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
            with pytest.raises(Exception, match="read-only"):
                conn.execute(text("CREATE TABLE nope (id int)"))
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
