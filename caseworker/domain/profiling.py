"""Explainable profiling: distance from the labour market, factor by factor.

Each factor adds points with a reason; the total gives segment A (ready for work), B (needs
support) or C (needs intensive support). The score never blocks a measure; it only helps a
caseworker decide where to spend time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseworker.domain.dates import age
from caseworker.domain.derived import Facts, is_pre_retirement, months_unemployed

SEGMENT_B_FROM = 4
SEGMENT_C_FROM = 8
SEGMENTS = ("A", "B", "C")
BARRIER_GROUPS = ("released_from_prison", "single_parent", "carer", "kandas", "neet",
                  "large_family", "asp_recipient")


@dataclass(frozen=True)
class Factor:
    code: str      # names the reason; the page translates it
    points: int
    value: str     # the person's value that triggered it, for the sentence


def _unemployment(facts: Facts, today: date) -> list[Factor]:
    months = months_unemployed(facts, today)
    if months >= 24:
        return [Factor("unemployed_24", 4, str(months))]
    if months >= 12:
        return [Factor("unemployed_12", 3, str(months))]
    if months >= 6:
        return [Factor("unemployed_6", 1, str(months))]
    return []


def _education(facts: Facts) -> list[Factor]:
    points = {"none": 3, "basic": 2, "secondary": 1}.get(facts.education_level or "", 0)
    if facts.education_level is None:
        return [Factor("education_unknown", 1, "")]
    return [Factor("education_low", points, facts.education_level)] if points else []


def _experience(facts: Facts) -> list[Factor]:
    if facts.experience_months is None:
        return [Factor("experience_unknown", 1, "")]
    if facts.experience_months == 0:
        return [Factor("no_experience", 2, "0")]
    if facts.experience_months < 12:
        return [Factor("little_experience", 1, str(facts.experience_months))]
    return []


def _disability(facts: Facts) -> list[Factor]:
    if not facts.disability_group:
        return []
    points = {1: 3, 2: 3, 3: 2}.get(facts.disability_group, 2)
    return [Factor("disability", points, str(facts.disability_group))]


def _age(facts: Facts, today: date, table) -> list[Factor]:
    years = age(facts.birth_date, today)
    if is_pre_retirement(facts, today, table):
        return [Factor("pre_retirement", 2, str(years))]
    if years >= 50:
        return [Factor("age_50", 1, str(years))]
    if years < 25:
        return [Factor("age_under_25", 1, str(years))]
    return []


def factors(facts: Facts, today: date, pension_table) -> list[Factor]:
    found = (_unemployment(facts, today) + _education(facts) + _experience(facts)
             + _disability(facts) + _age(facts, today, pension_table))
    if facts.rural:
        found.append(Factor("rural", 1, ""))
    barriers = [g for g in facts.target_groups if g in BARRIER_GROUPS]
    if barriers:
        found.append(Factor("barrier_groups", min(len(barriers), 2), ",".join(sorted(barriers))))
    return found


def unknowns(facts: Facts) -> list[str]:
    """The facts the score needs that are not recorded, by field name: while any is missing the
    segment is provisional (an unknown counts one point at most, so a file with gaps would
    otherwise read as "ready for work"). Someone who never worked has no last job to date."""
    missing = [name for name in ("education_level", "experience_months")
               if getattr(facts, name) is None]
    if facts.last_job_ended is None and facts.experience_months != 0:
        missing.append("last_job_ended")
    return missing


def segment_for(score: int) -> str:
    if score >= SEGMENT_C_FROM:
        return "C"
    if score >= SEGMENT_B_FROM:
        return "B"
    return "A"


def profile(facts: Facts, today: date, pension_table) -> tuple[list[Factor], int, str]:
    found = factors(facts, today, pension_table)
    score = sum(f.points for f in found)
    return found, score, segment_for(score)
