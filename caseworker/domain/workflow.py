"""The referral workflow: which transitions are allowed, by whom, and on which dates.

proposed -> (approved, where the measure needs approval) -> referred (letter issued) ->
started -> completed; or rejected / declined / cancelled with a coded reason.
"""
from __future__ import annotations

from datetime import date

REJECT_REASONS = ("not_eligible", "no_places", "incomplete_documents", "commission_refused",
                  "other")
DECLINE_REASONS = ("found_work", "unsuitable_offer", "health", "moved", "no_answer", "other")
CANCEL_REASONS = ("entered_in_error", "duplicate", "measure_closed", "other")
REASONS = {"rejected": REJECT_REASONS, "declined": DECLINE_REASONS, "cancelled": CANCEL_REASONS}

# to-status -> the statuses it may come from
FROM = {
    "approved": ("proposed",),
    "referred": ("proposed", "approved"),
    "started": ("referred",),
    "completed": ("started",),
    "rejected": ("proposed", "approved", "referred"),
    "declined": ("proposed", "approved", "referred", "started"),
    "cancelled": ("proposed", "approved", "referred"),
}
SUPERVISOR_ONLY = ("approved", "rejected")
BEFORE_LETTER = ("proposed", "approved")  # the provider may still be chosen or changed
FINAL = ("completed", "rejected", "declined", "cancelled")


class TransitionError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def allowed(current: str, needs_approval: bool) -> list[str]:
    """The statuses a referral may move to next."""
    options = [to for to, sources in FROM.items() if current in sources]
    if needs_approval and current == "proposed":
        options.remove("referred")
    if not needs_approval:
        options = [o for o in options if o != "approved"]
    return options


def check(current: str, to: str, *, needs_approval: bool, role: str, happened_on: date,
          previous_on: date, today: date, reason: str | None, has_provider: bool = True,
          note: str | None = None) -> None:
    """Raise TransitionError with a code when the transition may not be recorded. A referral
    is referred with its letter, which names where the person goes: it needs its provider."""
    if to not in allowed(current, needs_approval):
        raise TransitionError("not_allowed")
    if to in SUPERVISOR_ONLY and role != "supervisor":
        raise TransitionError("supervisor_only")
    if happened_on > today:
        raise TransitionError("future")
    if happened_on < previous_on:
        raise TransitionError("before_previous")
    if to in REASONS and reason not in REASONS[to]:
        raise TransitionError("reason_required")
    if reason == "other" and not (note or "").strip():
        raise TransitionError("note_required")  # "other" alone tells the caseworker nothing
    if to == "referred" and not has_provider:
        raise TransitionError("no_provider")
