"""The long work of keeping the system's own records: the audit seal, the indicator summary
(its rebuild and its check), the casework facts' check, the month-end freeze. Each calls the
function that does it where it lives (the same ones as the `flask` commands) and returns a
`Report`; the schedule runs them at their times, and an admin can start them as jobs."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l

from caseworker import clock
from caseworker.extensions import db
from caseworker.jobs import files
from caseworker.jobs.kinds import Outcome, kind

LISTED = 1000  # differences written into a check's report file


@dataclass
class Report:
    ok: bool          # False: a check found differences (logged, shown to admins)
    message: str
    lines: list[str] = field(default_factory=list)


def audit_seal() -> Report:
    from caseworker.audit_chain import seal
    count = seal(current_app.config["SECRET_KEY"])
    return Report(True, _("%(n)d audit events sealed.", n=count))


def summary_check() -> Report:
    from caseworker.indicators.operations import summary_differences
    from caseworker.indicators.queries import Period
    today = clock.today()
    wrong = summary_differences(Period(today.year, today))
    lines = [f"region or district {where}, {code}: summary {kept}, events {computed}"
             for where, code, kept, computed in wrong]
    if not wrong:
        return Report(True, _("The indicator summary matches the events."))
    return Report(False, _("%(n)d figures of the indicator summary differ from the events: "
                           "rebuild the summary.", n=len(wrong)), lines)


def summary_rebuild() -> Report:
    from caseworker.indicators import summary
    rows = summary.rebuild(db.session.connection())
    return Report(True, _("The indicator summary is rebuilt: %(n)d rows.", n=rows))


def facts_check() -> Report:
    from caseworker.casework import facts
    wrong = facts.differences(db.session.connection(), limit=LISTED)
    if not wrong:
        return Report(True, _("Every person's casework facts match their history."))
    return Report(False, _("The casework facts of %(n)d persons differ from their history "
                           "(at most %(listed)d are counted): run `flask casework facts`.",
                           n=len(wrong), listed=LISTED), [f"person {pid}" for pid in wrong])


def month_end_freeze() -> Report:
    """The last closed month's figures frozen, once (a month frozen already stays as it is)."""
    from caseworker.domain.indicators import last_month_end
    from caseworker.indicators.operations import SnapshotRefused, take_snapshot
    today = clock.today()
    end = last_month_end(today)
    try:
        count = take_snapshot(end, today)
    except SnapshotRefused as refused:
        if refused.code != "frozen":
            raise
        return Report(True, _("The month ending %(day)s is frozen already.",
                              day=end.isoformat()))
    return Report(True, _("%(n)d figures frozen at %(day)s.", n=count, day=end.isoformat()))


@dataclass(frozen=True)
class Work:
    name: str
    label: object
    run: Callable[[], Report]


WORK = {w.name: w for w in (
    Work("audit.seal", _l("Seal the audit log"), audit_seal),
    Work("indicators.summary.check", _l("Check the indicator summary"), summary_check),
    Work("indicators.summary.rebuild", _l("Rebuild the indicator summary"), summary_rebuild),
    Work("casework.facts.check", _l("Check the casework facts"), facts_check),
    Work("indicators.snapshot", _l("Freeze the last closed month"), month_end_freeze),
)}


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


for _work in WORK.values():
    _as_job(_work)
