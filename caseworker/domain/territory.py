"""Territories by date: which region held a district on a day, a region's or district's name
and KATO code on a day, and whether a set of dated memberships leaves a district in no region.

A span is (valid_from, valid_to) with inclusive ends; None at the start means "since before the
records", None at the end "until further notice". Pure functions on plain values.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Protocol, TypeVar

LANGUAGES = ("kk", "ru", "en")


class Spanned(Protocol):
    valid_from: date | None
    valid_to: date | None


S = TypeVar("S", bound=Spanned)


def covers(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def exists_in_year(valid_from: date | None, valid_to: date | None, year: int) -> bool:
    """Whether a unit that lives from `valid_from` to `valid_to` (None: open) existed on some
    day of `year` (a plan for a year belongs to a region that existed in it)."""
    return ((valid_from is None or valid_from <= date(year, 12, 31))
            and (valid_to is None or valid_to >= date(year, 1, 1)))


def holding(items: Iterable[S], day: date) -> S | None:
    """The item whose span covers `day` (None: none does; of two, the later start)."""
    found = [i for i in items if covers(i.valid_from, i.valid_to, day)]
    return max(found, key=lambda i: i.valid_from or date.min) if found else None


@dataclass(frozen=True)
class Membership:
    district: str  # KATO (today's) of the district
    region: str    # KATO (today's) of the region
    valid_from: date | None = None
    valid_to: date | None = None
    source: str | None = None
    confidence: str | None = None


def region_of(memberships: Iterable[Membership], district: str, day: date) -> str | None:
    """The region that held `district` on `day` (None: no region did)."""
    held = holding([m for m in memberships if m.district == district], day)
    return held.region if held is not None else None


@dataclass(frozen=True, kw_only=True)
class Span:
    """A value in force from `valid_from` to `valid_to` (the module's spans); none given: in
    force now and always."""
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Names(Span):
    """A unit's names in the three languages."""
    kk: str
    ru: str
    en: str

    def in_language(self, lang: str) -> str:
        return getattr(self, lang if lang in LANGUAGES else "ru") or self.ru


def name_on(current: Names, earlier: Iterable[Names], day: date, lang: str) -> str:
    """A unit's name on `day` in `lang`: an earlier name whose span covers the day, else the
    name it has now (a rename is a dated name of the same unit, not a new unit)."""
    return (holding(earlier, day) or current).in_language(lang)


@dataclass(frozen=True)
class Code(Span):
    kato: str


def code_on(current: str, earlier: Iterable[Code], day: date) -> str:
    """A unit's KATO code on `day`: an earlier code whose span covers it, else today's."""
    held = holding(earlier, day)
    return held.kato if held is not None else current


def chain(district: str, earlier: Iterable[Membership], current_region: str) -> list[Membership]:
    """A district's memberships in full: the earlier ones, then its current region from the
    day after the last of them ends (from the start of the records when it has none)."""
    rows = sorted(earlier, key=lambda m: m.valid_from or date.min)
    last_end = max((m.valid_to for m in rows if m.valid_to is not None), default=None)
    starts = last_end + timedelta(days=1) if last_end is not None else None
    return rows + [Membership(district, current_region, starts, None)]


@dataclass(frozen=True)
class Problem:
    """What is wrong with a district's memberships: `kind` is "gap" (no region held it from
    `valid_from` to `valid_to`), "overlap" (two did) or "no_region" (the region named did not
    exist on those days)."""
    kind: str
    district: str
    valid_from: date | None
    valid_to: date | None
    region: str | None = None


def _after(day: date | None) -> date | None:
    return None if day is None else day + timedelta(days=1)


def _before(day: date | None) -> date | None:
    return None if day is None else day - timedelta(days=1)


def _starts_before(a: date | None, b: date | None) -> bool:
    """Whether start `a` is earlier than start `b` (None: the earliest)."""
    return b is not None and (a is None or a < b)


def _ends_before(a: date | None, b: date | None) -> bool:
    """Whether end `a` is earlier than end `b` (None: the latest)."""
    return a is not None and (b is None or a < b)


def problems(district: str, life: tuple[date | None, date | None],
             memberships: Iterable[Membership],
             regions: dict[str, tuple[date | None, date | None]]) -> list[Problem]:
    """Every day of the district's life (`life`: its first and last day) must be held by
    exactly one region, and by one that existed that day (`regions`: KATO -> life). Memberships
    may reach before the district was formed (the region its territory belonged to)."""
    rows = sorted((m for m in memberships if m.district == district),
                  key=lambda m: m.valid_from or date.min)
    found: list[Problem] = []
    for m in rows:
        if m.valid_from is not None and m.valid_to is not None and m.valid_to < m.valid_from:
            found.append(Problem("overlap", district, m.valid_from, m.valid_to, m.region))
            continue
        born, gone = regions.get(m.region, (date.max, date.min))
        # the part of the membership inside the district's life must lie inside the region's
        start = m.valid_from if _starts_before(life[0], m.valid_from) else life[0]
        end = m.valid_to if _ends_before(m.valid_to, life[1]) else life[1]
        if _starts_before(start, born) or _ends_before(gone, end):
            found.append(Problem("no_region", district, start, end, m.region))
    for before, after in zip(rows, rows[1:]):
        if before.valid_to is None or (after.valid_from is not None
                                       and after.valid_from <= before.valid_to):
            found.append(Problem("overlap", district, after.valid_from, before.valid_to))
        elif after.valid_from is None or after.valid_from > _after(before.valid_to):
            gap = (_after(before.valid_to), _before(after.valid_from))
            if _overlaps_life(gap, life):
                found.append(Problem("gap", district, *gap))
    if not rows:
        found.append(Problem("gap", district, *life))
        return found
    first, last = rows[0], rows[-1]
    if _starts_before(life[0], first.valid_from) and _overlaps_life(
            (life[0], _before(first.valid_from)), life):
        found.append(Problem("gap", district, life[0], _before(first.valid_from)))
    if _ends_before(last.valid_to, life[1]):
        found.append(Problem("gap", district, _after(last.valid_to), life[1]))
    return found


def _overlaps_life(span: tuple[date | None, date | None],
                   life: tuple[date | None, date | None]) -> bool:
    """Whether two spans share a day (None: open on that side)."""
    def no_later(start, end):
        return start is None or end is None or start <= end
    return no_later(span[0], life[1]) and no_later(life[0], span[1])
