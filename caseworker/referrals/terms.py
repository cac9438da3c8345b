"""What a referral's terms are worked out from: the eligibility verdict it keeps, the
allocation it draws on, the amount it commits, where a resettled person may move, and
the providers and projects it may name. Read by the operations (which decide) and by the
pages (which show the same figures before the form is sent)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from caseworker.domain import eligibility
from caseworker.extensions import db
from caseworker.measures import allocations, resettlement
from caseworker.measures.eligibility import verdict_on
from caseworker.measures.versions import commitment  # noqa: F401 (refer's and the form's)
from caseworker.models import Allocation, Measure, Person, Provider, Region, RoadmapProject
from caseworker.models.provider import KINDS_FOR_MEASURE


def verdict_of(person: Person, measure: Measure, on: date,
               history: list[tuple] | None = None) -> dict | None:
    """The verdict stored with a referral proposed on `on`: status, the number of the
    measure's version in force that day whose rules judged it, and each rule's outcome, as
    plain data (None: the measure was not in force that day). `history`: the person's
    referrals when the caller has read them (see `eligibility.full_facts`)."""
    verdict = verdict_on(person, measure, on, history)
    return None if verdict is None else stored_verdict(verdict)


def stored_verdict(verdict: eligibility.Verdict) -> dict:
    """A verdict as a referral keeps it."""
    return {"status": verdict.status, "rules_version": verdict.version,
            "outcomes": [{"rule": o.rule, "status": o.status, "reason": o.reason}
                         for o in verdict.outcomes]}


def allocation_for(person: Person, measure: Measure, year: int) -> Allocation | None:
    return allocations.for_district(person.district, year).get(measure.code)


def destinations(person: Person, on: date) -> list[Region]:
    """Where a person may resettle to on `on`: the regions the receiving list of that day
    names for their group (kandas or resettlers), but their own; never Astana or Almaty."""
    receiving = resettlement.receiving_for(person.target_groups, on)
    receiving.pop(person.region_id, None)
    if not receiving:
        return []
    return db.session.scalars(select(Region).where(Region.id.in_(receiving))
                              .order_by(Region.kato)).all()


def may_move_to(person: Person, region: Region | None, on: date) -> bool:
    return (region is not None and region.id != person.region_id
            and region.id in resettlement.receiving_for(person.target_groups, on))


def projects_for(person: Person, year: int):
    """The Employment Roadmap projects whose jobs a person may be referred to: the year's
    projects of their region, of the whole region or of their district."""
    return (select(RoadmapProject).where(
        RoadmapProject.region_id == person.region_id, RoadmapProject.year == year,
        or_(RoadmapProject.district_id.is_(None),
            RoadmapProject.district_id == person.district_id))
        .order_by(RoadmapProject.name))


def providers_for(person: Person, measure: Measure) -> list[Provider]:
    """The region's active providers of the kinds that deliver the measure (all of them, where
    the region has none of those kinds)."""
    stmt = select(Provider).where(Provider.region_id == person.region_id,
                                  Provider.active.is_(True)).order_by(Provider.name)
    kinds = KINDS_FOR_MEASURE.get(measure.kind)
    fitting = db.session.scalars(stmt.where(Provider.of_kind(*kinds))).all() if kinds else []
    return fitting or db.session.scalars(stmt).all()


def may_send_to(person: Person, provider: Provider | None) -> bool:
    """A referral names an active provider of the person's region."""
    return (provider is not None and provider.active
            and provider.region_id == person.region_id)
