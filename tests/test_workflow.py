from datetime import date

import pytest

from caseworker.domain.workflow import TransitionError, allowed, check

TODAY = date(2026, 11, 27)


def run(current, to, needs=False, role="caseworker", on=TODAY, prev=date(2026, 11, 1),
        reason=None):
    check(current, to, needs_approval=needs, role=role, happened_on=on, previous_on=prev,
          today=TODAY, reason=reason)


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


@pytest.mark.parametrize("current, needs", list(ALLOWED))
def test_every_allowed_and_refused_transition(current, needs):
    assert set(allowed(current, needs)) == ALLOWED[(current, needs)]
    for to in ALL:
        reason = {"rejected": "no_places", "declined": "health",
                  "cancelled": "duplicate"}.get(to)
        if to in ALLOWED[(current, needs)]:
            run(current, to, needs, role="supervisor", reason=reason)
        else:
            with pytest.raises(TransitionError) as err:
                run(current, to, needs, role="supervisor", reason=reason)
            assert err.value.code == "not_allowed"


def test_approval_is_for_supervisors():
    with pytest.raises(TransitionError) as err:
        run("proposed", "approved", needs=True)
    assert err.value.code == "supervisor_only"


@pytest.mark.parametrize("on, code", [(date(2026, 11, 28), "future"),
                                      (date(2026, 10, 31), "before_previous")])
def test_dates(on, code):
    with pytest.raises(TransitionError) as err:
        run("referred", "started", on=on)
    assert err.value.code == code
    run("referred", "started", on=date(2026, 11, 1))  # the same day as the previous is fine


def test_coded_reason_required():
    with pytest.raises(TransitionError):
        run("referred", "declined", reason=None)
    with pytest.raises(TransitionError):
        run("referred", "declined", reason="made up")
    run("referred", "declined", reason="health")


def test_a_referral_is_referred_only_with_its_provider():
    for current in ("proposed", "approved"):
        with pytest.raises(TransitionError) as err:
            check(current, "referred", needs_approval=current == "approved", role="caseworker",
                  happened_on=date(2026, 11, 1), previous_on=date(2026, 11, 1),
                  today=date(2026, 11, 2), reason=None, has_provider=False)
        assert err.value.code == "no_provider"
    # declining or cancelling one that names none is fine
    check("proposed", "cancelled", needs_approval=False, role="caseworker",
          happened_on=date(2026, 11, 1), previous_on=date(2026, 11, 1), today=date(2026, 11, 2),
          reason="duplicate", has_provider=False)


def test_the_reason_other_needs_a_note():
    day = date(2026, 3, 1)
    args = dict(needs_approval=True, role="supervisor", happened_on=day, previous_on=day,
                today=day, reason="other")
    with pytest.raises(TransitionError) as refused:
        check("proposed", "rejected", **args)
    assert refused.value.code == "note_required"
    check("proposed", "rejected", **args, note="направлен в другой центр")
