"""Filling a new column of `person` from its casefolded name, a batch at a time: what the
migrations that add a name key run over the persons registered so far."""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa


def fill_person_name_key(bind, column: str, key: Callable[[str], str],
                         batch: int = 50_000) -> None:
    """Set `column` of every person to `key(name_search)`."""
    person = sa.table("person", sa.column("id", sa.Integer),
                      sa.column("name_search", sa.String), sa.column(column, sa.String))
    last = 0
    while True:
        rows = bind.execute(sa.select(person.c.id, person.c.name_search)
                            .where(person.c.id > last).order_by(person.c.id).limit(batch)).all()
        if not rows:
            return
        bind.execute(person.update().where(person.c.id == sa.bindparam("pid"))
                     .values({column: sa.bindparam("key")}),
                     [{"pid": pid, "key": key(name or "")} for pid, name in rows])
        last = rows[-1][0]
