"""A user's jobs, a job's page (progress, result), and the admin's page of the schedule; the
`flask jobs worker` command that runs the queue."""
from __future__ import annotations

import logging

import click
from flask import (
    abort, current_app, redirect, render_template, request, send_file, url_for)
from flask_login import current_user
from sqlalchemy import select

from caseworker import audit, clock, policy
from caseworker.extensions import db
from caseworker.jobs import files, kinds, maintenance, operations, queue, schedule
from caseworker.jobs.tasks import submit
from caseworker.models import Job
from caseworker.paging import page_of
from caseworker.web import staff_pages

bp = staff_pages("jobs", __name__, url_prefix="/jobs")
REFRESH_SECONDS = 3  # how often an unfinished job's page reloads itself


@bp.app_template_global()
def job_kind_label(name: str) -> str:
    return kinds.label(name)


@bp.app_template_global()
def job_message(job: Job) -> str | None:
    return operations.message_of(job)


@bp.app_template_global()
def run_message(run) -> str | None:
    return schedule.message_of(run)


@bp.app_template_global()
def job_state_label(state: str) -> str:
    return str(kinds.STATES.get(state, state))


@bp.app_template_global()
def run_outcome_label(outcome: str) -> str:
    return str(schedule.OUTCOMES.get(outcome, outcome))


@bp.app_template_global()
def schedule_alerts() -> list:
    """The checks whose last run found differences or failed (the admin's home shows them)."""
    return schedule.mismatches() if policy.can(current_user, "jobs.maintain") else []


def _job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not policy.can(current_user, "job.view", job):
        abort(404)
    return job


@bp.route("/")
def index():
    stmt = policy.scope_jobs(select(Job), current_user).order_by(Job.id.desc())
    return render_template("jobs/index.html",
                           result=page_of(stmt, request.args.get("page", 1, type=int)))


@bp.route("/<int:job_id>")
def job(job_id: int):
    found = _job_or_404(job_id)
    return render_template("jobs/job.html", job=operations.shown(found), refresh=REFRESH_SECONDS,
                           has_result=found.result_path is not None
                           and files.path_of(found.result_path) is not None)


@bp.route("/<int:job_id>/result")
def result(job_id: int):
    found = _job_or_404(job_id)
    path = files.path_of(found.result_path) if found.result_path else None
    if path is None or found.result_expires_at is None or \
            found.result_expires_at <= clock.utcnow():
        return render_template("jobs/job.html", job=found, refresh=None, has_result=False,
                               gone=True), 410
    audit.record("job.download", "job", found.id)
    db.session.commit()
    return send_file(path, as_attachment=True, download_name=found.result_name,
                     max_age=0, conditional=False)


@bp.route("/schedule")
def schedule_page():
    policy.require(current_user, "jobs.maintain")
    return render_template("jobs/schedule.html", lines=schedule.overview(),
                           rebuild=maintenance.WORK["indicators.summary.rebuild"])


@bp.route("/start/<name>", methods=["POST"])
def start(name: str):
    """An admin starts a piece of maintenance at once, as a job (the form carries the CSRF
    token; the app checks it for every POST)."""
    policy.require(current_user, "jobs.maintain")
    if name not in maintenance.WORK:
        abort(404)
    started = operations.start(name, current_user)
    db.session.commit()
    submit(started.id)
    return redirect(url_for(".job", job_id=started.id), 303)


@bp.cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
@click.option("--schedule/--no-schedule", default=True, show_default=True,
              help="Also enqueue the schedule's periodic work (one worker per installation "
                   "is enough; a run is never repeated for the same time if two do).")
def worker_command(workers: int, schedule: bool):
    """Run jobs from the queue until stopped (Ctrl-C or SIGINT: after the running jobs end;
    SIGTERM: at once, the running jobs queued again)."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    queue.configure(app, immediate=False)
    again = operations.recover()  # left running by a worker of this machine that stopped
    db.session.commit()
    for job_id in again:
        submit(job_id)
    consumer = queue.huey.create_consumer(workers=workers, worker_type="thread",
                                          periodic=schedule, max_delay=2.0)
    consumer.run()
