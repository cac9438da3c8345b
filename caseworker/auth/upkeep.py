"""Logins' upkeep on the queue's schedule: session rows past the idle or the absolute limit
are removed (a browser closed without logging out leaves its row behind)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker import sessions
from caseworker.jobs.maintenance import Report, upkeep


@upkeep("sessions.expired", _l("Remove expired sessions"))
def expired_sessions() -> Report:
    return Report(True, _l("%(n)d expired sessions removed.", n=sessions.remove_expired() or 0))
