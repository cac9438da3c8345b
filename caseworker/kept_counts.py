"""Counts the database keeps as rows of +1 and -1, which triggers on the table counted add in
the same transaction as each write to it (the person counts, `people.counts`; the places
allocations' referrals use, `measures.use`). Rows are only ever added, so writers never wait
for each other over a count; `compact` folds them into one row a key now and then, `kept`
adds them up, `differences` compares them with a count of the table, and `recount` makes
them again from it (after a bulk load written with the triggers dropped, or if a check finds
a difference)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Select, Table, delete, func, insert, select


@dataclass(frozen=True)
class KeptCounts:
    table: Table            # the kept rows: the key's columns and `n`
    key: tuple[str, ...]    # the columns a count is kept by
    counted: str            # the table whose rows are counted
    counting: Callable[[], Select]  # the key's columns and a count, from the rows counted

    def _key(self, row):
        """A key as the callers read it: the value itself when the key is one column."""
        return row[0] if len(self.key) == 1 else tuple(row)

    def compact(self, conn: Connection) -> int:
        """Fold the rows into one a key (none where they add up to nothing); returns the rows
        folded. A row added meanwhile by another transaction is left as it is: only the rows
        this DELETE removed are added up and written back, so a count is never lost or
        counted twice, even when two of these run at once."""
        columns = [self.table.c[name] for name in self.key]
        gone = conn.execute(delete(self.table).returning(*columns, self.table.c.n)).all()
        totals: dict[tuple, int] = defaultdict(int)
        for *key, n in gone:
            totals[tuple(key)] += n
        rows = [dict(zip((*self.key, "n"), (*key, n)))
                for key, n in sorted(totals.items()) if n]
        if rows:
            conn.execute(insert(self.table), rows)
        return len(gone)

    def recount(self, conn: Connection) -> int:
        """The rows made again from the table counted; returns how many. On PostgreSQL its
        writers wait meanwhile (a row written between the two statements would be counted
        twice)."""
        if conn.dialect.name == "postgresql":
            # The name comes from the definitions in the code, never from input.
            conn.exec_driver_sql(f"LOCK TABLE {self.counted} IN SHARE MODE")
        conn.execute(delete(self.table))
        return conn.execute(insert(self.table).from_select(
            (*self.key, "n"), self.counting())).rowcount

    def kept(self, conn: Connection) -> dict:
        """key -> the count kept (the keys whose rows add up to nothing left out)."""
        columns = [self.table.c[name] for name in self.key]
        stmt = select(*columns, func.sum(self.table.c.n)).group_by(*columns)
        return {self._key(key): int(n) for *key, n in conn.execute(stmt) if n}

    def differences(self, conn: Connection) -> list[tuple[object, int, int]]:
        """(key, kept, counted) where the kept counts differ from a count of the table."""
        counted = {self._key(key): n for *key, n in conn.execute(self.counting())}
        have = self.kept(conn)
        return [(key, have.get(key, 0), counted.get(key, 0))
                for key in sorted(set(have) | set(counted))
                if have.get(key, 0) != counted.get(key, 0)]
