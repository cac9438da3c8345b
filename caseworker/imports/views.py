"""The import page: upload files (to import, or only to check), the templates of each file,
and an import's own page with its progress and its bad rows."""
from __future__ import annotations

from flask import (
    Response, abort, redirect, render_template, stream_with_context, url_for)
from flask_login import current_user
from sqlalchemy import select

from caseworker import audit, policy, web
from caseworker.extensions import db
from caseworker.imports import columns, work
from caseworker.imports.forms import ImportForm
from caseworker.jobs import files
from caseworker.jobs import operations as jobs
from caseworker.jobs.tasks import submit
from caseworker.models import Job
from caseworker.refusals import Refused
from caseworker.web import staff_pages

bp = staff_pages("imports", __name__, url_prefix="/imports")
RECENT = 10


def _guard() -> None:
    policy.require(current_user, "import.check")


@bp.route("/", methods=["GET", "POST"])
def index():
    _guard()
    may_write = policy.can(current_user, "import.run")
    form = ImportForm()
    if not may_write:
        form.check_only.data = True
    if form.validate_on_submit():
        check_only = form.check_only.data or not may_write
        uploads = [(f.filename or "", f.read()) for f in form.files.data if f]
        try:
            job = work.start(current_user, uploads, check_only)
        except Refused as refused:
            web.show_refusal(refused, form)
        else:
            db.session.commit()
            submit(job.id)
            return redirect(url_for(".job", job_id=job.id), 303)
    recent = db.session.scalars(policy.scope_jobs(select(Job), current_user).where(
        Job.kind == work.KIND).order_by(Job.id.desc()).limit(RECENT)).all()
    return render_template("imports/index.html", form=form, kinds=columns.KINDS,
                           may_write=may_write, recent=recent,
                           max_mb=work.limits().max_bytes // 2**20,
                           max_rows=work.limits().max_rows)


@bp.route("/templates/<kind>.csv")
def template(kind: str):
    _guard()
    return columns.template_response(kind)


def _import_or_404(job_id: int) -> Job:
    _guard()
    found = db.session.get(Job, job_id)
    if found is None or found.kind != work.KIND or not policy.can(current_user, "job.view",
                                                                  found):
        abort(404)
    return found


@bp.route("/<int:job_id>")
def job(job_id: int):
    found = _import_or_404(job_id)
    has_result = found.result_path is not None and files.path_of(found.result_path) is not None
    return render_template("imports/job.html", job=jobs.shown(found), refresh=3, has_result=has_result,
                           problems=work.shown_problems(found) if has_result else [],
                           shown=work.SHOWN,
                           **(dict(result_url=url_for(".report", job_id=found.id),
                                   result_name=f"import-{found.id}-report.csv")
                              if work.kept_as_codes(found) else {}))


@bp.route("/<int:job_id>/report.csv")
def report(job_id: int):
    """The report of bad rows as CSV, each reason in the language of whoever downloads it."""
    found = _import_or_404(job_id)
    lines = work.report_csv(found)
    if lines is None:
        abort(404)
    audit.record("job.download", "job", found.id)
    db.session.commit()
    response = Response(stream_with_context(lines), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="import-{found.id}-report.csv"')
    return response
