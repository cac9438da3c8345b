"""Write rows fast through the driver: executemany on SQLite, binary COPY on PostgreSQL.

Rows are tuples in the order of the column names given (persons come from `persons.rows` in
`persons.COLUMNS` order). Each value goes through the column type's own bind processor, as
SQLAlchemy would store it, memoised per distinct value (dates and group sets repeat), so the
ORM reads the rows back unchanged (SQLite's timestamps are written by `datetime.isoformat`,
checked to give the same text); columns named in `raw` are passed as they are (JSON already
serialised, say). Other columns get their Python-side default once, or else their server
default.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from psycopg import pq
from psycopg._copy_base import BinaryFormatter  # COPY's binary rows without a connection
from psycopg.adapt import Transformer
from sqlalchemy import Connection, Table, text

from caseworker import collector
from caseworker.demo.persons import COLUMNS
from caseworker.models import Person

BATCH = 50_000


class _Memo(dict):
    """A bind processor that runs once per distinct value."""

    def __init__(self, process: Callable):
        super().__init__()
        self.process = process

    def __missing__(self, value):
        result = self[value] = self.process(value)
        return result


def _defaults(table: Table, given: tuple[str, ...]) -> dict[str, object]:
    """Python-side defaults of the columns that `rows` leaves out and the server does not
    fill (a column added later, say)."""
    values = {}
    for column in table.columns:
        default = column.default
        if (column.name in given or column.primary_key or column.server_default is not None
                or default is None or not (default.is_scalar or default.is_callable)):
            continue
        values[column.name] = default.arg if default.is_scalar else default.arg(None)
    return values


def _bind(column, dialect) -> Callable | None:
    """The column type's own bind processor for the dialect (None: values go as they are)."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _processor(column, dialect) -> Callable | None:
    """How a value of the column is stored: the type's bind processor, memoised; for SQLite
    timestamps (most of them distinct, so a memo would not help) `datetime.isoformat`, which
    writes the same text several times faster, once a probe shows that it does."""
    process = _bind(column, dialect)
    if process is None:
        return None
    if dialect.name == "sqlite" and column.type.python_type is datetime:
        probes = (datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 1, 2, 3, 4, 5, 60))
        if all(process(probe) == probe.isoformat(" ", "microseconds") for probe in probes):
            def timestamp(value):
                if type(value) is datetime:  # noqa: E721 (a subclass may format otherwise)
                    return value.isoformat(" ", "microseconds")
                return process(value)
            return timestamp
    return _Memo(process).__getitem__


def _plan(table: Table, given: tuple[str, ...], dialect,
          raw: frozenset[str]) -> tuple[list[str], list, list[tuple[int, Callable]]]:
    """Column names, the processed values appended to every row, and the processors."""
    extra = _defaults(table, given)
    names = [*given, *extra]
    processors = [(index, process) for index, name in enumerate(given) if name not in raw
                  and (process := _processor(table.c[name], dialect)) is not None]
    tail = []
    for name, value in extra.items():
        process = _bind(table.c[name], dialect)
        tail.append(value if process is None or name in raw else process(value))
    return names, tail, processors


def _batches(rows: Iterable[tuple], tail: list, processors, size: int) -> Iterator[list]:
    rows = iter(rows)
    if not tail and not processors:  # the rows as they are
        while chunk := list(islice(rows, size)):
            yield chunk
        return
    while chunk := list(islice(rows, size)):
        batch = []
        for row in chunk:
            values = [*row, *tail]
            for index, process in processors:
                values[index] = process(values[index])
            batch.append(values)
        yield batch


