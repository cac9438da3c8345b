"""Lists of referrals, already narrowed by the policy."""
from __future__ import annotations

from sqlalchemy import Select, select

from caseworker import policy
from caseworker.models import MeasureVersion, Person, Referral, User


def awaiting_approval(user: User) -> Select:
    """Referrals proposed under a version of their measure that needs a supervisor's approval,
    in the user's scope, the longest waiting first."""
    stmt = (select(Referral).join(Person, Person.id == Referral.person_id)
            .join(MeasureVersion, (MeasureVersion.measure_code == Referral.measure_code)
                  & (MeasureVersion.number == Referral.rules_version))
            .where(Referral.status == "proposed", MeasureVersion.needs_approval.is_(True))
            .order_by(Referral.proposed_on))
    return policy.scope_persons(stmt, user)
