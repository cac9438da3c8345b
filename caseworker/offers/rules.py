"""The rules of suitable work as data: reference_data/suitable_work.csv (a row per rule and
version, with its source), read once per process; `judged` applies those of an offer's day."""
from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path

from caseworker.domain import suitable
from caseworker.domain.matching import Reason
from caseworker.models import Person, Vacancy
from caseworker.offers.queries import min_wage_on

FILE = Path(__file__).resolve().parent.parent / "reference_data" / "suitable_work.csv"


@lru_cache(maxsize=1)
def rules() -> tuple[suitable.Rule, ...]:
    with FILE.open(encoding="utf-8") as f:
        return tuple(suitable.Rule(r["rule"], date.fromisoformat(r["valid_from"]),
                                   date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
                                   r["value"]) for r in csv.DictReader(f))


def judged(person: Person, vacancy: Vacancy, on: date) -> tuple[bool, list[Reason], date | None]:
    """(suitable, reasons, the day the rules judged by started) for an offer made on `on`."""
    facts = suitable.Facts(
        tuple(person.occupation_codes or ()), person.education_level, person.last_wage,
        person.district_id, person.disability_group, vacancy.occupation_code,
        vacancy.education_level, vacancy.district_id, vacancy.wage, vacancy.hours_per_week,
        min_wage_on(on))
    kept = suitable.in_force(list(rules()), on)
    verdict, reasons = suitable.judge(kept, facts, on)
    return verdict, reasons, max((r.valid_from for r in kept), default=None)


def as_data(reasons: list[Reason]) -> list[dict]:
    """Reasons as kept on the offer (JSON)."""
    return [{"rule": r.rule, "status": r.status, "points": r.points, "values": r.values}
            for r in reasons]
