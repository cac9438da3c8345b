"""Places and funds (allocations) and Employment Roadmap projects through the API, read as
their pages show them: the allocations of your region with what referrals use of them, and
the projects of any region with the referrals whose person started in their jobs."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import fields, validate

from caseworker import clock, policy
from caseworker.api import routes, schemas
from caseworker.extensions import db
from caseworker.measures.allocations import region_table, usage
from caseworker.models import Allocation, RoadmapProject
from caseworker.models.roadmap import JOB_KINDS
from caseworker.paging import listed
from caseworker.projects import operations as project_operations
from caseworker.projects import pages as project_pages
from caseworker.projects import queries as projects

YEARS = validate.Range(2015, 2100)


AllocationSchema = schemas.mirror(
    "AllocationSchema", Allocation,
    """id measure_code region_id district_id year places funds_kzt places_used funds_used_kzt
    funds_committed_kzt funds_paid_kzt places_left funds_left_kzt note version""",
    district_id=fields.Integer(allow_none=True, metadata={
        "description": "null: the region's own allocation, for its districts together"}),
    places_used=schemas.figure("referrals approved, referred, started or completed on it"),
    funds_used_kzt=schemas.figure("what it cannot give again: committed by open referrals "
                                  "(their whole amounts) and paid on closed ones"),
    funds_committed_kzt=schemas.figure("the whole amounts of its open referrals"),
    funds_paid_kzt=schemas.figure("paid on its referrals, open and closed (reversals subtract)"),
    places_left=fields.Integer(required=True),
    funds_left_kzt=schemas.figure("funds - committed by open referrals - paid on closed ones"))


class AllocationQuerySchema(schemas.Strict):
    year = fields.Integer(validate=YEARS, metadata={"description": "by default this year"})
    measure_code = fields.String(validate=validate.Length(max=40))
    district_id = schemas._id(metadata={"description": "a district of your region"})


class AllocationListSchema(schemas.Strict):
    year = fields.Integer(required=True)
    items = fields.List(fields.Nested(AllocationSchema), required=True)


def _shown(left) -> dict:
    a = left.allocation
    return {"id": a.id, "measure_code": a.measure_code, "region_id": a.region_id,
            "district_id": a.district_id, "year": a.year, "places": a.places,
            "funds_kzt": a.funds_kzt, "places_used": left.used_places,
            "funds_used_kzt": left.used_funds, "funds_committed_kzt": a.committed_kzt,
            "funds_paid_kzt": a.paid_open_kzt + a.paid_closed_kzt, "places_left": left.places,
            "funds_left_kzt": left.funds, "note": a.note, "version": a.version}


@routes.endpoint("GET", "/allocations", AllocationListSchema, query=AllocationQuerySchema,
                 tags=["allocations"])
def allocation_list(args):
    """The places and funds of your region for a year, per measure, the region's own and its
    districts', with what referrals use of them"""
    policy.require(current_user, "allocation.view")
    year = args.get("year") or clock.today().year
    rows = [left for left in region_table(current_user.region_id, year)
            if args.get("measure_code") in (None, left.allocation.measure_code)
            and args.get("district_id") in (None, left.allocation.district_id)]
    return {"year": year, "items": [_shown(left) for left in rows]}


@routes.endpoint("GET", "/allocations/<int(max=2147483647):allocation_id>", AllocationSchema,
                 tags=["allocations"])
def allocation_show(allocation_id: int):
    """One allocation of your region"""
    policy.require(current_user, "allocation.view")
    allocation = db.session.get(Allocation, allocation_id)
    if allocation is None or allocation.region_id != current_user.region_id:
        abort(404)
    return _shown(usage([allocation])[allocation.id])


