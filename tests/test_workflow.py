from datetime import date

import pytest

from caseworker.domain.workflow import allowed, refusal

TODAY = date(2026, 11, 27)


def run(current, to, needs=False, may_approve=False, on=TODAY, prev=date(2026, 11, 1),
        reason=None, **extra):
    return refusal(current, to, needs_approval=needs, may_approve=may_approve, happened_on=on,
                   previous_on=prev, today=TODAY, reason=reason, **extra)


ALL = ("proposed", "approved", "referred", "started", "completed", "rejected", "declined",
       "cancelled")
ALLOWED = {
    ("proposed", False): {"referred", "rejected", "declined", "cancelled"},
    ("proposed", True): {"approved", "rejected", "declined", "cancelled"},
    ("approved", True): {"referred", "rejected", "declined", "cancelled"},
    ("referred", False): {"started", "rejected", "declined", "cancelled"},
    ("started", False): {"completed", "declined"},
    ("completed", False): set(), ("rejected", False): set(), ("declined", False): set(),
    ("cancelled", False): set(),
}
REASON = {"rejected": "no_places", "declined": "health", "cancelled": "duplicate"}


@pytest.mark.parametrize("current, needs", list(ALLOWED))
def test_every_allowed_and_refused_transition(current, needs):
    assert set(allowed(current, needs)) == ALLOWED[(current, needs)]
    for to in ALL:
        answer = run(current, to, needs, may_approve=True, reason=REASON.get(to))
        assert answer == (None if to in ALLOWED[(current, needs)] else "not_allowed"), to


@pytest.mark.parametrize("current, needs", list(ALLOWED))
def test_who_may_not_approve_is_offered_no_approval_or_rejection(current, needs):
    offered = set(allowed(current, needs, may_approve=False))
    assert offered == ALLOWED[(current, needs)] - {"approved", "rejected"}


def test_approval_and_rejection_are_for_whoever_may_approve():
    assert run("proposed", "approved", needs=True) == "supervisor_only"
    assert run("proposed", "rejected", reason="no_places") == "supervisor_only"
    assert run("proposed", "approved", needs=True, may_approve=True) is None


@pytest.mark.parametrize("on, code", [(date(2026, 11, 28), "future"),
                                      (date(2026, 10, 31), "before_previous")])
def test_dates(on, code):
    assert run("referred", "started", on=on) == code
    assert run("referred", "started", on=date(2026, 11, 1)) is None  # the previous day is fine


def test_coded_reason_required():
    assert run("referred", "declined", reason=None) == "reason_required"
    assert run("referred", "declined", reason="made up") == "reason_required"
    assert run("referred", "declined", reason="duplicate") == "reason_required"  # a cancel's
    assert run("referred", "declined", reason="health") is None


def test_a_referral_is_referred_only_with_its_provider():
    for current in ("proposed", "approved"):
        assert run(current, "referred", needs=current == "approved",
                   has_provider=False) == "no_provider"
    # declining or cancelling one that names none is fine
    assert run("proposed", "cancelled", reason="duplicate", has_provider=False) is None


def test_the_reason_other_needs_a_note():
    assert run("proposed", "rejected", needs=True, may_approve=True,
               reason="other") == "note_required"
    assert run("proposed", "rejected", needs=True, may_approve=True, reason="other",
               note="  ") == "note_required"
    assert run("proposed", "rejected", needs=True, may_approve=True, reason="other",
               note="направлен в другой центр") is None


def test_an_organisations_answer_maps_onto_a_step_of_the_workflow():
    from caseworker.domain.workflow import ANSWERS, DECLINE_REASONS, answer_refusal
    assert ANSWERS["started"] == ("started", None)
    assert all(reason is None or reason in DECLINE_REASONS for _to, reason in ANSWERS.values())
    assert answer_refusal("referred", "started", None) is None
    assert answer_refusal("referred", "not_hired", None) == "employer_reason_required"
    assert answer_refusal("referred", "not_hired", "position_filled") is None
    assert answer_refusal("started", "did_not_come", None) == "already_answered"
    assert answer_refusal("referred", "completed", None) == "validation_error"
