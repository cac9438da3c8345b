"""Writes of the Roadmap projects: the project itself (`save_project`, with a version check
against lost updates), a progress entry (funds used, jobs created and of them
permanent, on a day) and its reversal. Entries are never edited: a mistaken one is reversed
by an entry of the opposite figures that names it, with a reason, so that a report for a day
before the correction still shows what was reported then. Each adds, flushes and audits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit, policy
from caseworker.domain.dates import plan_years
from caseworker.extensions import db
from caseworker.models import District, ProjectProgress, RoadmapProject, User
from caseworker.models.roadmap import JOB_KINDS
from caseworker.refusals import Refused

MOST = 10**12  # tenge, jobs: far above anything real, below what the columns hold


def _may_edit(user: User, project: RoadmapProject) -> None:
    """Whoever keeps the region's projects (the door has answered 404 for another region)."""
    if not policy.can(user, "project.edit", project):
        raise Refused("forbidden")


def _check_day(on: date | None, project: RoadmapProject, today: date,
               after: date | None = None) -> date:
    if on is None:
        raise Refused("progress_date_missing")
    if on > today:
        raise Refused("progress_future")
    if on.year != project.year:
        raise Refused("progress_other_year")
    if after is not None and on < after:
        raise Refused("progress_reversal_before_entry")
    return on


def record_progress(project: RoadmapProject, user: User, *, on: date | None,
                    funds_used_kzt: int | None, jobs_created: int | None,
                    permanent_jobs: int | None, today: date) -> ProjectProgress:
    """What the project reported on `on`: funds used and jobs created since its last entry."""
    _may_edit(user, project)
    _check_day(on, project, today)
    figures = [funds_used_kzt or 0, jobs_created or 0, permanent_jobs or 0]
    if any(value < 0 for value in figures):
        raise Refused("progress_negative")
    if not any(figures):
        raise Refused("progress_empty")
    if figures[2] > figures[1]:
        raise Refused("progress_permanent_over_jobs")
    entry = ProjectProgress(project_id=project.id, on=on, funds_used_kzt=figures[0],
                            jobs_created=figures[1], permanent_jobs=figures[2],
                            region_id=project.region_id, district_id=project.district_id,
                            entered_by_id=user.id)
    db.session.add(entry)
    db.session.flush()
    audit.record("project.progress", "project_progress", entry.id, user=user)
    return entry


def reverse_progress(entry: ProjectProgress, user: User, *, reason: str | None,
                     on: date | None, today: date) -> ProjectProgress:
    """Take a mistaken entry back from `on` (the day it is corrected): the opposite figures,
    with a reason; an entry is reversed once, a reversal never."""
    project = entry.project
    _may_edit(user, project)
    if entry.reverses_id is not None:
        raise Refused("progress_reversal_of_reversal")
    if db.session.scalar(select(ProjectProgress.id).where(
            ProjectProgress.reverses_id == entry.id)) is not None:
        raise Refused("progress_already_reversed")
    text = (reason or "").strip()
    if not text:
        raise Refused("progress_reason_missing")
    _check_day(on, project, today, after=entry.on)
    reversal = ProjectProgress(
        project_id=project.id, on=on, funds_used_kzt=-entry.funds_used_kzt,
        jobs_created=-entry.jobs_created, permanent_jobs=-entry.permanent_jobs,
        reverses_id=entry.id, reason=text[:1000], region_id=entry.region_id,
        district_id=entry.district_id, entered_by_id=user.id)
    db.session.add(reversal)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # reversed at the same moment by someone else
        raise Refused("progress_already_reversed") from error
    audit.record("project.progress_reverse", "project_progress", reversal.id, user=user)
    return reversal


@dataclass
class ProjectFields:
    """What a project is and plans, as a form or the API sent it."""
    name: str | None
    year: int | None
    jobs_kind: str | None
    jobs_planned: int | None
    funds_allocated_kzt: int | None
    district_id: int | None = None


def _checked(fields: ProjectFields, user: User, today: date) -> ProjectFields:
    name = (fields.name or "").strip()
    if not name or len(name) > 300:
        raise Refused("project_name_required")
    low, high = plan_years(today)
    if fields.year is None or not low <= fields.year <= high:
        raise Refused("project_year", message=_l(
            "The year must be a whole number from %(low)d to %(high)d.", low=low, high=high))
    if fields.jobs_kind not in JOB_KINDS:
        raise Refused("project_kind")
    for value in (fields.jobs_planned, fields.funds_allocated_kzt):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST:
            raise Refused("project_negative")
    if fields.district_id is not None and db.session.scalar(select(District.id).where(
            District.id == fields.district_id,
            District.region_id == user.region_id)) is None:
        raise Refused("project_district")
    return ProjectFields(name, fields.year, fields.jobs_kind, fields.jobs_planned,
                         fields.funds_allocated_kzt, fields.district_id)


def save_project(project: RoadmapProject | None, user: User, fields: ProjectFields, *,
                 version: int | None, today: date) -> RoadmapProject:
    """Make a project of the user's region (`project` None) or change one: `version` is the
    one the form was filled from; a save over a later one is refused ("stale"), so that two
    officers never overwrite each other's figures unseen."""
    if not policy.can(user, "project.edit", project):
        raise Refused("forbidden")
    if project is not None and version != project.version:
        raise Refused("stale")
    checked = _checked(fields, user, today)
    saved = project or RoadmapProject(region_id=user.region_id)
    saved.name, saved.year, saved.jobs_kind = checked.name, checked.year, checked.jobs_kind
    saved.jobs_planned, saved.funds_allocated_kzt = checked.jobs_planned, \
        checked.funds_allocated_kzt
    saved.district_id, saved.updated_by_id = checked.district_id, user.id
    db.session.add(saved)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except StaleDataError:  # another save of the same moment was first
        raise Refused("stale") from None
    audit.record("project.save", "roadmap_project", saved.id, user=user)
    return saved
