from datetime import date, datetime, timedelta

import pytest

from caseworker.domain.casework import (
    contact_problem, may_edit_note, overdue, plan_problem, stale, step_problem)

NOW = datetime(2026, 11, 27, 12, 0)
TODAY = date(2026, 11, 27)


def test_note_editable_by_its_author_for_24_hours():
    assert may_edit_note(1, 1, datetime(2026, 11, 26, 12, 1), NOW)
    assert not may_edit_note(1, 1, datetime(2026, 11, 26, 12, 0), NOW)
    assert not may_edit_note(1, 2, datetime(2026, 11, 27, 11, 0), NOW)


def test_overdue_from_the_day_after_due():
    assert not overdue(TODAY, TODAY)
    assert overdue(date(2026, 11, 26), TODAY)
    assert not overdue(None, TODAY)


def test_stale_after_30_days_without_contact():
    long_ago = date(2026, 1, 10)
    assert not stale(datetime(2026, 10, 29, 8, 0), long_ago, TODAY)  # 29 days ago: within 30
    assert stale(datetime(2026, 10, 28, 23, 59), long_ago, TODAY)    # 30 days ago: none since
    assert stale(None, long_ago, TODAY)


def test_never_contacted_is_stale_only_30_days_after_registration():
    assert not stale(None, TODAY, TODAY)                  # registered today
    assert not stale(None, date(2026, 10, 29), TODAY)     # registered 29 days ago
    assert stale(None, date(2026, 10, 28), TODAY)         # registered 30 days ago


AT = datetime(2026, 11, 27, 10, 0)
REGISTERED = date(2026, 3, 1)


@pytest.mark.parametrize("changes, problem", [
    ({}, None),
    ({"at": NOW + timedelta(minutes=5)}, None),  # a clock a little behind the caseworker's
    ({"at": NOW + timedelta(minutes=6)}, "contact_future"),
    ({"at": datetime(1, 1, 1)}, "contact_year"),
    ({"at": datetime(2026, 2, 28, 23, 59)}, "contact_before_registration"),
    ({"first_registered": None, "at": datetime(2020, 1, 1)}, None),
    ({"written": False}, "contact_empty"),
    ({"written": False, "next_action": True, "due_on": TODAY}, None),
    ({"next_action": True}, "due_date_required"),
    ({"due_on": TODAY}, "action_required"),
    ({"next_action": True, "due_on": date(2026, 11, 26)}, "task_before_contact"),
    ({"next_action": True, "due_on": date(2027, 11, 27)}, None),  # twelve months on
    ({"next_action": True, "due_on": date(2027, 11, 28)}, "task_too_late"),
])
def test_what_a_contact_may_say(changes, problem):
    given = {"at": AT, "now": NOW, "first_registered": REGISTERED, "written": True,
             "next_action": False, "due_on": None} | changes
    assert contact_problem(**given) == problem


def test_a_plan_is_agreed_between_the_registration_and_today_after_the_plan_it_replaces():
    assert plan_problem(TODAY, TODAY, REGISTERED) is None
    assert plan_problem(TODAY + timedelta(days=1), TODAY, REGISTERED) == "future"
    assert plan_problem(date(2026, 2, 28), TODAY, REGISTERED) == "plan_before_registration"
    assert plan_problem(date(2026, 5, 1), TODAY, REGISTERED, date(2026, 5, 2)) == \
        "plan_before_current"
    assert plan_problem(date(2026, 5, 2), TODAY, REGISTERED, date(2026, 5, 2)) is None


def test_a_step_is_due_within_two_years_of_the_plan():
    agreed = date(2026, 3, 10)
    assert step_problem(agreed, agreed) is None
    assert step_problem(date(2026, 3, 9), agreed) == "step_before_plan"
    assert step_problem(date(2028, 3, 10), agreed) is None
    assert step_problem(date(2028, 3, 11), agreed) == "step_too_late"


def test_caseloads_after_a_handover():
    from caseworker.domain.casework import caseloads_after
    active = {1: 10, 2: 4, 3: 0}
    moving = {101: 1, 102: 1, 103: 2, 104: 3, 105: None}  # 104 is with the target already
    assert caseloads_after(active, moving, 3) == {1: (10, 8), 2: (4, 3), 3: (0, 4)}
    assert caseloads_after({}, {7: None}, 5) == {5: (0, 1)}
