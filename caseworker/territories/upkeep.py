"""The territories' upkeep on the queue's schedule: a district moved from a future day takes
its new region as today's when that day comes (`operations.apply_due_moves`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker import clock
from caseworker.jobs.maintenance import Report, upkeep
from caseworker.territories.operations import apply_due_moves


@upkeep("territories.moves", _l("Apply the territory moves whose day has come"))
def due_moves() -> Report:
    moved = apply_due_moves(clock.today())
    return Report(True, _l("%(n)d districts now count under the region that holds them today.",
                          n=moved))
