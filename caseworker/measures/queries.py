"""Selects for the catalogue and the proactive lists, narrowed by the policy."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, func, select

from caseworker import policy
from caseworker.measures.eligibility import PersonSide, eligible_condition
from caseworker.models import Measure, Person, Referral, User
from caseworker.models.referral import VOID_STATUSES


def catalogue(active_only: bool = False) -> Select:
    stmt = select(Measure).order_by(Measure.kind, Measure.code)
    return stmt.where(Measure.active.is_(True)) if active_only else stmt


def candidates(measure: Measure, user: User, today: date) -> Select:
    """Active persons in the user's scope who pass every rule and were not yet referred to
    this measure (void referrals aside); the longest out of work first."""
    served = exists().where(Referral.person_id == Person.id,
                            Referral.measure_code == measure.code,
                            Referral.status.not_in(VOID_STATUSES))
    since = PersonSide().unemployed_since
    stmt = (select(Person)
            .where(Person.status == "active", eligible_condition(measure, today), ~served)
            .order_by(since, Person.id))
    return policy.scope_persons(stmt, user)


def referrals_under(code: str) -> Select:
    """(version number, how many referrals were judged under it) of a measure."""
    return (select(Referral.rules_version, func.count()).where(Referral.measure_code == code)
            .group_by(Referral.rules_version))
