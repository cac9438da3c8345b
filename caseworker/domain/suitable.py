"""Whether a vacancy offered to a person is "suitable work": rules as data (the rows of
reference_data/suitable_work.csv in force on the offer's day), judged on plain values.

An offer is suitable when every rule passes. A rule the file cannot answer (no last wage
recorded, no minimum wage known for the day) is unknown and makes the offer not suitable: a
refusal counts towards deregistration only when the offer was shown to be suitable."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseworker.domain.matching import EDUCATION_ORDER, Reason, shared_digits

RULES = ("occupation_or_education", "wage_last", "wage_minimum", "travel", "health")
FULL_TIME_HOURS = 40  # Labour Code art. 68: normal working time, hours a week
REDUCED_HOURS_GROUPS = (1, 2)  # disability groups with at most the rule's hours a week


@dataclass(frozen=True)
class Rule:
    rule: str
    valid_from: date
    valid_to: date | None
    value: str


@dataclass(frozen=True)
class Facts:
    occupation_codes: tuple[str, ...]
    education_level: str | None
    last_wage: int | None
    district_id: int
    disability_group: int | None
    job_occupation: str
    job_education: str | None
    job_district_id: int
    wage: int
    hours_per_week: int
    min_wage: int | None  # of the offer's day


def in_force(rules: list[Rule], on: date) -> list[Rule]:
    """Each rule's row of `on` (the latest started, not ended); rules not in force are left
    out (they are not judged)."""
    found: dict[str, Rule] = {}
    for row in sorted(rules, key=lambda r: r.valid_from):
        if row.valid_from <= on and (row.valid_to is None or on <= row.valid_to):
            found[row.rule] = row
    return [found[name] for name in RULES if name in found]


def _occupation(rule: Rule, f: Facts) -> Reason:
    digits = int(rule.value or 3)
    if any(shared_digits(c, f.job_occupation) >= digits for c in f.occupation_codes):
        return Reason(rule.rule, "passed", values={"by": "occupation", "digits": digits})
    if f.job_education and f.education_level in EDUCATION_ORDER and \
            f.job_education in EDUCATION_ORDER and \
            EDUCATION_ORDER.index(f.education_level) >= EDUCATION_ORDER.index(f.job_education):
        return Reason(rule.rule, "passed", values={"by": "education"})
    if not f.occupation_codes and f.education_level is None:
        return Reason(rule.rule, "unknown")
    return Reason(rule.rule, "failed", values={"digits": digits})


def _wage_last(rule: Rule, f: Facts) -> Reason:
    if f.last_wage is None:
        return Reason(rule.rule, "unknown", values={"wage": f.wage})
    floor = -(-f.last_wage * int(rule.value or 100) // 100)
    return Reason(rule.rule, "passed" if f.wage >= floor else "failed",
                  values={"wage": f.wage, "floor": floor})


def _wage_minimum(rule: Rule, f: Facts) -> Reason:
    if f.min_wage is None:
        return Reason(rule.rule, "unknown", values={"wage": f.wage})
    floor = -(-f.min_wage * min(f.hours_per_week, FULL_TIME_HOURS) // FULL_TIME_HOURS)
    return Reason(rule.rule, "passed" if f.wage >= floor else "failed",
                  values={"wage": f.wage, "floor": floor})


def _travel(rule: Rule, f: Facts) -> Reason:
    same = f.district_id == f.job_district_id
    return Reason(rule.rule, "passed" if same else "failed", values={"within": rule.value})


def _health(rule: Rule, f: Facts) -> Reason:
    limit = int(rule.value or 36)
    if f.disability_group in REDUCED_HOURS_GROUPS and f.hours_per_week > limit:
        return Reason(rule.rule, "failed", values={"hours": f.hours_per_week, "limit": limit})
    return Reason(rule.rule, "passed", values={"hours": f.hours_per_week, "limit": limit})


JUDGES = {"occupation_or_education": _occupation, "wage_last": _wage_last,
          "wage_minimum": _wage_minimum, "travel": _travel, "health": _health}


def judge(rules: list[Rule], facts: Facts, on: date) -> tuple[bool, list[Reason]]:
    """(suitable, each rule's reason) under the rules in force on `on`. No rule in force: not
    suitable (nothing shows that it is)."""
    reasons = [JUDGES[rule.rule](rule, facts) for rule in in_force(rules, on)]
    return bool(reasons) and all(r.status == "passed" for r in reasons), reasons
