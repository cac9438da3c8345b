"""The worker's side of a job: claim it, run its kind, end it (done with its result, or failed
with the reason), each step in the job's own app context and session."""
from __future__ import annotations

import logging
import time

from flask_babel import gettext as _

from caseworker.extensions import db
from caseworker.jobs import kinds, operations
from caseworker.models import Job

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between two progress writes (the last one is always written)


class Progress:
    """Called by a kind as it goes: `progress(done, total=None, errors=None)`."""

    def __init__(self, job_id: int, attempt: int):
        self.job_id, self.attempt = job_id, attempt
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, errors: int | None = None,
                 force: bool = False) -> None:
        now = time.monotonic()
        if force or total is not None or now - self._last >= PROGRESS_EVERY:
            self._last = now
            operations.progress(self.job_id, self.attempt, done, total, errors)


def execute(job_id: int) -> str | None:
    """Run a queued job; returns its state at the end (None when it was not queued)."""
    attempt = operations.claim(job_id)
    if attempt is None:
        return None
    job = db.session.get(Job, job_id)
    found = kinds.KINDS.get(job.kind)
    try:
        with operations.in_language_of(job):
            if found is None:
                raise LookupError(f"no job kind {job.kind!r}")
            outcome = found.run(job, Progress(job_id, attempt))
    except Exception as error:  # the job fails; the worker goes on with the next one
        log.exception("job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        with operations.in_language_of(job):
            message = _("The job stopped with an error: %(error)s", error=_reason(error))
        operations.fail(job_id, attempt, message)
        return "failed"
    with operations.in_language_of(job):  # the message's text in the starter's language
        return "done" if operations.finish(job_id, attempt, outcome) else None


def _reason(error: Exception) -> str:
    """What a person may read of an error: its kind and first line, never a stack trace."""
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
