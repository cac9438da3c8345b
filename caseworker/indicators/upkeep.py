"""The indicators' upkeep, run by the queue's schedule or started by an admin as a job: the
summary's check and rebuild, and the month-end freeze."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker import clock
from caseworker.domain.indicators import last_month_end
from caseworker.extensions import db
from caseworker.indicators import summary
from caseworker.indicators.operations import SnapshotRefused, summary_differences, take_snapshot
from caseworker.indicators.queries import Period
from caseworker.jobs.maintenance import Report, upkeep


@upkeep("indicators.summary.check", _l("Check the indicator summary"))
def summary_check() -> Report:
    today = clock.today()
    wrong = summary_differences(Period(today.year, today))
    lines = [f"region or district {where}, {code}: summary {kept}, events {computed}"
             for where, code, kept, computed in wrong]
    if not wrong:
        return Report(True, _l("The indicator summary matches the events."))
    return Report(False, _l("%(n)d figures of the indicator summary differ from the events: "
                           "rebuild the summary.", n=len(wrong)), lines)


@upkeep("indicators.summary.rebuild", _l("Rebuild the indicator summary"))
def summary_rebuild() -> Report:
    rows = summary.rebuild(db.session.connection())
    return Report(True, _l("The indicator summary is rebuilt: %(n)d rows.", n=rows))


@upkeep("indicators.snapshot", _l("Freeze the last closed month"))
def month_end_freeze() -> Report:
    """The last closed month's figures frozen, once (a month frozen already stays as it is)."""
    today = clock.today()
    end = last_month_end(today)
    try:
        count = take_snapshot(end, today)
    except SnapshotRefused as refused:
        if refused.code != "frozen":
            raise
        return Report(True, _l("The month ending %(day)s is frozen already.",
                              day=end.isoformat()))
    return Report(True, _l("%(n)d figures frozen at %(day)s.", n=count, day=end.isoformat()))
