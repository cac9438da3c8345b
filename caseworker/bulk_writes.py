"""Rows written through the driver rather than as objects the session keeps and flushes one by
one: what a batch (an import of many) writes, so that its rows do not fill the session and a
versioned row's UPDATE is not one statement each. No flush sees them: the caller keeps what a
flush would have kept current (the indicator summary, the casework facts)."""
from __future__ import annotations

from collections import defaultdict
from operator import itemgetter

from sqlalchemy import bindparam, insert, inspect, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from caseworker.extensions import db
from caseworker.models.types import utcnow


_PLANS: dict[tuple, tuple | None] = {}


def _plan(table, keys: tuple[str, ...], dialect) -> tuple | None:
    """How SQLite's driver is given rows of these columns: the INSERT as SQLAlchemy compiles
    it, its values in order and the types' bind processors; None when SQLAlchemy must make
    the values (another database, a column left out whose default it makes in Python)."""
    plan_key = (table, keys, dialect)
    if plan_key not in _PLANS:
        plan = None
        if dialect.name == "sqlite":
            compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
            order = tuple(compiled.positiontup)
            if not compiled.insert_prefetch and set(order) == set(keys):
                processors = compiled._bind_processors
                plan = (str(compiled), itemgetter(*order),
                        tuple((index, processors[name]) for index, name in enumerate(order)
                              if name in processors))
        _PLANS[plan_key] = plan
    return _PLANS[plan_key]


def written(table, rows: list[dict]) -> None:
    """Rows of a table (each with the same columns) written with one INSERT. On SQLite they
    go to the driver's executemany with their values made as SQLAlchemy's own statement
    makes them (the columns' types' bind processors), without its work for each row."""
    if not rows:
        return
    connection = db.session.connection()
    keys = tuple(rows[0])
    plan = _plan(table, keys, connection.dialect) if len(keys) > 1 else None
    if plan is None:
        db.session.execute(insert(table), rows)
        return
    sql, values, processors = plan
    params = []
    for row in rows:
        made = list(values(row))
        for index, process in processors:
            made[index] = process(made[index])
        params.append(tuple(made))
    connection.exec_driver_sql(sql, params)


def inserted(model, rows: list[dict]) -> list[int]:
    """Rows of a model written with one INSERT through the driver (no object is made or kept
    by the session): their new ids, in the order of the rows.

    SQLite does not promise RETURNING's order, so a RETURNING of many rows in their order
    is one statement a row there. Instead its first row is written alone, which gives its id
    and takes the database's write lock (no other connection writes until the transaction
    ends); the others are given the ids SQLite would give them one after the other, the
    next above the largest (an integer key, with or without AUTOINCREMENT), and written with
    one executemany."""
    if not rows:
        return []
    table = model.__table__
    if db.session.get_bind().dialect.name != "sqlite":
        return list(db.session.scalars(insert(table).returning(
            table.c.id, sort_by_parameter_order=True), rows))
    first = db.session.scalar(insert(table).returning(table.c.id), rows[0])
    ids = list(range(first, first + len(rows)))
    written(table, [row | {"id": new_id} for row, new_id in zip(rows[1:], ids[1:])])
    return ids


def flushed_new(objects: list) -> None:
    """New objects of one model added to the session and flushed. On SQLite the first is
    flushed alone (its id, and the database's write lock) and the others given the ids SQLite
    would give them next, so that the flush writes them with one executemany rather than an
    INSERT with RETURNING for each (see `inserted`)."""
    if len(objects) > 1 and db.session.get_bind().dialect.name == "sqlite":
        db.session.add(objects[0])
        db.session.flush()
        # a column the database also has a default for is given its value (the one the
        # model's default gives): the flush would otherwise read it back, row by row
        table = inspect(objects[0]).mapper.local_table
        given = [(column.key, column.default.arg) for column in table.columns
                 if column.server_default is not None and column.default is not None
                 and column.default.is_scalar]
        for offset, record in enumerate(objects[1:], 1):
            record.id = objects[0].id + offset
            values = inspect(record).dict
            for key, value in given:
                if key not in values:
                    setattr(record, key, value)
    db.session.add_all(objects)
    db.session.flush()


def changed_through(objects: list) -> None:
    """Objects of the session whose columns a rule changed (a person employed, an episode
    closed), written with one UPDATE a model and set of columns through the driver rather
    than one a row by the flush, and then held as committed (no flush writes them again, nor,
    when nothing else of theirs changed, looks at them: each flush would, otherwise). A
    versioned model's row must still have the version read, as a flush asks; a column the
    model sets on each update (`onupdate`) is set too."""
    groups: dict[tuple, list] = defaultdict(list)
    for record in objects:
        state = inspect(record)
        mapper = state.mapper
        columns = mapper.column_attrs  # the columns set since it was read
        names = tuple(sorted(key for key in state.committed_state if key in columns))
        if names:
            groups[(mapper, names)].append((record, state))
    identity_map = db.session.identity_map
    for (mapper, names), records in groups.items():
        table, version = mapper.local_table, mapper.version_id_col
        stamped = tuple(c.key for c in table.columns if c.onupdate is not None
                        and c.key not in names)
        where = table.c.id == bindparam("w_id")
        if version is not None:
            where = where & (version == bindparam("w_version"))
        values = {name: bindparam(f"v_{name}") for name in names + stamped}
        if version is not None:
            values[version.key] = bindparam("w_next")
        rows = []
        for record, state in records:
            row = {"w_id": record.id} | {f"v_{name}": getattr(record, name) for name in names}
            row |= {f"v_{name}": utcnow() for name in stamped}
            if version is not None:
                current = state.dict[version.key]  # as read: a rule never sets it
                row |= {"w_version": current, "w_next": current + 1}
            rows.append(row)
            for name in names:
                set_committed_value(record, name, row[f"v_{name}"])
            for name in stamped:
                set_committed_value(record, name, row[f"v_{name}"])
            if version is not None:
                set_committed_value(record, version.key, row["w_next"])
            if not state.committed_state:  # nothing else to write: as clean as after a flush
                state._commit_all(state.dict, identity_map)
        done = db.session.execute(update(table).where(where).values(values), rows)
        if (version is not None and db.session.get_bind().dialect.supports_sane_multi_rowcount
                and done.rowcount != len(rows)):
            raise StaleDataError(f"a row of {table.name} was changed meanwhile")


def row_of(record) -> dict:
    """A model object's columns (but its id) as the row a statement writes."""
    return {attr.columns[0].key: getattr(record, attr.key)
            for attr in inspect(type(record)).column_attrs if not attr.columns[0].primary_key}
