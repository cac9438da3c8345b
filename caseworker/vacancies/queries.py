"""Selects over vacancies, already narrowed by the policy to those the user sees."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from caseworker import policy
from caseworker.models import MciRate, Occupation, User, Vacancy


def vacancy_list(user: User, district_id: int | None = None, occupation: str = "",
                 status: str = "", organisation_id: int | None = None) -> Select:
    """The vacancies the user sees, newest first; `occupation`: a group's code (any level:
    the vacancies of the unit groups under it), `status`, `district_id`, `organisation_id`."""
    # what a row shows of its occupation, employer and district: read with it, not per row
    stmt = policy.scope_vacancies(select(Vacancy).options(
        joinedload(Vacancy.occupation), joinedload(Vacancy.organisation),
        joinedload(Vacancy.district)), user)
    if district_id is not None:
        stmt = stmt.where(Vacancy.district_id == district_id)
    if occupation:
        stmt = stmt.where(Vacancy.occupation_code.startswith(occupation, autoescape=True))
    if status:
        stmt = stmt.where(Vacancy.status == status)
    if organisation_id is not None:
        stmt = stmt.where(Vacancy.organisation_id == organisation_id)
    return stmt.order_by(Vacancy.opened_on.desc(), Vacancy.id.desc())


def by_external_id(external_id: str) -> Select:
    return select(Vacancy).where(Vacancy.external_id == external_id)


def minimum_wage_on(day: date) -> int | None:
    """The minimum wage in force on `day` (None before the first one known)."""
    return select(MciRate.min_wage_kzt).where(MciRate.effective_from <= day).order_by(
        MciRate.effective_from.desc()).limit(1)


def occupations(level: str | None = None) -> Select:
    stmt = select(Occupation).order_by(Occupation.code)
    return stmt.where(Occupation.level == level) if level else stmt

