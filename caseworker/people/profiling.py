"""Bridges a Person row to the pure profiling and derived-group functions.

The pension ages and the target groups are reference data that only `flask reference` writes
(at a deployment): a process keeps what it read of them for `KEPT_SECONDS`, so that a person's
page does not read them again on every request."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from caseworker.domain import derived, profiling
from caseworker.extensions import db
from caseworker.models import PensionAge, Person, TargetGroup
from caseworker.models.mixins import Named

KEPT_SECONDS = 300
KEPT = "people_reference_kept"


@dataclass(frozen=True)
class Group:
    """A target group as read (kept between requests, so not a row of any session)."""
    code: str
    derived_from: str | None
    name_kk: str
    name_ru: str
    name_en: str

    name = Named.name  # in the reader's language


def _kept(key: str, read):
    """`read()`'s value, read at most once every KEPT_SECONDS in this process and app."""
    kept = current_app.extensions.setdefault(KEPT, {})
    found = kept.get(key)
    now = time.monotonic()
    if found is None or now - found[0] > KEPT_SECONDS:
        found = kept[key] = (now, read())
    return found[1]


def pension_table() -> dict:
    return _kept("pension_table", lambda: {row.year: (row.men, row.women)
                                           for row in db.session.scalars(select(PensionAge))})


def target_groups() -> dict[str, Group]:
    """Every target group by its code (a page names many)."""
    return _kept("target_groups", lambda: {
        group.code: Group(group.code, group.derived_from, group.name_kk, group.name_ru,
                          group.name_en)
        for group in db.session.scalars(select(TargetGroup))})


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