def write_persons(connection: Connection, rows: Iterable[tuple],
                  progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
    """Insert person rows (in `persons.COLUMNS` order); the caller commits."""
    return write_rows(connection, Person.__table__, COLUMNS, rows, progress, batch)


def write_rows(connection: Connection, table: Table, columns: tuple[str, ...],
               rows: Iterable[tuple], progress: Callable[[int], None] | None = None,
               batch: int = BATCH, raw: frozenset[str] = frozenset()) -> int:
    """Insert the rows into `table` in the connection's current transaction; the caller
    commits. The cyclic garbage collector pauses meanwhile: the rows hold no cycles, and
    collecting while millions of them are made costs a third of the time."""
    with collector.paused():
        return _write(connection, table, tuple(columns), rows, progress, batch, raw)


def _write(connection: Connection, table: Table, given: tuple[str, ...], rows: Iterable[tuple],
           progress: Callable[[int], None] | None, batch: int, raw: frozenset[str]) -> int:
    names, tail, processors = _plan(table, given, connection.dialect, raw)
    columns = ", ".join(names)
    driver = connection.connection.driver_connection
    done = 0
    with closing(driver.cursor()) as cursor:
        if connection.dialect.name == "postgresql":
            # binary: each value is sent as its column's type stores it, not as text that
            # the server parses again (formatting a row took five times as long, and
            # storing it half as long again)
            types = _column_types(cursor, table.name, names, raw)
            with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                for chunk in _batches(rows, tail, processors, batch):
                    for values in chunk:
                        copy.write_row(values)
                    done += len(chunk)
                    if progress:
                        progress(len(chunk))
            return done
        # Table and column names come from the model, never from input; values are bound.
        sql = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join('?' * len(names))})"  # nosec B608
        for chunk in _batches(rows, tail, processors, batch):
            cursor.executemany(sql, chunk)
            done += len(chunk)
            if progress:
                progress(len(chunk))
    return done


@dataclass
class Copying:
    """How a table's rows go to PostgreSQL by binary COPY, worked out once through the
    connection: `encode` then turns rows into COPY's data without it (in a process of its own,
    say: the national history's parts, `demo.parts`), as `write_rows` would send them, and
    `send` stores that data in the connection's transaction."""
    table: str
    names: list[str]
    tail: list
    processors: list
    transformer: Transformer  # the connection's adapters, dumping to the columns' types


def copying(connection: Connection, table: Table, columns: tuple[str, ...],
            raw: frozenset[str] = frozenset()) -> Copying:
    names, tail, processors = _plan(table, tuple(columns), connection.dialect, raw)
    driver = connection.connection.driver_connection
    with closing(driver.cursor()) as cursor:
        types = _column_types(cursor, table.name, names, raw)
    transformer = Transformer(driver)
    transformer.set_dumper_types(types, pq.Format.BINARY)
    return Copying(table.name, names, tail, processors, transformer)


def encode(how: Copying, rows: Iterable[tuple]) -> bytearray:
    """The rows as COPY's binary data, whole: its signature, the rows and its trailer."""
    formatter = BinaryFormatter(how.transformer)
    data = bytearray()
    for chunk in _batches(rows, how.tail, how.processors, BATCH):
        for values in chunk:
            data += formatter.write_row(values)
    data += formatter.end()
    return data


def send(connection: Connection, how: Copying, data: bytes) -> None:
    """COPY's data made by `encode`, stored in the connection's transaction."""
    driver = connection.connection.driver_connection
    # Table and column names come from the model, never from input.
    statement = f"COPY {how.table} ({', '.join(how.names)}) FROM STDIN (FORMAT BINARY)"
    with closing(driver.cursor()) as cursor, cursor.copy(statement) as copy:
        copy.write(data)


