"""What the project pages show: a project's progress entries with their reversals, and what
the entries of each project add up to at a report date (the figures behind the Roadmap's
indicators)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import ProjectProgress, RoadmapProject


@dataclass(frozen=True)
class Progress:
    funds_used_kzt: int = 0
    jobs_created: int = 0
    permanent_jobs: int = 0


def progress_by_project(ids: list[int], as_of: date | None = None) -> dict[int, Progress]:
    """Project id -> what its entries (reversals subtract) add up to on `as_of` (None: all),
    counting the entries of the project's year as the indicators do."""
    if not ids:
        return {}
    stmt = (select(ProjectProgress.project_id, func.sum(ProjectProgress.funds_used_kzt),
                   func.sum(ProjectProgress.jobs_created),
                   func.sum(ProjectProgress.permanent_jobs))
            .where(ProjectProgress.project_id.in_(ids)).group_by(ProjectProgress.project_id))
    if as_of is not None:
        stmt = stmt.where(ProjectProgress.on <= as_of)
    return {pid: Progress(int(funds or 0), int(jobs or 0), int(permanent or 0))
            for pid, funds, jobs, permanent in db.session.execute(stmt)}


def entries_of(project: RoadmapProject) -> tuple[list[ProjectProgress], dict[int, ProjectProgress]]:
    """The project's entries by date, and entry id -> the reversal that took it back."""
    entries = db.session.scalars(select(ProjectProgress).where(
        ProjectProgress.project_id == project.id)
        .order_by(ProjectProgress.on, ProjectProgress.id)).all()
    reversed_by = {e.reverses_id: e for e in entries if e.reverses_id is not None}
    return list(entries), reversed_by
