"""How many persons each district has in each status (`PersonCount`), read by the home pages
in place of counting `person` (at national scale a region's count took 60 ms of the regional
officer's home).

The database keeps the rows: a trigger on `person` adds +1 or -1 for every person written,
deleted, moved or changed in status, in the same transaction, whatever writes it (a form, the
API, an import, a bulk UPDATE). Rows are only ever added there, so two caseworkers registering
persons in one district at once never wait for each other. `compact` folds them into one row a
district and status (the schedule does so every few minutes); `differences` compares them with
`person` (nightly), and `recount` makes them again from `person` (after a bulk load written
with the triggers dropped, or if a check finds a difference).
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, delete, func, insert, select

from caseworker.models import Person, PersonCount

Key = tuple[int, int, str]  # region, district, status
_count = PersonCount.__table__
_COLUMNS = ("region_id", "district_id", "status", "n")


def compact(conn: Connection) -> int:
    """Fold the rows into one a district and status (none where they add up to nothing);
    returns the rows folded. A row added meanwhile by another transaction is left as it is:
    only the rows this DELETE removed are added up and written back, so a count is never lost
    or counted twice, even when two of these run at once."""
    gone = conn.execute(delete(_count).returning(
        _count.c.region_id, _count.c.district_id, _count.c.status, _count.c.n)).all()
    totals: dict[Key, int] = defaultdict(int)
    for region, district, status, n in gone:
        totals[(region, district, status)] += n
    rows = [dict(zip(_COLUMNS, (*key, n))) for key, n in sorted(totals.items()) if n]
    if rows:
        conn.execute(insert(_count), rows)
    return len(gone)


def _from_persons():
    return (select(Person.region_id, Person.district_id, Person.status, func.count())
            .group_by(Person.region_id, Person.district_id, Person.status))


def recount(conn: Connection) -> int:
    """The rows made again from `person`; returns how many. On PostgreSQL person's writers
    wait meanwhile (a person written between the two statements would be counted twice)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE person IN SHARE MODE")
    conn.execute(delete(_count))
    return conn.execute(insert(_count).from_select(_COLUMNS, _from_persons())).rowcount


def kept(conn: Connection) -> dict[Key, int]:
    stmt = (select(_count.c.region_id, _count.c.district_id, _count.c.status,
                   func.sum(_count.c.n))
            .group_by(_count.c.region_id, _count.c.district_id, _count.c.status))
    return {(r, d, s): int(n) for r, d, s, n in conn.execute(stmt) if n}


def differences(conn: Connection) -> list[tuple[Key, int, int]]:
    """(region, district, status), kept, counted: where the kept counts differ from `person`."""
    counted = {(r, d, s): n for r, d, s, n in conn.execute(_from_persons())}
    have = kept(conn)
    return [(key, have.get(key, 0), counted.get(key, 0))
            for key in sorted(set(have) | set(counted), key=str)
            if have.get(key, 0) != counted.get(key, 0)]
