"""Rules of casework: what a contact, a task and a plan's step may say about dates, when a
note may still be edited, when a task is overdue, when a case is stale. Cut-off dates are
computed here and bound into SQL by the callers. A rule that fails answers with the code of
its refusal (see `caseworker.refusals`)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from caseworker.domain.dates import FIRST_PLAN_YEAR, date_out_of_window

NOTE_EDIT_HOURS = 24
STALE_DAYS = 30
TASK_MONTHS = 12  # a contact's next action is due within a year of the contact
STEP_MONTHS = 24  # a plan's step is due within two years of the plan's agreement
CLOCK_SLACK = timedelta(minutes=5)  # a contact typed a little ahead of the server's clock


def contact_problem(at: datetime, now: datetime, first_registered: date | None, written: bool,
                    next_action: bool, due_on: date | None) -> str | None:
    """What is wrong with a contact, as the code of its refusal, or None. `at` and `now` are
    local wall-clock times; `written`: a note says what was said or done."""
    if at > now + CLOCK_SLACK:
        return "contact_future"
    if at.year < FIRST_PLAN_YEAR:  # 0001-01-01 is a slip, not a date
        return "contact_year"
    if first_registered is not None and at.date() < first_registered:
        return "contact_before_registration"
    if not written and not next_action:  # the channel and topic alone record nothing
        return "contact_empty"
    if next_action and due_on is None:
        return "due_date_required"
    if due_on is not None and not next_action:
        return "action_required"
    window = date_out_of_window(due_on, at.date(), TASK_MONTHS) if due_on else None
    return {"before": "task_before_contact", "after": "task_too_late"}.get(window)


def plan_problem(agreed_on: date, today: date, registered_on: date,
                 replaced_agreed_on: date | None = None) -> str | None:
    """What is wrong with a plan's agreement day: in the future, before the person's
    registration, or (a new plan) before the plan it replaces was agreed."""
    if agreed_on > today:
        return "future"
    if agreed_on < registered_on:
        return "plan_before_registration"
    if replaced_agreed_on is not None and agreed_on < replaced_agreed_on:
        return "plan_before_current"
    return None


def step_problem(due_on: date, agreed_on: date) -> str | None:
    window = date_out_of_window(due_on, agreed_on, STEP_MONTHS)
    return {"before": "step_before_plan", "after": "step_too_late"}.get(window)


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


def stale(last_contact: datetime | None, registered_on: date, today: date,
          days: int = STALE_DAYS) -> bool:
    """No contact on any of the last `days` days. A person never contacted is stale only once
    they have been registered that long: someone registered today is not yet overdue a call."""
    cutoff = stale_cutoff(today, days)
    if last_contact is None:
        return datetime(registered_on.year, registered_on.month, registered_on.day) < cutoff
    return last_contact < cutoff


def next_review(agreed_on: date, every_days: int) -> date:
    return agreed_on + timedelta(days=every_days)


def caseloads_after(active: dict[int, int], current: dict[int, int | None], to: int) -> dict:
    """Each caseworker's active cases now and after handing the persons of `current` (person
    -> their caseworker now, or None) to `to`: {caseworker: (now, after)}."""
    after = dict(active)
    after.setdefault(to, 0)
    for owner in current.values():
        if owner == to:
            continue
        if owner is not None and owner in after:
            after[owner] -= 1
        after[to] += 1
    return {worker: (active.get(worker, 0), n) for worker, n in after.items()}
