"""Demo Employment Roadmap projects: two in every region this year (one for the regional
centre, one for the whole region), with a share of the year's job referrals sent to them, and
what each reported at the quarters' ends (progress entries; in the first region one entry
typed wrong and reversed)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update

from caseworker import policy
from caseworker.extensions import db
from caseworker.models import Person, ProjectProgress, Referral, Region, RoadmapProject, User

NAMES = (("Реконструкция водопровода: {district}", "permanent"),
         ("Ремонт дорог областного значения: {region}", "temporary"))
JOB_MEASURES = ("public_works", "social_job", "job_placement")


def add_projects(today: date, attach: bool = True) -> int:
    """The projects (unless `create_projects` made them already), the referrals to their jobs
    (`attach` False: the history written in bulk gave them, `demo.history`), and what the
    projects report; returns the projects made."""
    made = 0 if project_of_region(today) else create_projects(today)
    if attach:
        _attach(today)
    _report(today)
    return made


def create_projects(today: date) -> int:
    """Two projects this year in every region: one of its centre, one of the whole region."""
    made = 0
    for region in db.session.scalars(select(Region).order_by(Region.kato)):
        centre = region.districts[0] if region.districts else None
        for n, (pattern, kind) in enumerate(NAMES):
            db.session.add(RoadmapProject(
                region_id=region.id, district_id=centre.id if centre and n == 0 else None,
                year=today.year, jobs_kind=kind,
                name=pattern.format(district=centre.name_ru if centre else region.name_ru,
                                    region=region.name_ru),
                jobs_planned=0, funds_allocated_kzt=0))
            made += 1
    db.session.flush()
    return made


def project_of_region(today: date) -> dict[int, int]:
    """Region id -> the project this year's job referrals of its persons go to (`_attach`)."""
    return dict(db.session.execute(select(RoadmapProject.region_id, func.max(RoadmapProject.id))
                                   .where(RoadmapProject.year == today.year)
                                   .group_by(RoadmapProject.region_id)).all())


def goes_to_project(code: str, referral_id: int, proposed_on: date, today: date) -> bool:
    """Whether `_attach` sends the referral to its region's project."""
    return (code in JOB_MEASURES and referral_id % 4 == 0
            and proposed_on >= date(today.year, 1, 1))


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
    created = {}
    for project in db.session.scalars(select(RoadmapProject).where(
            RoadmapProject.year == today.year)):
        created[project.id] = 2 * started.get(project.id, 0) + 10
        project.jobs_planned = created[project.id] * 2
        project.funds_allocated_kzt = project.jobs_planned * 2_500_000
    _progress(today, created)


def _progress(today: date, created: dict[int, int]) -> None:
    """The projects' figures (`created` jobs and 2,000,000 tenge each) reported in parts at
    the ends of the quarters gone by."""
    officers = dict(db.session.execute(select(User.region_id, func.min(User.id)).where(
        User.role == policy.OFFICER).group_by(User.region_id)).all())
    quarters = [day for day in (date(today.year, 3, 31), date(today.year, 6, 30),
                                date(today.year, 9, 30)) if day < today] or [today]
    first_wrong = True
    for project in db.session.scalars(select(RoadmapProject).where(
            RoadmapProject.year == today.year).order_by(RoadmapProject.id)):
        jobs = created[project.id]
        funds = jobs * 2_000_000
        permanent = jobs if project.jobs_kind == "permanent" else jobs // 4
        parts = len(quarters)
        for n, day in enumerate(quarters):
            last = n == parts - 1
            share = (lambda total: total - (total // parts) * (parts - 1) if last
                     else total // parts)
            entry = ProjectProgress(
                project=project, on=day, funds_used_kzt=share(funds),
                jobs_created=share(jobs), permanent_jobs=share(permanent),
                region_id=project.region_id, district_id=project.district_id,
                entered_by_id=officers.get(project.region_id))
            db.session.add(entry)
            if first_wrong and n == 0 and project.district_id is not None:
                first_wrong = False
                db.session.flush()
                wrong = ProjectProgress(
                    project=project, on=day, funds_used_kzt=entry.funds_used_kzt * 10,
                    jobs_created=entry.jobs_created, permanent_jobs=entry.permanent_jobs,
                    region_id=project.region_id, district_id=project.district_id,
                    entered_by_id=officers.get(project.region_id))
                db.session.add(wrong)
                db.session.flush()
                db.session.add(ProjectProgress(
                    project=project, on=day + timedelta(days=5),
                    funds_used_kzt=-wrong.funds_used_kzt, jobs_created=-wrong.jobs_created,
                    permanent_jobs=-wrong.permanent_jobs, reverses_id=wrong.id,
                    reason="Енгізілген екі рет / введено дважды", region_id=project.region_id,
                    district_id=project.district_id, entered_by_id=officers.get(
                        project.region_id)))
    db.session.flush()
