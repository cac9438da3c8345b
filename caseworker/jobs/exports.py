"""Exports too large for a request: the page starts a job and sends the user to its page; the
worker writes the file (CSV or XLSX, as the page would have sent it) with its progress."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from flask import Response, current_app, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, func, select

from caseworker import exports
from caseworker.extensions import db
from caseworker.jobs import files, operations
from caseworker.jobs.kinds import Outcome

EVERY = 200  # rows between two calls of progress (which writes at most twice a second)


def _count(stmt: Select, limit: int | None = None) -> int:
    stmt = stmt.order_by(None) if limit is None else stmt.limit(limit)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def too_large(stmt: Select) -> bool:
    """More rows than a request should send (CASEWORKER_EXPORT_JOB_ROWS); counted no further
    than one past that."""
    limit = current_app.config["EXPORT_JOB_ROWS"]
    return _count(stmt, limit + 1) > limit


def start(kind: str, filename: str, fmt: str, params: dict) -> Response:
    """Start the export as a job of the current user, commit (with what the view recorded),
    and go to its page."""
    from caseworker.jobs.tasks import submit
    job = operations.start(kind, current_user, {"name": filename, "format": fmt} | params)
    db.session.commit()
    submit(job.id)
    return redirect(url_for("jobs.job", job_id=job.id), 303)


def _counted(rows: Iterable, progress: Callable) -> Iterator:
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % EVERY == 0:
            progress(done)
    progress(done, force=True)


def write(job, progress: Callable, stmt: Select, header: list[str],
          rows_of: Callable[[Select], Iterable], title: str,
          formats: dict[int, str] | None = None) -> Outcome:
    """The export's file from `stmt`, its rows made by `rows_of`, in the job's format."""
    total = _count(stmt)
    progress(0, total=total)
    rows = _counted(rows_of(stmt), progress)
    fmt, name = job.params["format"], job.params["name"]
    with files.writing(job.id, f".{fmt}") as (out, stored):
        if fmt == "csv":
            for line in exports.csv_lines(header, rows):
                out.write(line.encode())
        else:
            out.write(exports.xlsx_response(name, header, rows, title, formats).get_data())
    return Outcome(_("%(n)d rows written.", n=total), stored, name)
