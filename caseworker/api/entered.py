"""Whether a record was entered late, as the API says it: the same rule as the person's
timeline (`domain.event_dates.late`: entered more than LATE_ENTRY_DAYS days after the day it
happened, the entry's moment read as local time), one field for every schema that has it."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

from marshmallow import fields

from caseworker import clock
from caseworker.domain.event_dates import LATE_ENTRY_DAYS, late


def entered_late(happened: Callable[[object], date | None], entered: str) -> fields.Function:
    """The `entered_late` field of a record: `happened(record)` is the day it happened,
    `entered` the attribute holding when it was entered (stored UTC)."""
    def judge(record) -> bool:
        if isinstance(record, dict):  # an answer built as a dict rather than a model
            record = SimpleNamespace(**record)
        moment = getattr(record, entered, None)
        return moment is not None and late(happened(record), clock.local(moment))

    return fields.Function(judge, dump_only=True, required=True, metadata={
        "type": "boolean",
        "description": f"entered more than {LATE_ENTRY_DAYS} days after the day it happened "
                       "(the timeline's \"entered late\")"})
