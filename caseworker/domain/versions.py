"""Things that hold from one day to another: a measure's versions (and anything else with
`valid_from` and an inclusive `valid_to`, None for an open end).

Pure functions: which version is in force on a day, and whether a new version may be added
beside the others (they never overlap; the open one is closed the day before a later start).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Protocol, TypeVar

UNITS = ("none", "MCI", "tenge", "percent_of_wage")


class Dated(Protocol):
    valid_from: date
    valid_to: date | None


D = TypeVar("D", bound=Dated)


def covers(item: Dated, day: date) -> bool:
    return item.valid_from <= day and (item.valid_to is None or day <= item.valid_to)


def in_force(items: Iterable[D], day: date) -> D | None:
    """The item in force on `day` (None: none was). Items that do not overlap have at most one;
    should bad data hold two, the later start wins."""
    found = [item for item in items if covers(item, day)]
    return max(found, key=lambda item: item.valid_from) if found else None


def overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """Whether two periods (inclusive ends, None = open) share a day."""
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


@dataclass(frozen=True)
class Placement:
    """Where a new version goes: the open version it closes (with its new last day), or the
    version it would overlap (then nothing may change)."""
    closes: Dated | None = None
    closed_on: date | None = None
    clash: Dated | None = None


def place(existing: Iterable[D], valid_from: date, valid_to: date | None) -> Placement:
    """Fit a new version [valid_from, valid_to] among `existing`: an open version that began
    earlier ends the day before it; any other shared day is a clash. The caller checks
    valid_to >= valid_from first."""
    items = sorted(existing, key=lambda item: item.valid_from)
    closes = next((item for item in items if item.valid_to is None
                   and item.valid_from < valid_from), None)
    closed_on = valid_from - timedelta(days=1) if closes is not None else None
    for item in items:
        ends = closed_on if item is closes else item.valid_to
        if overlap(item.valid_from, ends, valid_from, valid_to):
            return Placement(clash=item)
    return Placement(closes, closed_on)


def missing(starts: Iterable[date], shipped: Iterable[tuple[date, date | None]],
            first_free: date | None) -> list[tuple[int, date]]:
    """The shipped versions (valid_from, valid_to) that a catalogue with versions starting on
    `starts` lacks: those that start after its latest version, as (their index in `shipped`,
    the day they may start). The past is not rewritten: a version starts no earlier than
    `first_free` (the day after the last decision judged under the catalogue), and a shipped
    version that ended before that day is left out."""
    latest = max(starts, default=None)
    found = []
    for index, (valid_from, valid_to) in sorted(enumerate(shipped), key=lambda x: x[1][0]):
        if latest is not None and valid_from <= latest:
            continue
        begins = max(valid_from, first_free) if first_free else valid_from
        if valid_to is not None and valid_to < begins:
            continue
        found.append((index, begins))
    return found
