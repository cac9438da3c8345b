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
The folding, checking and counting again are those of every count kept so (`kept_counts`).
"""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker.kept_counts import KeptCounts
from caseworker.models import Person, PersonCount


def _from_persons():
    return (select(Person.region_id, Person.district_id, Person.status, func.count())
            .group_by(Person.region_id, Person.district_id, Person.status))


PERSONS = KeptCounts(PersonCount.__table__, ("region_id", "district_id", "status"), "person",
                     _from_persons)
# kept: (region, district, status) -> n; differences: [((region, district, status), kept,
# counted)]
compact, recount, kept, differences = (
    PERSONS.compact, PERSONS.recount, PERSONS.kept, PERSONS.differences)
