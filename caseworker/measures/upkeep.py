"""The upkeep of the places the allocations' referrals use (`measures.use`), run by the
queue's schedule or started by an admin as a job: their rows folded every few minutes, and
checked against `referral` every night."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker.extensions import db
from caseworker.jobs.maintenance import LISTED, Report, upkeep
from caseworker.measures import use


def lines(wrong) -> list[str]:
    return [f"allocation {allocation_id}: kept {have}, counted {found}"
            for allocation_id, have, found in wrong]


@upkeep("measures.use.compact", _l("Fold the places used of the allocations"))
def use_compact() -> Report:
    folded = use.compact(db.session.connection())
    return Report(True, _l("%(n)d rows of the places used folded.", n=folded))


@upkeep("measures.use.check", _l("Check the places used of the allocations"))
def use_check() -> Report:
    wrong = use.differences(db.session.connection())
    if not wrong:
        return Report(True, _l("The places used match the allocations' referrals."))
    return Report(False, _l("The places used of %(n)d allocations differ from their "
                           "referrals: run `flask measures use`.", n=len(wrong)),
                  lines(wrong)[:LISTED])
