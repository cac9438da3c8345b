"""Employment Roadmap projects: a register per region and district of the jobs and funds of
each project, kept by the region's officers and read by everyone who reads the indicators;
the referrals to a project's jobs are counted beside what the project reports."""
from __future__ import annotations


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit, clock, labels, policy
from caseworker.extensions import db
from caseworker.models import District, Region, RoadmapProject
from caseworker.models.roadmap import JOB_KINDS
from caseworker.projects.forms import ProjectForm
from caseworker.projects.queries import by_referral
from caseworker.options import options
from caseworker.territories import queries as territories

bp = Blueprint("projects", __name__, url_prefix="/projects")
@bp.route("/")
@login_required
def index():
    policy.require(current_user, "indicators.view")
    year = request.args.get("year", type=int) or clock.today().year
    if not 2015 <= year <= 2100:
        abort(404)
    region_id = request.args.get("region", type=int) or current_user.region_id
    region = db.session.get(Region, region_id) if region_id else None
    if region_id and region is None:
        abort(404)
    stmt = select(RoadmapProject).where(RoadmapProject.year == year).order_by(
        RoadmapProject.region_id, RoadmapProject.district_id.is_not(None),
        RoadmapProject.name)
    if region is not None:
        stmt = stmt.where(RoadmapProject.region_id == region.id)
    rows = db.session.scalars(stmt.limit(500)).all()
    regions = territories.regions_on(territories.day_of_year(year, clock.today()))
    return render_template("projects/index.html", rows=rows, year=year, region=region,
                           regions=regions, started=by_referral([p.id for p in rows]),
                           may_edit=region is not None
                           and policy.can(current_user, "project.edit", region))


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:project_id>", methods=["GET", "POST"])
@login_required
def edit(project_id: int | None = None):
    project = None
    if project_id is not None:
        project = db.session.get(RoadmapProject, project_id)
        if project is None:
            abort(404)
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
        if project is not None and form.version.data != str(project.version):
            return _conflict(form, project)
        saved = project or RoadmapProject(region_id=current_user.region_id)
        for name in ("name", "year", "jobs_kind", "jobs_planned", "jobs_created",
                     "funds_allocated_kzt", "funds_used_kzt"):
            setattr(saved, name, getattr(form, name).data)
        saved.name = saved.name.strip()
        saved.district_id = int(form.district_id.data) if form.district_id.data else None
        saved.updated_by_id = current_user.id
        db.session.add(saved)
        try:
            db.session.flush()
            audit.record("project.save", "roadmap_project", saved.id)
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            return _conflict(form, db.session.get(RoadmapProject, project_id))
        flash(_("The project is saved."), "success")
        return redirect(url_for(".index", year=saved.year))
    return render_template("projects/edit.html", form=form, project=project,
                           started=by_referral([project.id]).get(project.id, 0)
                           if project else 0)


def _conflict(form: ProjectForm, current: RoadmapProject):
    """Someone saved first: the form as typed, what is saved now, and a way to reload."""
    return render_template("projects/edit.html", form=form, project=current, conflict=True,
                           started=by_referral([current.id]).get(current.id, 0)), 409
