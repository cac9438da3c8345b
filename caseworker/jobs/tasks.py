"""What the queue runs: a job (by its id), and each entry of the schedule as a periodic task.
Importing this module declares them (the app imports it through the jobs' blueprint)."""
from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from huey.signals import SIGNAL_INTERRUPTED

from caseworker import clock
from caseworker.extensions import db
from caseworker.jobs import operations, runner, schedule
from caseworker.jobs.queue import app_context, huey
from caseworker.models import Job

log = logging.getLogger(__name__)


@huey.task(name="job")
def run_job(job_id: int) -> None:
    with app_context():
        runner.execute(job_id)


def submit(job_id: int) -> None:
    """Put a queued (and committed) job on the queue; when the queue cannot take it, the job
    fails saying so, rather than waiting for ever."""
    try:
        run_job(job_id)
    except Exception:
        log.exception("job %s could not be queued", job_id)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if job is not None and job.state == "queued":
            with operations.in_language_of(job):
                job.state, job.finished_at = "failed", clock.utcnow()
                job.message = _("The job could not be put on the queue. Try again later.")
            db.session.commit()


@huey.signal(SIGNAL_INTERRUPTED)
def _interrupted(_signal, task, *_args, **_kwargs) -> None:
    """A worker stopping (its consumer told to stop at once) leaves its job: queued again for
    the next worker, or failed once it has had its attempts."""
    if task.name != run_job.name:
        return
    with app_context():
        job = db.session.get(Job, task.args[0])
        if job is None or job.state != "running":
            return
        again = operations.retry_or_fail(job, current_app.config["JOB_ATTEMPTS"])
        db.session.commit()
        if again:
            submit(job.id)


def _periodic(entry: schedule.Entry) -> None:
    def due(moment: datetime) -> bool:  # huey's moment: naive UTC
        with app_context():
            local = clock.local(moment)
            return entry.when.due(local, schedule.calendar_around(local))

    def run() -> None:
        with app_context():
            schedule.run(entry, clock.now())

    huey.periodic_task(due, name=f"schedule.{entry.name}")(run)


for _entry in schedule.ENTRIES:
    _periodic(_entry)
