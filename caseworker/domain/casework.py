"""Rules of casework: when a note may still be edited, when a task is overdue, when a case
is stale. Cut-off dates are computed here and bound into SQL by the callers."""
from __future__ import annotations

from datetime import date, datetime, timedelta

NOTE_EDIT_HOURS = 24
STALE_DAYS = 30


def may_edit_note(author_id: int, user_id: int, created_at: datetime, now: datetime) -> bool:
    """Only the author, and only within 24 hours; afterwards a correction is appended."""
    return author_id == user_id and now - created_at < timedelta(hours=NOTE_EDIT_HOURS)


def overdue(due_on: date | None, today: date) -> bool:
    return due_on is not None and due_on < today


def stale_cutoff(today: date, days: int = STALE_DAYS) -> datetime:
    """A case is stale when its last contact was before this moment (or never): no contact
    on any of the last `days` days, today included."""
    first_day = today - timedelta(days=days - 1)
    return datetime(first_day.year, first_day.month, first_day.day)


def stale(last_contact: datetime | None, today: date, days: int = STALE_DAYS) -> bool:
    return last_contact is None or last_contact < stale_cutoff(today, days)


def next_review(agreed_on: date, every_days: int) -> date:
    return agreed_on + timedelta(days=every_days)
