"""SQLite as the embedded database: WAL, a busy timeout and foreign keys on every connection."""
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
        cur.close()
