"""The schedule: which periodic work runs when (local time), and the record of each run.

Each entry runs on the queue as a huey periodic task (`tasks`). A run belongs to a slot, the
due time it runs for; the slot is unique in `scheduled_run`, so when two schedulers (two
machines) both enqueue it, the second one finds the slot taken and does nothing. The work and
the run's outcome are committed together."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from caseworker import clock, spoken
from caseworker.domain.schedule import DAYS_AHEAD, Daily, Every, FirstWorkingDay
from caseworker.domain.workdays import EMPTY, WorkCalendar
from caseworker.extensions import db
from caseworker.jobs import maintenance, operations
from caseworker.jobs.maintenance import Report
from caseworker.models import ScheduledRun

log = logging.getLogger(__name__)
KEEP_RUNS_DAYS = 30
OUTCOMES = {"running": _l("Running"), "ok": _l("Succeeded"), "mismatch": _l("Differences found"),
            "failed": _l("Failed")}
SHOWN_LINES = 50


# Reads the working-days calendar of the years from one day to another. The calendar feature
# sets it when the app is made (`caseworker.calendar.upkeep`), so the queue imports no feature;
# unset, a month's first working day is its first weekday.
calendar_reader: Callable[[date, date], WorkCalendar] = lambda first, last: EMPTY


def reads_calendar(reader: Callable[[date, date], WorkCalendar]) -> None:
    global calendar_reader
    calendar_reader = reader


def calendar_around(moment: datetime) -> WorkCalendar:
    """The calendar of the months a rule may look at from `moment`, in one read."""
    span = timedelta(days=DAYS_AHEAD)
    return calendar_reader(moment.date() - span, moment.date() + span)


def remove_expired() -> Report:
    removed = operations.remove_expired()
    db.session.execute(delete(ScheduledRun).where(
        ScheduledRun.started_at < clock.utcnow() - timedelta(days=KEEP_RUNS_DAYS)))
    return Report(True, _l("%(n)d expired job results removed.", n=removed))


def recover_jobs() -> Report:
    from caseworker.jobs.tasks import submit
    again = operations.recover()
    db.session.commit()  # queued again before they are submitted (recovery may repeat)
    for job_id in again:
        submit(job_id)
    return Report(True, _l("%(n)d stopped jobs started again.", n=len(again)))


@dataclass(frozen=True)
class Entry:
    name: str
    when: Every | Daily | FirstWorkingDay
    period: object  # how often, as people read it
    own_label: object = None  # the queue's own upkeep; any other is maintenance.WORK[name]
    own_work: Callable[[], Report] | None = None
    startable: bool = True  # an admin may start it at once from the schedule's page

    @property
    def label(self):
        return self.own_label if self.own_work else maintenance.WORK[self.name].label

    @property
    def work(self) -> Callable[[], Report]:
        return self.own_work or maintenance.WORK[self.name].run

    @property
    def job_kind(self) -> str | None:
        return self.name if self.startable and not self.own_work else None


ENTRIES = (
    Entry("audit.seal", Every(5), _l("every 5 minutes")),
    Entry("indicators.summary.check", Daily(time(2, 0)), _l("every night at 02:00")),
    Entry("casework.facts.check", Daily(time(2, 30)), _l("every night at 02:30")),
    Entry("people.counts.compact", Every(5), _l("every 5 minutes")),
    Entry("people.counts.check", Daily(time(2, 45)), _l("every night at 02:45")),
    Entry("measures.use.compact", Every(5), _l("every 5 minutes")),
    Entry("measures.use.check", Daily(time(2, 50)), _l("every night at 02:50")),
    Entry("indicators.snapshot", FirstWorkingDay(time(3, 0)),
          _l("on the first working day of a month at 03:00")),
    Entry("jobs.expired", Every(60), _l("every hour"), _l("Remove expired job results"),
          remove_expired),
    Entry("jobs.recover", Every(5), _l("every 5 minutes"),
          _l("Start again the jobs of a stopped worker"), recover_jobs),
    Entry("api.idempotency.expired", Every(60), _l("every hour")),
    # after midnight: a district moved from today counts under its new region all day
    Entry("territories.moves", Daily(time(0, 5)), _l("every night at 00:05")),
    Entry("sessions.expired", Every(60), _l("every hour")),
)
BY_NAME = {e.name: e for e in ENTRIES}


def run(entry: Entry, now: datetime) -> ScheduledRun | None:
    """Run an entry for its last slot at or before `now` (local time); None when that slot
    has run (or is running) already."""
    row = ScheduledRun(task=entry.name, due_at=clock.stored(entry.when.last(now, calendar_around(now))),
                       started_at=clock.utcnow(), outcome="running")
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    run_id = row.id
    try:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            report = entry.work()
            message = "\n".join([str(report.message), *report.lines[:SHOWN_LINES]])
        # the first line kept as its words too, to be said in the language of whoever reads it
        words = spoken.kept(report.message) if isinstance(report.message, LazyString) else None
        outcome = "ok" if report.ok else "mismatch"
        if not report.ok:
            log.warning("scheduled %s: %s", entry.name, message)
    except Exception as error:
        log.exception("scheduled %s failed", entry.name)
        db.session.rollback()
        outcome, message, words = "failed", f"{type(error).__name__}: {str(error)[:300]}", None
    row = db.session.get(ScheduledRun, run_id)
    row.outcome, row.message, row.message_said = outcome, message, words
    row.finished_at = clock.utcnow()
    db.session.commit()  # with the work's writes
    return row


@dataclass
class Line:
    entry: Entry
    last: ScheduledRun | None
    next_at: datetime  # local


def message_of(run: ScheduledRun) -> str | None:
    """A run's message in the reader's language: its first line said from its words when they
    were kept, then the lines it listed (as they were written)."""
    if not run.message_said:
        return run.message
    rest = (run.message or "").split("\n", 1)[1:]
    return "\n".join([spoken.said(run.message_said), *rest])


def overview() -> list[Line]:
    """Each entry with its last run and when it runs next."""
    latest = select(func.max(ScheduledRun.id)).group_by(ScheduledRun.task).scalar_subquery()
    last = {r.task: r for r in db.session.scalars(
        select(ScheduledRun).where(ScheduledRun.id.in_(latest)))}
    now = clock.now()
    calendar = calendar_around(now)
    return [Line(e, last.get(e.name), e.when.next(now, calendar)) for e in ENTRIES]


def mismatches() -> list[Line]:
    """The entries whose last run found differences or failed (shown to admins)."""
    return [line for line in overview()
            if line.last is not None and line.last.outcome in ("mismatch", "failed")]
