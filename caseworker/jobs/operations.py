"""Jobs' writes: start one, claim it for a worker, its progress, its end, and what becomes of
a job whose worker stopped (queued again, or failed once it has had its attempts).

`start` adds and flushes like every operation (the view commits, then submits the job to the
queue). The others run in the worker, each in a transaction of its own: the claim is
committed before the work starts; progress is written on a connection of its own while the
work's transaction is open; the end (`finish`) is committed together with the work, and only
by the attempt that still holds the job, so a job is never done twice nor half done."""
from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_babel import force_locale, get_locale, gettext as _
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from caseworker import audit, clock, spoken
from caseworker.extensions import db
from caseworker.jobs import files
from caseworker.jobs.kinds import Outcome
from caseworker.models import Job, User

PROGRESS_WAIT_MS = 50  # how long a progress write waits for SQLite's write lock
SQLITE_WAIT_MS = 10000  # the connections' own busy timeout (caseworker.sqlite)


def start(kind: str, user: User | None, params: dict | None = None,
          total: int | None = None) -> Job:
    """A queued job; its messages will be written in the language of the page that started
    it."""
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    job = Job(kind=kind, user_id=user.id if user else None, state="queued",
              params={"locale": locale} | (params or {}), done=0, total=total, errors=0,
              attempts=0)
    db.session.add(job)
    db.session.flush()
    audit.record("job.start", "job", job.id, user=user)
    return job


@contextmanager
def in_language_of(job: Job) -> Iterator[None]:
    with force_locale(job.params.get("locale") or current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def identity() -> str:
    """Which worker runs a job: this machine and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _holding(job_id: int, attempt: int):
    return (Job.id == job_id, Job.state == "running", Job.attempts == attempt)


def claim(job_id: int) -> int | None:
    """Mark a queued job running and return its attempt's number; None when it is not queued
    (done already, or claimed by another worker: a message delivered twice runs once)."""
    now = clock.utcnow()
    claimed = db.session.execute(update(Job).where(Job.id == job_id, Job.state == "queued")
                                 .values(state="running", attempts=Job.attempts + 1,
                                         started_at=now, heartbeat_at=now, worker=identity(),
                                         done=0, errors=0, message=None))
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    attempt = db.session.scalar(select(Job.attempts).where(Job.id == job_id))
    db.session.commit()
    return attempt


def progress(job_id: int, attempt: int, done: int, total: int | None = None,
             errors: int | None = None) -> None:
    """Done of total and errors so far, on a connection of its own (the work's transaction
    stays open). Skipped, not waited for, when the database is busy with the work's writes."""
    values = {"done": done, "heartbeat_at": clock.utcnow()}
    if total is not None:
        values["total"] = total
    if errors is not None:
        values["errors"] = errors
    try:
        with db.engine.begin() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # asked once, not waited for: the work may hold the write lock
                conn.exec_driver_sql(f"PRAGMA busy_timeout={PROGRESS_WAIT_MS}")
            try:
                conn.execute(update(Job).where(*_holding(job_id, attempt)).values(values))
            finally:
                if sqlite:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
    except OperationalError:
        current_app.logger.info("job %s: progress not written (database busy)", job_id)
        files.note_progress(job_id, {k: v for k, v in values.items() if k != "heartbeat_at"})


def shown(job: Job) -> Job:
    """The job as its page shows it: while it runs, with the progress kept beside the
    database when the database was busy (a copy, never saved)."""
    noted = files.noted_progress(job.id) if job.state == "running" else None
    if not noted:
        return job
    _ = job.user  # read before it leaves the session: the page names who started it
    db.session.expunge(job)
    for name, value in noted.items():
        setattr(job, name, value)
    return job


def message_of(job: Job) -> str | None:
    """The job's closing message in the reader's language (kept as words and values when the
    job's kind said it with the catalogue's words, else the text it was written in)."""
    return spoken.said(job.message_said) if job.message_said else job.message


def finish(job_id: int, attempt: int, outcome: Outcome) -> bool:
    """The job done, in the work's transaction, committed with it; False (and nothing of it
    kept) when the attempt no longer holds the job (it was given up as stopped). A message of
    the catalogue (a lazy string) is kept as its words and values too, to be said in the
    language of whoever reads it; its text is in the job's language."""
    now = clock.utcnow()
    said = outcome.message
    values = {"state": "done", "finished_at": now, "heartbeat_at": now,
              "done": func.coalesce(Job.total, Job.done),
              "message": None if said is None else str(said),
              "message_said": spoken.kept(said) if isinstance(said, LazyString) else None,
              "result_path": outcome.result, "result_name": outcome.result_name,
              "result_expires_at": now + timedelta(hours=current_app.config["JOB_RESULT_HOURS"])
              if outcome.result else None}
    if outcome.errors is not None:
        values["errors"] = outcome.errors
    if db.session.execute(update(Job).where(*_holding(job_id, attempt))
                          .values(values)).rowcount != 1:
        db.session.rollback()
        files.remove(outcome.result)
        return False
    db.session.commit()
    files.forget_progress(job_id)
    return True


def fail(job_id: int, attempt: int, message: str) -> None:
    """The job failed: what it did is rolled back already; the reason is kept."""
    db.session.execute(update(Job).where(*_holding(job_id, attempt)).values(
        state="failed", finished_at=clock.utcnow(), message=message))
    db.session.commit()
    files.forget_progress(job_id)


def retry_or_fail(job: Job, attempts: int) -> bool:
    """A running job whose worker stopped: queued again while it has attempts left (True),
    else failed. Nothing it did was kept: its work commits only with its end."""
    with in_language_of(job):
        if job.attempts < attempts:
            job.state, job.done, job.errors, job.worker = "queued", 0, 0, None
            job.message = _("Started again: the worker that ran it stopped.")
            return True
        job.state, job.finished_at = "failed", clock.utcnow()
        job.message = _("The worker that ran this job stopped before the end; nothing of it "
                        "was saved. Start it again.")
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def abandoned(job: Job, stale_before: datetime) -> bool:
    """A running job whose worker is gone: a process of this machine that no longer runs, or
    (another machine's) one that has not reported since `stale_before`."""
    host, _sep, pid = (job.worker or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _alive(int(pid))
    return job.heartbeat_at is None or job.heartbeat_at < stale_before


def recover() -> list[int]:
    """Jobs left running by a worker that stopped: queued again (their ids, to submit after
    the commit) or failed."""
    config = current_app.config
    stale_before = clock.utcnow() - timedelta(minutes=config["JOB_STALE_MINUTES"])
    again = []
    for job in db.session.scalars(select(Job).where(Job.state == "running")):
        if abandoned(job, stale_before) and retry_or_fail(job, config["JOB_ATTEMPTS"]):
            again.append(job.id)
    db.session.flush()
    return again


def remove_expired() -> int:
    """Result files past their time removed (and any a dead worker left); returns how many
    jobs lost their result."""
    now = clock.utcnow()
    expired = db.session.scalars(select(Job).where(
        Job.result_path.is_not(None), Job.result_expires_at <= now)).all()
    for job in expired:
        files.remove(job.result_path)
        job.result_path = None
    db.session.flush()
    keep = set(db.session.scalars(select(Job.result_path).where(Job.result_path.is_not(None))))
    cutoff = now - timedelta(hours=current_app.config["JOB_RESULT_HOURS"])
    for path in files.stray(keep, cutoff.replace(tzinfo=timezone.utc).timestamp()):
        path.unlink(missing_ok=True)
    return len(expired)
