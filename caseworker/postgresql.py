"""PostgreSQL as the app uses it: short statements, many a second. Its just-in-time
compilation of expressions starts on a statement whose estimated cost passes `jit_above_cost`,
which the counts of a district's or the country's persons do at national scale: compiling
them took about 270 ms of a 900 ms count, more than it saved. Every connection of the app
turns it off."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_done: set[int] = set()


def setup_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql" or id(engine) in _done:
        return
    _done.add(id(engine))

    @event.listens_for(engine, "connect")
    def _no_jit(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("SET jit = off")
        cur.close()
        dbapi_conn.commit()  # the setting holds for the session, outside any transaction
