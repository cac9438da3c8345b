"""Employment Roadmap projects: a register per region and district of the jobs and funds of
each project, kept by the region's officers and read by everyone who reads the indicators;
the referrals to a project's jobs are counted beside what the project reports."""
from __future__ import annotations


from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from caseworker import audit, clock, labels, policy
from caseworker.extensions import db
from caseworker.forms import version_read
from caseworker.models import District, ProjectProgress, Region, RoadmapProject
from caseworker.models.roadmap import JOB_KINDS
from caseworker.projects import operations, pages
from caseworker.projects.forms import ProgressForm, ProjectForm, ReverseProgressForm
from caseworker.projects.queries import by_referral
from caseworker.options import options
from caseworker.refusals import Refused
from caseworker.territories import queries as territories
from caseworker.web import show_refusal, staff_pages, submitted

bp = staff_pages("projects", __name__, url_prefix="/projects")
@bp.route("/")
def index():
    policy.require(current_user, "indicators.view")
    year = request.args.get("year", type=int) or clock.today().year
    if not 2015 <= year <= 2100:
        abort(404)
    region_id = request.args.get("region", type=int) or current_user.region_id
    region = db.session.get(Region, region_id) if region_id else None
    if region_id and region is None:
        abort(404)
    district = _district_of(region)
    as_of = _as_of(year)
    stmt = select(RoadmapProject).where(RoadmapProject.year == year).order_by(
        RoadmapProject.region_id, RoadmapProject.district_id.is_not(None),
        RoadmapProject.name)
    if region is not None:
        stmt = stmt.where(RoadmapProject.region_id == region.id)
    if district is not None:
        stmt = stmt.where(RoadmapProject.district_id == district.id)
    rows = db.session.scalars(stmt.limit(500)).all()
    regions = territories.regions_on(territories.day_of_year(year, clock.today()))
    ids = [p.id for p in rows]
    return render_template("projects/index.html", rows=rows, year=year, region=region,
                           district=district, as_of=as_of, regions=regions,
                           started=by_referral(ids),
                           reported=pages.progress_by_project(ids, as_of),
                           may_edit=region is not None
                           and policy.can(current_user, "project.edit", region))


def _district_of(region: Region | None) -> District | None:
    """The district asked for (a drill-down from a district's figure): one of the region's."""
    district_id = request.args.get("district", type=int)
    if district_id is None:
        return None
    district = db.session.get(District, district_id)
    if district is None or region is None or district.region_id != region.id:
        abort(404)
    return district


def _as_of(year: int):
    """The report date asked for (the figures as the entries stood then), inside the year and
    never after today; else none (every entry)."""
    try:
        asked = date.fromisoformat(request.args.get("as_of") or "")
    except ValueError:
        return None
    return min(max(asked, date(year, 1, 1)), date(year, 12, 31), clock.today())


def _project(project_id: int) -> RoadmapProject:
    return db.get_or_404(RoadmapProject, project_id)


def _progress_page(project: RoadmapProject, status: int = 200, **forms):
    entries, reversed_by = pages.entries_of(project)
    may_edit = policy.can(current_user, "project.edit", project)
    add = forms.get("add") or ProgressForm(prefix="add", formdata=None, on=clock.today())
    reverse_forms = {e.id: forms.get(f"reverse{e.id}") or ReverseProgressForm(
        prefix=f"reverse{e.id}", formdata=None, on=clock.today())
        for e in entries if may_edit and e.reverses_id is None and e.id not in reversed_by}
    total = pages.progress_by_project([project.id]).get(project.id, pages.Progress())
    return render_template("projects/progress.html", project=project, entries=entries,
                           reversed_by=reversed_by, may_edit=may_edit, form=add,
                           reverse_forms=reverse_forms, total=total), status


@bp.route("/<int:project_id>/progress")
def progress(project_id: int):
    """The project's progress entries, for everyone who reads the indicators."""
    policy.require(current_user, "indicators.view")
    return _progress_page(_project(project_id))


@bp.route("/<int:project_id>/progress", methods=["POST"])
def add_progress(project_id: int):
    project = _project(project_id)
    policy.require(current_user, "project.edit", project)  # another region's: 404
    form = ProgressForm(prefix="add")
    if submitted(form, lambda: operations.record_progress(
            project, current_user, on=form.on.data, funds_used_kzt=form.funds_used_kzt.data,
            jobs_created=form.jobs_created.data, permanent_jobs=form.permanent_jobs.data,
            today=clock.today()), _("The progress entry is recorded.")):
        return redirect(url_for(".progress", project_id=project.id))
    return _progress_page(project, 422, add=form)


@bp.route("/progress/<int:entry_id>/reverse", methods=["POST"])
def reverse_progress(entry_id: int):
    project = db.get_or_404(ProjectProgress, entry_id).project
    policy.require(current_user, "project.edit", project)
    form = ReverseProgressForm(prefix=f"reverse{entry_id}")
    if submitted(form, lambda: operations.reverse_progress(
            db.session.get(ProjectProgress, entry_id), current_user, reason=form.reason.data, on=form.on.data,
            today=clock.today()), _("The entry is reversed.")):
        return redirect(url_for(".progress", project_id=project.id))
    return _progress_page(project, 422, **{f"reverse{entry_id}": form})


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:project_id>", methods=["GET", "POST"])
def edit(project_id: int | None = None):
    project = db.get_or_404(RoadmapProject, project_id) if project_id is not None else None
    policy.require(current_user, "project.edit", project)  # another region's: 404
    form = ProjectForm(obj=None if request.method == "POST" else project)
    districts = db.session.scalars(select(District).where(
        District.region_id == current_user.region_id).order_by(District.kato)).all()
    form.district_id.choices = options([("", _("The whole region"))] + [
        (str(d.id), d.name) for d in districts])
    form.jobs_kind.choices = options([(k, str(labels.PROJECT_JOBS[k])) for k in JOB_KINDS])
    if request.method == "GET":
        form.district_id.data = str(project.district_id or "") if project else ""
        form.year.data = project.year if project else clock.today().year
        form.version.data = str(project.version) if project else ""
    if form.validate_on_submit():
        try:
            saved = operations.save_project(project, current_user, operations.ProjectFields(
                form.name.data, form.year.data, form.jobs_kind.data, form.jobs_planned.data,
                form.funds_allocated_kzt.data,
                int(form.district_id.data) if form.district_id.data else None),
                version=version_read(form.version),
                today=clock.today())
            db.session.commit()
        except Refused as refused:
            if refused.code != "stale":
                show_refusal(refused, form)
                return _edit_page(form, project, status=422)
            db.session.rollback()
            return _conflict(form, db.session.get(RoadmapProject, project_id))
        flash(_("The project is saved."), "success")
        return redirect(url_for(".index", year=saved.year))
    return _edit_page(form, project)


def _edit_page(form: ProjectForm, project: RoadmapProject | None, conflict: bool = False,
               status: int = 200):
    """The project's form, with the referrals that started in its jobs and what its progress
    entries add up to (its jobs created and funds used are entered there)."""
    ids = [project.id] if project else []
    return render_template("projects/edit.html", form=form, project=project, conflict=conflict,
                           started=by_referral(ids).get(project.id, 0) if project else 0,
                           reported=pages.progress_by_project(ids).get(
                               project.id, pages.Progress()) if project else None), \
        409 if conflict else status


def _conflict(form: ProjectForm, current: RoadmapProject):
    """Someone saved first: the form as typed, what is saved now, and a way to reload."""
    return _edit_page(form, current, conflict=True)
