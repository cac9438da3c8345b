"""An empty database of its own for a test that migrates or connects in its own way: a SQLite
file in the test's folder, or a new database on the test PostgreSQL server (dropped after)."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def on_postgres() -> bool:
    return os.environ.get("CASEWORKER_TEST_TARGET") == "postgresql"


@contextmanager
def fresh_database(tmp_path):
    """The URL of an empty database on the target of this test run."""
    if not on_postgres():
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    server = make_url(os.environ["CASEWORKER_TEST_DATABASE_URL"])
    name = f"caseworker_fresh_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
