"""Selects over referrals, already narrowed to the persons the user sees."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from caseworker import policy
from caseworker.models import MeasureVersion, Person, Referral, User


@dataclass
class Filters:
    status: str = ""
    measure_code: str = ""
    person_id: int | None = None
    district_id: int | None = None
    proposed_from: date | None = None
    proposed_to: date | None = None


def referral_list(user: User, f: Filters) -> Select:
    """The referrals of the persons the user sees, newest first."""
    stmt = select(Referral).join(Person, Person.id == Referral.person_id)
    if f.status:
        stmt = stmt.where(Referral.status == f.status)
    if f.measure_code:
        stmt = stmt.where(Referral.measure_code == f.measure_code)
    if f.person_id:
        stmt = stmt.where(Referral.person_id == f.person_id)
    if f.district_id:
        stmt = stmt.where(Person.district_id == f.district_id)
    if f.proposed_from:
        stmt = stmt.where(Referral.proposed_on >= f.proposed_from)
    if f.proposed_to:
        stmt = stmt.where(Referral.proposed_on <= f.proposed_to)
    return policy.scope_persons(stmt.order_by(Referral.id.desc()), user)


def awaiting_approval(user: User) -> Select:
    """Referrals proposed under a version of their measure that needs a supervisor's approval,
    in the user's scope, the longest waiting first. The persons are narrowed first by their
    casework fact (`awaiting_approval`: their proposed or approved referrals)."""
    stmt = (select(Referral).join(Person, Person.id == Referral.person_id)
            .join(MeasureVersion, (MeasureVersion.measure_code == Referral.measure_code)
                  & (MeasureVersion.number == Referral.rules_version))
            .where(Person.awaiting_approval > 0, Referral.status == "proposed",
                   MeasureVersion.needs_approval.is_(True))
            .order_by(Referral.proposed_on))
    return policy.scope_persons(stmt, user)
