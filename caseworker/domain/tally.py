"""What one person adds to the indicators, day by day: the arithmetic behind the indicator
summary, with no database.

An indicator's fact at a report date is how many of its units (referrals or persons) count on
that date: a referral counts from the first day of the year it reached a counting status until
the day it was voided (cancelled, or for funds also rejected or declined); an outcome counts
from the day the job began until the referral is cancelled. Each such span becomes +value on
its first day and -value on its end; a person counted once a year gets the union of the spans
of their referrals. The fact at a date is then the sum of the day values of its year up to
that date: the same figure as the queries in `indicators.queries` compute from the events, which
a test checks on generated histories.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class Rule(Protocol):
    """What the tally reads of an indicator (`indicators.definitions.Indicator`); its
    figures are kept under its `key` (the code, or the code and version of a retired one)."""
    code: str
    key: str
    unit: str
    basis: str
    counts: str
    measures: tuple[str, ...]
    statuses: tuple[str, ...]
    outcome_kinds: tuple[str, ...]
    voided_by: tuple[str, ...]
    projects_only: bool
    vacancies_only: bool
    progress: str


@dataclass(frozen=True)
class Ref:
    """One referral of the person as the tally needs it."""
    measure: str
    amount: int | None
    allocation_year: int | None
    events: tuple[tuple[str, date], ...]  # (status reached, the day it happened)
    outcome: tuple[str, date] | None = None  # (kind, the day the job began)
    project: bool = False  # to a job of an Employment Roadmap project
    vacancy: bool = False  # to a vacancy, from an accepted offer of suitable work


Span = tuple[int, date, date | None]  # (year, first day counted, first day not counted)
Deltas = dict[tuple[str, int, date], list[int]]  # (code, year, day) -> [value, units]


def _first(events, statuses: tuple[str, ...], year: int | None = None) -> date | None:
    days = [on for status, on in events if status in statuses
            and (year is None or on.year == year)]
    return min(days, default=None)


def _span(year: int, start: date, end: date | None) -> list[Span]:
    """A span that ends on or before its first day never counts."""
    return [] if end is not None and end <= start else [(year, start, end)]


def spans(rule: Rule, ref: Ref) -> list[Span]:
    """The spans in which one referral counts for the rule, one per year at most (none for a
    rule of payments or of projects, which count by the day each was paid or reported:
    `payment_deltas`, `progress_deltas`)."""
    if rule.basis in ("payments", "projects", "vacancies"):
        return []
    if getattr(rule, "vacancies_only", False) and not ref.vacancy:
        return []
    if rule.basis == "outcomes":
        if ref.outcome is None or ref.outcome[0] not in rule.outcome_kinds:
            return []
        start = ref.outcome[1]
        return _span(start.year, start, _first(ref.events, ("cancelled",)))
    if (rule.measures and ref.measure not in rule.measures) or (
            rule.projects_only and not ref.project):
        return []
    # in one pass over the events: each year's first day counted and first day voided
    firsts: dict[int, date] = {}
    voids: dict[int, date] = {}
    statuses, voided_by = rule.statuses, rule.voided_by
    for status, on in ref.events:
        if status in statuses:
            year = on.year
            if year not in firsts or on < firsts[year]:
                firsts[year] = on
        if status in voided_by:
            year = on.year
            if year not in voids or on < voids[year]:
                voids[year] = on
    found = []
    for year in sorted(firsts):
        if rule.basis == "funds" and ref.allocation_year != year:
            continue
        found += _span(year, firsts[year], voids.get(year))
    return found


def union(found: Iterable[Span]) -> list[Span]:
    """Spans of the same year merged where they overlap or touch."""
    merged: list[Span] = []
    for year, start, end in sorted(found, key=lambda s: (s[0], s[1])):
        if merged and merged[-1][0] == year and (merged[-1][2] is None or start <= merged[-1][2]):
            last = merged[-1]
            merged[-1] = (year, last[1], None if last[2] is None or end is None
                          else max(last[2], end))
        else:
            merged.append((year, start, end))
    return merged


def _add(deltas: Deltas, code: str, span: Span, value: int) -> None:
    year, start, end = span
    for day, sign in ((start, 1), (end, -1)):
        if day is None or day.year != year:
            continue  # an end in a later year is after every report date of this one
        cell = deltas.setdefault((code, year, day), [0, 0])
        cell[0] += sign * value
        cell[1] += sign


@dataclass(frozen=True)
class _Sieve:
    """What a rule asks of a referral before it can count at all: the cheap tests that make
    `spans` empty, taken apart once per rule so that a million persons' referrals skip the
    rules they cannot count for (the common case) without calling `spans`."""
    rule: Rule
    measures: frozenset[str]  # empty: any measure
    statuses: frozenset[str]  # events and funds: one of them must be reached
    outcomes: frozenset[str] | None  # outcomes: the kinds that count; None: not of outcomes
    projects_only: bool
    vacancies_only: bool

    def may_count(self, ref: Ref, reached: frozenset[str]) -> bool:
        if self.vacancies_only and not ref.vacancy:
            return False
        if self.outcomes is not None:
            return ref.outcome is not None and ref.outcome[0] in self.outcomes
        if (self.measures and ref.measure not in self.measures) or (
                self.projects_only and not ref.project):
            return False
        return not self.statuses.isdisjoint(reached)


_SIEVED: list = [None, (), {}]  # the rules last sieved, their sieves, and `_passed`'s memo


def _sieves(rules: Sequence[Rule]) -> tuple[_Sieve, ...]:
    """The sieves of the rules that count referrals (those of payments, projects and
    vacancies count no referral: `spans` gives them nothing); made again only when asked
    for another sequence of rules than the last."""
    if _SIEVED[0] is not rules:
        _SIEVED[:] = [rules, tuple(
            _Sieve(rule, frozenset(rule.measures), frozenset(rule.statuses),
                   frozenset(rule.outcome_kinds) if rule.basis == "outcomes" else None,
                   bool(rule.projects_only), bool(getattr(rule, "vacancies_only", False)))
            for rule in rules if rule.basis not in ("payments", "projects", "vacancies")), {}]
    return _SIEVED[1]


def _passed(sieves: tuple[_Sieve, ...], ref: Ref, reached: frozenset[str]) -> frozenset[int]:
    """The positions of the sieves that the referral passes. They depend only on its measure,
    project, vacancy, outcome kind and the statuses it reached, which few referrals differ in:
    worked out once for each such kind of referral (a national build asks of millions)."""
    key = (ref.measure, ref.project, ref.vacancy, ref.outcome and ref.outcome[0], reached)
    memo = _SIEVED[2]
    found = memo.get(key)
    if found is None:
        found = memo[key] = frozenset(
            n for n, sieve in enumerate(sieves) if sieve.may_count(ref, reached))
    return found


def person_deltas(rules: Sequence[Rule], refs: Sequence[Ref], into: Deltas | None = None
                  ) -> Deltas:
    """What one person's referrals add to each rule's fact, by year and day. With `into`,
    added to it and it is returned (cells that come to nothing stay there, as zeros): many
    persons' sum without a dict of each one's."""
    deltas: Deltas = {} if into is None else into
    sieves = _sieves(rules)
    passed = [_passed(sieves, ref, frozenset(status for status, _on in ref.events))
              for ref in refs]
    for n in sorted(frozenset().union(*passed)):  # the rules in their order, as `may_count`
        rule = sieves[n].rule
        counted = [ref for ref, through in zip(refs, passed) if n in through]
        if rule.counts == "person":
            for span in union(s for ref in counted for s in spans(rule, ref)):
                _add(deltas, rule.key, span, 1)
            continue
        for ref in counted:
            value = (ref.amount or 0) if rule.unit == "kzt" else 1
            for span in spans(rule, ref):
                _add(deltas, rule.key, span, value)
    if into is not None:
        return into
    return {key: cell for key, cell in deltas.items() if cell != [0, 0]}


def payment_deltas(rules: Sequence[Rule], payments: Iterable[tuple[str, date, int]]
                   ) -> Deltas:
    """What payments (measure, day paid, tenge; a reversal negative) add to each rule of
    payments: their sum from the day each was paid, one unit a payment."""
    deltas: Deltas = {}
    for rule in rules:
        if rule.basis != "payments":
            continue
        for measure, day, amount in payments:
            if not rule.measures or measure in rule.measures:
                cell = deltas.setdefault((rule.key, day.year, day), [0, 0])
                cell[0] += amount
                cell[1] += 1
    return {key: cell for key, cell in deltas.items() if cell != [0, 0]}


def progress_deltas(rules: Sequence[Rule], entries: Iterable[tuple[date, dict[str, int]]]
                    ) -> Deltas:
    """What Roadmap projects' progress entries (day reported, figures; a reversal's
    negative) add to each rule of projects: the sum of its figure from the day of each entry,
    one unit an entry that has the figure."""
    deltas: Deltas = {}
    for rule in rules:
        if rule.basis != "projects":
            continue
        for day, figures in entries:
            value = figures.get(rule.progress, 0)
            if value:
                cell = deltas.setdefault((rule.key, day.year, day), [0, 0])
                cell[0] += value
                cell[1] += 1 if value > 0 else -1
    return {key: cell for key, cell in deltas.items() if cell != [0, 0]}


def vacancy_deltas(rules: Sequence[Rule], vacancies: Iterable[tuple[date, date | None]]
                   ) -> Deltas:
    """What vacancies (the day opened, the day cancelled or None) add to each rule of
    vacancies: one from the day it opened until the day it was cancelled."""
    deltas: Deltas = {}
    for rule in rules:
        if rule.basis != "vacancies":
            continue
        for opened, cancelled in vacancies:
            _add(deltas, rule.key, (opened.year, opened, cancelled), 1)
    return {key: cell for key, cell in deltas.items() if cell != [0, 0]}


def difference(after: dict, before: dict) -> dict:
    """after - before, cell by cell, without the cells that did not change."""
    changed = defaultdict(lambda: [0, 0])
    for key, (value, units) in after.items():
        changed[key][0] += value
        changed[key][1] += units
    for key, (value, units) in before.items():
        changed[key][0] -= value
        changed[key][1] -= units
    return {key: cell for key, cell in changed.items() if cell != [0, 0]}