class ProjectFieldsSchema(schemas.Strict):
    """What a project is and plans: as sent to make or change it, and as read."""
    district_id = fields.Integer(allow_none=True, metadata={
        "description": "a district of the project's region; null: the whole region"})
    year = fields.Integer(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    jobs_kind = fields.String(required=True, validate=validate.OneOf(JOB_KINDS))
    jobs_planned = fields.Integer(required=True)
    funds_allocated_kzt = fields.Integer(required=True)


ProjectSchema = schemas.mirror(
    "ProjectSchema", RoadmapProject,
    """id region_id reported_jobs_created reported_permanent_jobs reported_funds_used_kzt
    referrals_started version""", ProjectFieldsSchema,
    reported_jobs_created=schemas.figure(
        "what its progress entries add up to (reversals subtract): every job the project "
        "created, whoever filled it"),
    reported_permanent_jobs=schemas.figure("of the jobs created, the permanent ones"),
    reported_funds_used_kzt=schemas.figure("what its progress entries add up to"),
    referrals_started=schemas.figure("referrals to its jobs whose person started work"))


class ProjectQuerySchema(schemas.PageQuerySchema):
    year = fields.Integer(validate=YEARS, metadata={"description": "left out: every year"})
    region_id = schemas._id()
    district_id = schemas._id()


ProjectPageSchema = schemas.page_schema("ProjectPage", ProjectSchema)


OWN = ("id", "region_id", "district_id", "year", "name", "jobs_kind", "jobs_planned",
       "funds_allocated_kzt", "version")


def _with_started(rows: list[RoadmapProject]) -> list[dict]:
    """The projects as the projects page shows them: with the referrals that started in
    their jobs and what their progress entries add up to (two statements for the page)."""
    ids = [p.id for p in rows]
    started, reported = projects.by_referral(ids), project_pages.progress_by_project(ids)
    none = project_pages.Progress()
    return [{**{name: getattr(p, name) for name in OWN},
             "referrals_started": started.get(p.id, 0),
             "reported_jobs_created": reported.get(p.id, none).jobs_created,
             "reported_permanent_jobs": reported.get(p.id, none).permanent_jobs,
             "reported_funds_used_kzt": reported.get(p.id, none).funds_used_kzt}
            for p in rows]


@routes.endpoint("GET", "/projects", ProjectPageSchema, query=ProjectQuerySchema,
                 tags=["projects"])
def project_list(args):
    """Employment Roadmap projects, of a year, a region or a district, with paging (as the
    projects page, any region)"""
    policy.require(current_user, "indicators.view")
    page = listed(projects.project_list(args.get("year"), args.get("region_id"),
                                        args.get("district_id")),
                  args["page"], args["per_page"])
    return page | {"items": _with_started(page["items"])}


@routes.endpoint("GET", "/projects/<int(max=2147483647):project_id>", ProjectSchema,
                 tags=["projects"])
def project_show(project_id: int):
    """An Employment Roadmap project"""
    policy.require(current_user, "indicators.view")
    project = db.session.get(RoadmapProject, project_id)
    if project is None:
        abort(404)
    return _with_started([project])[0]


class ProjectInSchema(ProjectFieldsSchema):
    """A project of your region (its results are progress entries)."""
    version = fields.Integer(allow_none=True, metadata={
        "description": "a change: the version it was read at (409 stale when another save "
                       "came first)"})


def _saved(project: RoadmapProject | None, args: dict) -> dict:
    saved = project_operations.save_project(
        project, current_user, project_operations.ProjectFields(
            args["name"], args["year"], args["jobs_kind"], args["jobs_planned"],
            args["funds_allocated_kzt"], args.get("district_id")),
        version=args.get("version"), today=clock.today())
    db.session.commit()
    return _with_started([saved])[0]


@routes.endpoint("POST", "/projects", ProjectSchema, json=ProjectInSchema, status=201,
                 tags=["projects"])
def project_create(args):
    """Make an Employment Roadmap project of your region (the region's officer)"""
    policy.require(current_user, "project.edit")
    return _saved(None, args)


@routes.endpoint("PUT", "/projects/<int(max=2147483647):project_id>", ProjectSchema,
                 json=ProjectInSchema, tags=["projects"])
def project_save(args, project_id: int):
    """Change a project of your region: send the version you read (409 stale when someone
    saved it since)"""
    project = db.session.get(RoadmapProject, project_id)
    if project is None:
        abort(404)
    policy.require(current_user, "project.edit", project)  # another region's: 404
    return _saved(project, args)
