"""Bridges a Person row to the pure profiling and derived-group functions."""
from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy import select

from caseworker.domain import derived, profiling
from caseworker.extensions import db
from caseworker.models import PensionAge, Person, TargetGroup


def pension_table() -> dict:
    if "pension_table" not in g:
        g.pension_table = {row.year: (row.men, row.women)
                           for row in db.session.scalars(select(PensionAge))}
    return g.pension_table


def target_groups() -> dict[str, TargetGroup]:
    """Every target group by its code, read once per request (a page names many)."""
    if "target_groups" not in g:
        g.target_groups = {group.code: group for group in db.session.scalars(select(TargetGroup))}
    return g.target_groups


def facts_of(person: Person) -> derived.Facts:
    return derived.Facts(
        birth_date=person.birth_date, sex=person.sex, registered_on=person.registered_on,
        last_job_ended=person.last_job_ended, rural=bool(person.rural),
        education_level=person.education_level, experience_months=person.experience_months,
        graduation_year=person.graduation_year, graduated_on=person.graduated_on,
        specialty_experience_months=person.specialty_experience_months,
        disability_group=person.disability_group,
        target_groups=tuple(person.target_groups or ()))


def profile_of(person: Person, today: date):
    return profiling.profile(facts_of(person), today, pension_table())


def refresh_segment(person: Person, today: date) -> None:
    person.segment = profile_of(person, today)[2]


def derived_of(person: Person, today: date) -> set[str]:
    return derived.derived_groups(facts_of(person), today, pension_table())
