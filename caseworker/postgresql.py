"""PostgreSQL as the app uses it: short statements, many a second. Its just-in-time
compilation of expressions starts on a statement whose estimated cost passes `jit_above_cost`,
which the counts of a district's or the country's persons do at national scale: compiling
them took about 270 ms of a 900 ms count, more than it saved. Every connection of the app
turns it off."""
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _no_jit(dbapi_conn, _record) -> None:
    with dbapi_conn.cursor() as cur:
        cur.execute("SET jit = off")
    dbapi_conn.commit()  # a session's setting, kept once its transaction ends


def setup_postgresql(engine: Engine) -> None:
    """Every new connection of `engine` (PostgreSQL only, once however often called)."""
    if engine.dialect.name == "postgresql" and not event.contains(engine, "connect", _no_jit):
        event.listen(engine, "connect", _no_jit)
