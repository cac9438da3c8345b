"""Selects over the Employment Roadmap projects, and the referrals to their jobs."""
from __future__ import annotations

from sqlalchemy import Select, func, select

from caseworker.extensions import db
from caseworker.models import Referral, RoadmapProject
from caseworker.paging import narrowed

WORKING = ("started", "completed")  # a referral whose person took up the job


def by_referral(ids: list[int]) -> dict[int, int]:
    """Project id -> referrals to its jobs whose person started work."""
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Referral.project_id, func.count()).where(
            Referral.project_id.in_(ids), Referral.status.in_(WORKING))
        .group_by(Referral.project_id)).all())


def project_list(year: int | None = None, region_id: int | None = None,
                 district_id: int | None = None) -> Select:
    """The projects of a year (any year: None), of a region or one of its districts."""
    stmt = narrowed(select(RoadmapProject), (RoadmapProject.year, year),
                    (RoadmapProject.region_id, region_id),
                    (RoadmapProject.district_id, district_id))
    return stmt.order_by(RoadmapProject.year.desc(), RoadmapProject.region_id,
                         RoadmapProject.name, RoadmapProject.id)
