"""The casework facts' check, run by the queue's schedule or started by an admin as a job."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker.casework import facts
from caseworker.extensions import db
from caseworker.jobs.maintenance import LISTED, Report, upkeep


@upkeep("casework.facts.check", _l("Check the casework facts"))
def facts_check() -> Report:
    wrong = facts.differences(db.session.connection(), limit=LISTED)
    if not wrong:
        return Report(True, _l("Every person's casework facts match their history."))
    return Report(False, _l("The casework facts of %(n)d persons differ from their history "
                           "(at most %(listed)d are counted): run `flask casework facts`.",
                           n=len(wrong), listed=LISTED), [f"person {pid}" for pid in wrong])
