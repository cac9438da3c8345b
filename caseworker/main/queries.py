"""Selects behind the home pages. Each is narrowed by the policy before it runs. The counts of
persons are read from the kept counts (`people.counts`), a few thousand rows, not from
`person`."""
from __future__ import annotations

from sqlalchemy import Select, func, select

from caseworker import policy
from caseworker.models import District, Person, PersonCount, Region, User

_total = func.sum(PersonCount.n)


def recent_persons(user: User, limit: int = 10) -> Select:
    stmt = select(Person).order_by(Person.created_at.desc(), Person.id.desc()).limit(limit)
    return policy.scope_persons(stmt, user)


def persons_by_status(user: User) -> Select:
    stmt = (select(PersonCount.status, _total).group_by(PersonCount.status)
            .having(_total != 0))
    return policy.scope_person_counts(stmt, user)


def persons_by_district(user: User) -> Select:
    """(district, persons) for the districts with persons in the user's scope."""
    counts = policy.scope_person_counts(
        select(PersonCount.district_id.label("district_id"), _total.label("n"))
        .group_by(PersonCount.district_id).having(_total != 0), user).subquery()
    return (select(District, counts.c.n).join(counts, counts.c.district_id == District.id)
            .order_by(District.kato))


def persons_by_region() -> Select:
    """Aggregates for every region: counts only, for comparison (suppressed where small)."""
    counts = (select(PersonCount.region_id.label("region_id"), _total.label("n"))
              .group_by(PersonCount.region_id).subquery())
    return (select(Region, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.region_id == Region.id).order_by(Region.kato))


def team(user: User) -> Select:
    """The caseworkers of the supervisor's district with their active caseload."""
    active = (select(Person.caseworker_id, func.count().label("n"))
              .where(Person.status == "active", Person.district_id == user.district_id)
              .group_by(Person.caseworker_id).subquery())
    return (select(User, func.coalesce(active.c.n, 0))
            .outerjoin(active, active.c.caseworker_id == User.id)
            .where(User.district_id == user.district_id, policy.district_team())
            .order_by(User.full_name))


def users_by_role() -> Select:
    return select(User.role, func.count()).group_by(User.role).order_by(User.role)
