"""SQLite as the embedded database: WAL, a busy timeout and foreign keys on every connection;
its transaction opened before a savepoint."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_done: set[int] = set()


def setup_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite" or id(engine) in _done:
        return
    _done.add(id(engine))

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Statistics for the query planner, sampled and only where they are missing or stale
        # (SQLite's advice for long-lived connections): without them it may pick an index
        # on two equal columns that matches thousands of rows over one that matches a few.
        cur.execute("PRAGMA analysis_limit=1000")
        cur.execute("PRAGMA optimize=0x10002")
        cur.close()


def in_transaction(session) -> None:
    """Make sure the database transaction is open before a savepoint. SQLite's driver opens
    one only before a write, and a SAVEPOINT taken outside a transaction is committed by its
    RELEASE: a file's first rows would stay saved though a later row refused the file.
    (PostgreSQL: always in one.)"""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection \
            .in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
