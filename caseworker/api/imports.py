"""Imports through the API: upload the files of an import (multipart; `check_only` to write
nothing), follow its job, and take the template of each kind of file. The same job and the
same rules as the import page (caseworker.imports)."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import fields

from caseworker import policy
from caseworker.api import routes, schemas
from caseworker.api.errors import ApiError
from caseworker.extensions import db
from caseworker.imports import columns, work
from caseworker.jobs import operations as jobs
from caseworker.jobs.tasks import submit
from caseworker.models import Job

TAG = {"tags": ["imports"]}
CSV_RESPONSE = {"200": {"description": "the header line of the kind's file",
                        "content": {"text/csv": {"schema": {"type": "string"}}}}}


class ImportFilesSchema(schemas.Checked):
    files = fields.List(Upload(), required=True, metadata={
        "description": "CSV or XLSX files; each one's kind is told by its columns"})


class ImportFormSchema(schemas.Strict):
    check_only = fields.Boolean(load_default=False, metadata={
        "description": "check every row and write nothing"})


ImportJobSchema = schemas.mirror(
    "ImportJobSchema", Job, "id state check_only done total errors message problems page",
    check_only=fields.Boolean(required=True),
    problems=fields.List(fields.Dict(), required=True, metadata={
        "description": "the first bad rows: file, line, column, value, code, message"}),
    page=fields.String(required=True, metadata={"description": "the import's page"}))


def _shown(job: Job) -> dict:
    keys = ("file", "line", "column", "value", "code", "message")
    return {"id": job.id, "state": job.state, "check_only": bool(job.params.get("check_only")),
            "done": job.done, "total": job.total, "errors": job.errors, "message": jobs.message_of(job),
            "problems": [dict(zip(keys, map(str, row))) for row in work.shown_problems(job)],
            "page": url_for("imports.job", job_id=job.id, _external=True)}


@routes.endpoint("POST", "/imports", ImportJobSchema, files=ImportFilesSchema,
                 form=ImportFormSchema, status=202, **TAG)
def import_start(uploads, form):
    """Start an import of persons and their histories (a background job); all or nothing; a
    file imported again changes nothing"""
    check_only = form["check_only"]
    policy.require(current_user, "import.check" if check_only else "import.run")
    job = work.start(current_user, [(f.filename or "", f.read()) for f in uploads["files"]],
                     check_only)
    db.session.commit()
    submit(job.id)
    db.session.refresh(job)  # the queue may have run it already (at once, in tests)
    return _shown(job), 202


@routes.endpoint("GET", "/imports/<int(max=2147483647):job_id>", ImportJobSchema, **TAG)
def import_show(job_id: int):
    """An import's state, progress and first bad rows"""
    policy.require(current_user, "import.check")
    job = db.session.get(Job, job_id)
    if job is None or job.kind != work.KIND or not policy.can(current_user, "job.view", job):
        raise ApiError(404, "not_found", _l("No import with this id."))
    return _shown(jobs.shown(job))


@routes.endpoint("GET", "/imports/templates/<any(%s):kind>.csv" % ", ".join(columns.KINDS), **TAG,
                 responses=CSV_RESPONSE)
def import_template(kind: str):
    """The template of a kind of import file: its header line"""
    policy.require(current_user, "import.check")
    return columns.template_response(kind)
