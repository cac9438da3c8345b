"""The referral workflow: which transitions are allowed, by whom, and on which dates.

proposed -> (approved, where the measure needs approval) -> referred (letter issued) ->
started -> completed; or rejected / declined / cancelled with a coded reason.

Pure: whoever asks says what it needs to know (whether the user may approve, whether the
referral names its provider); the answer is a refusal code, or None when the step may be
recorded.
"""
from __future__ import annotations

from datetime import date

REJECT_REASONS = ("not_eligible", "no_places", "incomplete_documents", "commission_refused",
                  "other")
DECLINE_REASONS = ("found_work", "unsuitable_offer", "health", "moved", "no_answer",
                   "employer_refused", "did_not_come", "other")
CANCEL_REASONS = ("entered_in_error", "duplicate", "measure_closed", "other")
REASONS = {"rejected": REJECT_REASONS, "declined": DECLINE_REASONS, "cancelled": CANCEL_REASONS}
# Steps that happened at the provider's (the person began, the participation ended): their day
# is the user's to say, never filled in beforehand, so that one click records none of them.
REPORTED = ("started", "completed")

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
APPROVER_ONLY = ("approved", "rejected")  # steps taken by whoever may approve referrals
BEFORE_LETTER = ("proposed", "approved")  # the provider may still be chosen or changed
CLOSING = ("rejected", "declined", "cancelled")  # a letter in force stops being valid
FINAL = ("completed", "rejected", "declined", "cancelled")
REISSUABLE = ("referred", "started")  # the letter in force may get a new number

# --- what the receiving organisation answers through the link on the letter ----------------
# Each answer is a step of the workflow above, taken from "referred": the person was hired or
# started (started, on the day the organisation gives), was not hired (declined, "employer
# refused", with the organisation's own coded reason) or did not come (declined).
ANSWERABLE = ("referred",)
ANSWERS = {"started": ("started", None), "not_hired": ("declined", "employer_refused"),
           "did_not_come": ("declined", "did_not_come")}
EMPLOYER_REASONS = ("qualification", "experience", "position_filled", "documents",
                    "conditions_refused", "other")


def answer_refusal(current: str, answer: str, employer_reason: str | None) -> str | None:
    """The code that refuses an organisation's answer before the workflow judges its step:
    an answer the link does not offer, a referral no longer waiting for one, a "not hired"
    without the organisation's reason."""
    if answer not in ANSWERS:
        return "validation_error"
    if current not in ANSWERABLE:
        return "already_answered"
    if answer == "not_hired" and employer_reason not in EMPLOYER_REASONS:
        return "employer_reason_required"
    return None


def allowed(current: str, needs_approval: bool, may_approve: bool = True) -> list[str]:
    """The statuses a referral may move to next (by someone who may approve, or not)."""
    options = [to for to, sources in FROM.items() if current in sources]
    if needs_approval and current == "proposed":
        options.remove("referred")
    if not needs_approval:
        options = [o for o in options if o != "approved"]
    if not may_approve:
        options = [o for o in options if o not in APPROVER_ONLY]
    return options


def refusal(current: str, to: str, *, needs_approval: bool, may_approve: bool,
            happened_on: date, previous_on: date, today: date, reason: str | None,
            has_provider: bool = True, note: str | None = None) -> str | None:
    """The code that refuses the transition, or None when it may be recorded. A referral is
    referred with its letter, which names where the person goes: it needs its provider."""
    if to not in allowed(current, needs_approval):
        return "not_allowed"
    if to in APPROVER_ONLY and not may_approve:
        return "supervisor_only"
    if happened_on > today:
        return "future"
    if happened_on < previous_on:
        return "before_previous"
    if to in REASONS and reason not in REASONS[to]:
        return "reason_required"
    if reason == "other" and not (note or "").strip():
        return "note_required"  # "other" alone tells the caseworker nothing
    if to == "referred" and not has_provider:
        return "no_provider"
    return None


# --- what came of a referral ------------------------------------------------------------------

OUTCOME_STATUSES = ("referred", "started", "completed")  # an outcome needs the letter issued
# Measures whose referral is itself the participation: a letter to an employer's vacancy ends
# in the job, or in none, without a participation that "starts" first.
DIRECT_MEASURE_KINDS = ("placement",)
# What a person who never took part may still come to: nothing from the measure.
WITHOUT_PARTICIPATION = ("not_employed",)


def outcome_refusal(status: str, outcome_kind: str, measure_kind: str) -> str | None:
    """The code that refuses recording `outcome_kind` for a referral in `status` to a measure of
    `measure_kind`, or None.

    The rule: an outcome is recorded once the letter is issued (referred, started, completed).
    What comes *of the participation* (a job, a business, a certificate, "other") needs the
    participation to have started (started or completed): a person referred to a training, a
    subsidised job, public works, a grant, a credit or a move who has not begun it has had no
    result from it yet. Two exceptions: "not employed" may be recorded for a person who was
    referred and never took part, and a referral to a vacancy (a measure of kind "placement")
    is the participation itself, so its job is recorded once the person is referred."""
    if status not in OUTCOME_STATUSES:
        return "not_referred"
    if (status == "referred" and outcome_kind not in WITHOUT_PARTICIPATION
            and measure_kind not in DIRECT_MEASURE_KINDS):
        return "not_started"
    return None