class Writer:
    """Writes chunks of rows, table by table (`write_rows`), and counts them in `written`
    (rows per table name); with `overlap`, in a thread while the caller makes the next chunk
    (one chunk at a time: a chunk waits for the one before it, so the rows go in the order
    they were made and the connection serves one writer)."""

    def __init__(self, conn: Connection, written: dict[str, int], overlap: bool):
        self.conn, self.written = conn, written
        self.pool = ThreadPoolExecutor(1) if overlap else None
        self.pending: Future | None = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *_exc) -> None:
        if self.pool is not None:
            try:
                self._wait()
            finally:
                self.pool.shutdown()

    def write(self, tables: list[tuple[Table, tuple[str, ...], str, list, frozenset[str]]],
              persons: int, progress: Callable[[int], None] | None) -> None:
        """Each (table, columns, name, rows, raw columns); then `progress(persons)`."""
        if self.pool is None:
            self._write(tables, persons, progress)
            return
        self._wait()
        self.pending = self.pool.submit(self._write, tables, persons, progress)

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # a failed write is raised here

    def _write(self, tables, persons: int, progress: Callable[[int], None] | None) -> None:
        for table, columns, name, rows, raw in tables:
            self.written[name] += write_rows(self.conn, table, columns, rows, raw=raw)
        if progress:
            progress(persons)


JSON, TEXT = 114, 25  # PostgreSQL's type oids


def _column_types(cursor, table: str, names: list[str], raw: frozenset[str]) -> list[int]:
    """The type (oid) of each named column of the table, as the catalogue has it; a `raw`
    JSON column's values, serialised already, go as text, which is JSON's binary form too (as
    JSON, psycopg would serialise the text once more; what the JSON type's bind processor
    gives, psycopg's own `Json`, goes as JSON)."""
    cursor.execute("SELECT attname, CAST(atttypid AS integer) FROM pg_attribute "
                   "WHERE attrelid = CAST(%s AS regclass) AND attnum > 0 AND NOT attisdropped",
                   (table,))
    found = dict(cursor.fetchall())
    return [TEXT if found[name] == JSON and name in raw else found[name] for name in names]


def deferred_ddl(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(drop, create) statements for what a bulk load of the table is faster without: its
    secondary indexes, and on PostgreSQL also its unique and foreign key constraints (checked
    once at the end instead of row by row); and its triggers (what they keep, the person
    counts or the places used, is made again from the rows by the caller). Foreign keys come
    last, to be made last."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            "AND tbl_name = :table AND sql IS NOT NULL"), {"table": table})
        return [(f"DROP {kind.upper()} {name}", sql) for kind, name, sql in rows]
    triggers = conn.execute(text(
        "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE tgrelid = CAST(:table AS regclass) AND NOT tgisinternal"), {"table": table})
    indexes = conn.execute(text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = :table AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = CAST(:table AS regclass))"), {"table": table})
    constraints = conn.execute(text(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = CAST(:table AS regclass) AND contype IN ('u', 'f') "
        "ORDER BY contype DESC"), {"table": table})
    # Names come from the catalogue, never from input.
    return [(f"DROP INDEX {name}", ddl) for name, ddl in indexes] + [
        (f'DROP TRIGGER {name} ON "{table}"', ddl) for name, ddl in triggers] + [
        (f'ALTER TABLE "{table}" DROP CONSTRAINT {name}',
         f'ALTER TABLE "{table}" ADD CONSTRAINT {name} {ddl}') for name, ddl in constraints]


def restore(conn: Connection, deferred: list[tuple[str, str]]) -> None:
    """What `deferred_ddl` gave, made again once the rows are in: the indexes, then the
    constraints, foreign keys last. On PostgreSQL with memory enough to sort an index in one
    go and to check a foreign key against a hash of every id it refers to (with the default
    4 MB, that of a million persons is split into batches written to disk and read again)."""
    postgres = bool(deferred) and conn.dialect.name == "postgresql"
    if postgres:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
    for _, create in sorted(deferred, key=lambda pair: "FOREIGN KEY" in pair[1]):
        conn.exec_driver_sql(create)
    if postgres:
        conn.exec_driver_sql("SET LOCAL work_mem TO DEFAULT")


def follow_sequences(conn: Connection, models: Iterable) -> None:
    """On PostgreSQL the id sequences of the models' tables continue after the ids a bulk
    write gave."""
    if conn.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__.name
        # Table names come from the models, never from input.
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608
            f"(SELECT coalesce(max(id), 1) FROM {table}))")
