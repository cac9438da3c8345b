"""The person counts' upkeep, run by the queue's schedule or started by an admin as a job:
their rows folded every few minutes, and checked against `person` every night."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker.extensions import db
from caseworker.jobs.maintenance import LISTED, Report, upkeep
from caseworker.people import counts


def lines(wrong) -> list[str]:
    return [f"region {r}, district {d}, {status}: kept {have}, counted {found}"
            for (r, d, status), have, found in wrong]


@upkeep("people.counts.compact", _l("Fold the person counts"))
def counts_compact() -> Report:
    folded = counts.compact(db.session.connection())
    return Report(True, _l("%(n)d rows of the person counts folded.", n=folded))


@upkeep("people.counts.check", _l("Check the person counts"))
def counts_check() -> Report:
    wrong = counts.differences(db.session.connection())
    if not wrong:
        return Report(True, _l("The person counts match the persons."))
    return Report(False, _l("%(n)d person counts differ from the persons: run `flask people "
                           "counts`.", n=len(wrong)), lines(wrong)[:LISTED])
