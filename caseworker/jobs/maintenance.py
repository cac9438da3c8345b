"""The long work of keeping the system's own records: the audit seal, the indicator summary
(its rebuild and its check), the casework facts' check, the month-end freeze. Each calls the
function that does it where it lives (the same ones as the `flask` commands) and returns a
`Report`; the schedule runs them at their times, and an admin can start them as jobs."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l

from caseworker import clock
from caseworker.jobs import files
from caseworker.jobs.kinds import Outcome, kind

LISTED = 1000  # differences written into a check's report file


@dataclass
class Report:
    ok: bool          # False: a check found differences (logged, shown to admins)
    message: str
    lines: list[str] = field(default_factory=list)


def audit_seal() -> Report:
    from caseworker.audit_chain import seal_and_anchor
    forged: list[int] = []
    count = seal_and_anchor(current_app.config["AUDIT_KEY"],
                            current_app.config["AUDIT_ANCHOR_FILE"], forged,
                            current_app.config.get("REDIS_URL"))
    if forged:  # rows written without the key: never sealed, shown to admins
        return Report(False, _l("%(n)d audit events sealed.", n=count),
                      [f"audit event {event_id}: forged" for event_id in forged])
    return Report(True, _l("%(n)d audit events sealed.", n=count))


@dataclass(frozen=True)
class Work:
    name: str
    label: object
    run: Callable[[], Report]


WORK: dict[str, Work] = {}  # filled by `upkeep` as the features that own the work are imported


def upkeep(name: str, label) -> Callable[[Callable[[], Report]], Callable[[], Report]]:
    """Register a piece of upkeep by its name: it can be scheduled and started as a job. The
    feature that owns the work registers it (indicators, casework), so the queue imports none
    of them."""
    def register(run: Callable[[], Report]) -> Callable[[], Report]:
        work = WORK[name] = Work(name, label, run)
        _as_job(work)
        return run
    return register


def _as_job(work: Work) -> None:
    @kind(work.name, work.label)
    def run(job, progress) -> Outcome:
        progress(0, total=1)
        report = work.run()
        if not report.lines:
            return Outcome(report.message, errors=0)
        with files.writing(job.id, ".txt") as (out, name):
            out.write("\n".join(report.lines[:LISTED]).encode() + b"\n")
        return Outcome(report.message, name, f"{work.name}-{clock.today().isoformat()}.txt",
                       errors=len(report.lines))


upkeep("audit.seal", _l("Seal the audit log"))(audit_seal)
