"""Demo Employment Roadmap projects: two in every region this year (one for the regional
centre, one for the whole region), with a share of the year's job referrals sent to them."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update

from caseworker.extensions import db
from caseworker.models import Person, Referral, Region, RoadmapProject

NAMES = (("Реконструкция водопровода: {district}", "permanent"),
         ("Ремонт дорог областного значения: {region}", "temporary"))
JOB_MEASURES = ("public_works", "social_job", "job_placement")


def add_projects(today: date) -> int:
    """The projects, the referrals to their jobs, and what the projects report."""
    made = 0
    for region in db.session.scalars(select(Region).order_by(Region.kato)):
        centre = region.districts[0] if region.districts else None
        for n, (pattern, kind) in enumerate(NAMES):
            db.session.add(RoadmapProject(
                region_id=region.id, district_id=centre.id if centre and n == 0 else None,
                year=today.year, jobs_kind=kind,
                name=pattern.format(district=centre.name_ru if centre else region.name_ru,
                                    region=region.name_ru),
                jobs_planned=0, jobs_created=0, funds_allocated_kzt=0, funds_used_kzt=0))
            made += 1
    db.session.flush()
    _attach(today)
    _report(today)
    return made


def _attach(today: date) -> None:
    """Every fourth job referral of this year goes to its region's region-wide project."""
    project = (select(func.max(RoadmapProject.id)).where(
        Person.id == Referral.person_id, RoadmapProject.region_id == Person.region_id,
        RoadmapProject.year == today.year).correlate(Referral).scalar_subquery())
    db.session.execute(update(Referral).where(
        Referral.measure_code.in_(JOB_MEASURES), Referral.id % 4 == 0,
        Referral.proposed_on >= date(today.year, 1, 1)).values(project_id=project)
        .execution_options(synchronize_session=False))


def _report(today: date) -> None:
    """What each project reports: the jobs its referrals took and as many again, planned
    with room to spare, and funds in proportion."""
    started = dict(db.session.execute(select(Referral.project_id, func.count()).where(
        Referral.project_id.is_not(None), Referral.status.in_(("started", "completed")))
        .group_by(Referral.project_id)).all())
    for project in db.session.scalars(select(RoadmapProject).where(
            RoadmapProject.year == today.year)):
        created = 2 * started.get(project.id, 0) + 10
        project.jobs_created = created
        project.jobs_planned = created * 2
        project.funds_allocated_kzt = project.jobs_planned * 2_500_000
        project.funds_used_kzt = created * 2_000_000
