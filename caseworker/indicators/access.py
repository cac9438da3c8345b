"""Who may open what behind the indicators, on top of the policy's person scope.

Aggregates of all regions are for everyone with `indicators.view`. Going down into a region's
districts: roles that see persons only in their own region; roles without access to persons
anywhere (suppressed cells). The persons behind a figure: only figures that lie wholly inside
the user's person scope (a regional officer: the own region and its districts; caseworkers and
supervisors: their own district), and the list is narrowed by `policy.scope_persons` anyway.
Plans are loaded (`plan.load`) by an admin for any region, by a regional officer for the own
region.
"""
from __future__ import annotations

from caseworker import policy
from caseworker.models import User


def may_drill(user: User, region_id: int) -> bool:
    if not policy.sees_persons(user):
        return True
    return user.region_id == region_id


def may_list(user: User, region_id: int | None, district_id: int | None = None) -> bool:
    kind = policy.person_scope(user)
    if kind == "region":
        return region_id is not None and region_id == user.region_id
    if kind == "district":
        return district_id is not None and district_id == user.district_id
    return False


def plan_regions(user: User) -> set[int] | None:
    """The regions whose plans the user may load: None for every region, empty for none."""
    if policy.can(user, "plan.upload"):
        return None
    if policy.can(user, "plan.edit"):
        return {user.region_id}
    return set()
