"""An import as a background job: the uploaded files kept beside the job (`start`), the job's
kind that reads and imports them with its progress, and the report of bad rows it leaves as
its result: codes and parameters (`said`), read as CSV in the language of whoever opens it."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from flask_babel.speaklater import LazyString

from caseworker import collector, exports
from caseworker.extensions import db
from caseworker.imports import operations, reading, said
from caseworker.imports.reading import Limits, Problem
from caseworker.jobs import files
from caseworker.jobs import operations as jobs
from caseworker.jobs.kinds import Outcome, kind
from caseworker.models import Job, User
from caseworker.refusals import Refused

KIND = "imports.run"
SHOWN = 200  # bad rows the import's page lists (the report file has them all)


def limits() -> Limits:
    return Limits(current_app.config["IMPORT_MAX_MB"] * 2**20,
                  current_app.config["IMPORT_MAX_ROWS"])


def start(user: User, uploads: list[tuple[str, bytes]], check_only: bool) -> Job:
    """A queued import of the files (name, content), kept until the job's results expire.
    The door has asked the policy; it commits, then submits the job."""
    uploads = [(name, data) for name, data in uploads if name or data]
    if not uploads:
        raise Refused("import_no_files")
    job = jobs.start(KIND, user, {"check_only": check_only})
    kept = []
    for name, data in uploads:
        with files.writing(job.id, ".upload") as (out, stored):
            out.write(data)
        kept.append({"name": name, "stored": stored})
    job.params = {**job.params, "files": kept}
    db.session.flush()
    return job


def read_all(named: list[tuple[str, bytes | None]]) -> tuple[list, list[Problem]]:
    """The files' sheets (the cyclic garbage collector paused meanwhile: their rows hold no
    cycles) and the problems of those that cannot be read."""
    sheets, problems, bound = [], [], limits()
    with collector.paused():
        for name, data in named:
            if data is None:
                problems.append(Problem(name, 0, None, None, "import_unreadable"))
                continue
            found, refused = reading.read(name, data, bound)
            sheets += found
            problems += refused
    return sheets, problems


def summary(report: operations.Report) -> LazyString:
    """What the import did, as words of the catalogue and their values: kept so by the job
    (`caseworker.spoken`) and said in the language of whoever reads it."""
    bad = len(report.problems)
    if bad:
        return _l("%(bad)d bad rows or problems in %(rows)d rows: nothing was written. Download "
                  "the report, correct the files and import them again.", bad=bad,
                  rows=report.rows)
    if report.check_only:
        return _l("Checked, nothing written: all %(rows)d rows can be imported (%(new)d new, "
                  "%(seen)d imported before).", rows=report.rows, new=report.new,
                  seen=report.unchanged)
    if not report.new:
        return _l("Nothing changed: all %(rows)d rows were imported before.", rows=report.rows)
    if not report.unchanged:
        return _l("Imported: %(new)d rows written.", new=report.new)
    return _l("Imported: %(new)d rows written; %(seen)d rows were imported before and changed "
              "nothing.", new=report.new, seen=report.unchanged)


def header() -> list[str]:
    return [_("File"), _("Line"), _("Column"), _("Value"), _("Code"), _("Reason")]


def report_rows(problems: list[Problem]):
    """The report's rows, each reason in the language of the moment."""
    ordered = sorted(problems, key=lambda p: (p.source, p.line))
    return ([p.source, p.line or "", p.column or "", p.value or "", p.code,
             said.message_of(p)] for p in ordered)


@kind(KIND, _l("Import of persons and their histories"))
def run_import(job: Job, progress) -> Outcome:
    user = db.session.get(User, job.user_id)
    named = []
    for item in job.params.get("files", []):
        path = files.path_of(item["stored"])
        named.append((item["name"], path.read_bytes() if path is not None else None))
    sheets, problems = read_all(named)
    report = operations.run(sheets, problems, user, check_only=job.params["check_only"],
                            progress=progress, job_id=job.id)
    message = summary(report)
    if not report.problems:
        return Outcome(message, errors=0)
    with files.writing(job.id, ".jsonl") as (out, stored):
        for line in said.stored(report.problems):
            out.write(line.encode())
    return Outcome(message, stored, f"import-{job.id}-report.jsonl",
                   errors=len(report.problems))


def kept_as_codes(job: Job) -> bool:
    """Whether the import kept its report as codes and parameters (an import of an earlier
    version kept a CSV in its starter's language: its job's result is that file)."""
    return bool(job.result_path) and job.result_path.endswith(".jsonl")


def kept_problems(job: Job, limit: int | None = None) -> list[Problem] | None:
    """The bad rows a finished import kept (the first `limit`), None when it kept none."""
    path = files.path_of(job.result_path) if kept_as_codes(job) else None
    if path is None:
        return None
    with path.open(encoding="utf-8") as lines:
        return said.read(lines, limit)


def shown_problems(job: Job) -> list[list]:
    """The first bad rows of a finished import, each reason in the reader's language."""
    return list(report_rows(kept_problems(job, SHOWN) or []))


def report_csv(job: Job):
    """The whole report of bad rows as CSV lines, in the reader's language (None: none)."""
    problems = kept_problems(job)
    return None if problems is None else exports.csv_lines(header(), report_rows(problems))
