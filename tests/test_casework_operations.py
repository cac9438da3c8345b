"""The use cases of casework, called as every door calls them: each refusal code, and what a
use case writes (the row, the audit event, the person's casework facts)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from caseworker import clock
from caseworker.casework import operations as ops
from caseworker.extensions import db
from caseworker.models import (
    AuditEvent, EmploymentPlan, FieldChange, Interaction, Person, PlanStep, User)
from caseworker.refusals import REFUSALS, Refused
from tests import factories as f

TODAY = clock.today()
NOW = clock.now().replace(second=0, microsecond=0)
AN_HOUR_AGO = NOW - timedelta(hours=1)


@pytest.fixture
def case(app):
    with app.test_request_context():  # a request's locale, to read the messages
        users = f.team()
        person = f.person(users["cw"].district, caseworker_id=users["cw"].id)  # 1.3.2026
        db.session.commit()
        yield {"person": person, **users}
        db.session.rollback()


def next_due(person: Person) -> date | None:
    """The person's next due day as stored now (the facts are written by statements)."""
    db.session.expire_all()
    return db.session.get(Person, person.id).next_due_on


def refused(code: str, call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    db.session.rollback()
    assert caught.value.code == code
    assert code in REFUSALS  # a known code: its status, field and message are decided there
    return caught.value


def audited(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == action))


# --- contacts ------------------------------------------------------------------------------

def contact(case, user="cw", **changes):
    values = {"at": AN_HOUR_AGO, "channel": "phone", "topic": "job_search",
              "note": "звонил", "next_action": None, "due_on": None, "now": NOW} | changes
    return ops.record_contact(case["person"], case[user], **values)


@pytest.mark.parametrize("code, changes", [
    ("contact_future", {"at": NOW + timedelta(minutes=6)}),
    ("contact_year", {"at": datetime(2014, 12, 31, 10)}),
    ("contact_before_registration", {"at": datetime(2026, 2, 28, 10)}),
    ("contact_empty", {"note": "   "}),
    ("due_date_required", {"next_action": "перезвонить"}),
    ("action_required", {"due_on": TODAY}),
    ("task_before_contact", {"next_action": "перезвонить",
                             "due_on": AN_HOUR_AGO.date() - timedelta(days=1)}),
    ("task_too_late", {"next_action": "перезвонить",
                       "due_on": AN_HOUR_AGO.date() + timedelta(days=400)}),
])
def test_record_contact_refuses(case, code, changes):
    why = refused(code, contact, case, **changes)
    assert why.field == REFUSALS[code].field
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0


@pytest.mark.parametrize("user", ["officer", "cw.other", "sv.other"])
def test_only_the_persons_district_records_contacts(case, user):
    refused("forbidden", contact, case, user=user)


def test_a_contact_before_the_first_registration_names_that_day(case):
    why = refused("contact_before_registration", contact, case, at=datetime(2026, 2, 1, 9))
    assert "01.03.2026" in str(why)


def test_record_contact_writes_the_task_and_its_audit(case):
    due = TODAY + timedelta(days=3)
    item = contact(case, note="  ", next_action=" принести диплом ", due_on=due)
    db.session.commit()
    assert (item.note, item.next_action, item.due_on) == (None, "принести диплом", due)
    assert audited("interaction.create") == 1
    assert next_due(case["person"]) == due


def test_a_note_is_edited_by_its_author_for_a_day_then_corrected(case):
    item = contact(case)
    assert ops.edit_note(item, case["cw"], "точнее", NOW) is item and item.note == "точнее"
    by_other = ops.edit_note(item, case["sv"], "уточнение", NOW)
    assert by_other.corrects_id == item.id and item.note == "точнее"
    item.created_at = clock.utcnow() - timedelta(hours=25)
    late = ops.edit_note(item, case["cw"], "поздно", NOW)
    assert late.corrects_id == item.id and item.note == "точнее"
    refused("forbidden", ops.edit_note, item, case["officer"], "нельзя", NOW)


def test_finish_task(case):
    bare = contact(case)
    refused("not_a_task", ops.finish_task, bare, case["cw"], TODAY)
    task = contact(case, next_action="перезвонить", due_on=TODAY)
    db.session.commit()
    refused("forbidden", ops.finish_task, task, case["cw.other"], TODAY)
    ops.finish_task(task, case["cw"], TODAY)
    db.session.commit()
    assert next_due(case["person"]) is None  # the facts follow
    refused("task_done", ops.finish_task, task, case["cw"], TODAY)
    assert audited("task.done") == 1


# --- the employment plan ---------------------------------------------------------------------

def save(case, user="cw", plan=None, **changes):
    values = {"goal": "сварщик", "agreed_on": TODAY - timedelta(days=5),
              "review_every_days": 90, "plan_id": plan.id if plan else None,
              "version": plan.version if plan else None, "new_plan": False,
              "today": TODAY} | changes
    return ops.save_plan(case["person"], case[user], **values)


def test_save_plan_agrees_changes_and_replaces(case):
    first = save(case)
    db.session.commit()
    assert (first.goal, first.next_review_on) == ("сварщик", first.agreed_on + timedelta(90))
    same = save(case, plan=first, goal="электрик", review_every_days=30)
    db.session.commit()
    assert same is first and (first.goal, first.version) == ("электрик", 2)
    second = save(case, plan=first, goal="водитель", agreed_on=TODAY, new_plan=True)
    db.session.commit()
    assert second.id != first.id and first.closed_on == TODAY and second.closed_on is None
    assert audited("plan.save") == 3 and audited("plan.close") == 1


def test_save_plan_refuses(case):
    refused("future", save, case, agreed_on=TODAY + timedelta(days=1))
    why = refused("plan_before_registration", save, case, agreed_on=date(2026, 2, 28))
    assert why.field == "agreed_on" and "01.03.2026" in str(why)
    refused("forbidden", save, case, user="officer")
    refused("forbidden", save, case, user="sv.other")
    plan = save(case)
    db.session.commit()
    refused("plan_exists", save, case)  # a first plan sent again: one active plan
    refused("stale", save, case, plan=plan, version=plan.version + 1)
    refused("plan_before_current", save, case, plan=plan, new_plan=True,
            agreed_on=plan.agreed_on - timedelta(days=1))
    save(case, plan=plan, new_plan=True, agreed_on=TODAY)
    db.session.commit()
    refused("stale", save, case, plan=plan)  # opened on the plan that was replaced
    assert db.session.scalar(select(func.count()).select_from(EmploymentPlan)) == 2


def test_a_plan_of_an_earlier_registration_keeps_its_day_when_changed(case):
    plan = save(case, agreed_on=date(2026, 3, 5))
    case["person"].registered_on = TODAY  # registered again since
    db.session.commit()
    save(case, plan=plan, agreed_on=date(2026, 3, 5), goal="другая")
    refused("plan_before_registration", save, case, plan=plan, new_plan=True,
            agreed_on=date(2026, 3, 5))  # a new plan follows the new registration


def test_steps(case):
    refused("no_active_plan", ops.add_step, case["person"], case["cw"], "резюме", TODAY)
    plan = f.plan(case["person"], TODAY - timedelta(days=10))
    db.session.commit()
    refused("step_before_plan", ops.add_step, case["person"], case["cw"], "резюме",
            TODAY - timedelta(days=11))
    refused("step_too_late", ops.add_step, case["person"], case["cw"], "резюме",
            TODAY + timedelta(days=800))
    refused("forbidden", ops.add_step, case["person"], case["officer"], "резюме", TODAY)
    step = ops.add_step(case["person"], case["cw"], "резюме", TODAY + timedelta(days=3))
    db.session.commit()
    assert step.plan_id == plan.id
    assert next_due(case["person"]) == step.due_on
    refused("forbidden", ops.finish_step, step, case["cw.other"], TODAY)
    ops.finish_step(step, case["cw"], TODAY)
    db.session.commit()
    assert next_due(case["person"]) is None
    refused("step_done", ops.finish_step, step, case["cw"], TODAY)
    assert db.session.get(PlanStep, step.id).done_on == TODAY


# --- reassignment ----------------------------------------------------------------------------

def test_reassign(case):
    person, cw2 = case["person"], case["cw2"]
    refused("forbidden", ops.reassign, case["cw"], [person.id], cw2.id)
    refused("nobody_chosen", ops.reassign, case["sv"], [], cw2.id)
    for target in (None, case["sv"].id, case["cw.other"].id, 2147483647):
        refused("not_in_team", ops.reassign, case["sv"], [person.id], target)
    other = f.person(case["cw.other"].district, last="Чужой")
    db.session.commit()
    refused("unknown_persons", ops.reassign, case["sv"], [person.id, other.id], cw2.id)
    assert ops.reassign(case["sv"], [person.id], cw2.id) == (1, cw2)
    db.session.commit()
    assert ops.reassign(case["sv"], [person.id], cw2.id) == (0, cw2)  # there already
    change = db.session.scalar(select(FieldChange).where(FieldChange.person_id == person.id))
    assert (change.old, change.new) == (str(case["cw"].id), str(cw2.id))
    assert audited("person.reassign") == 1


def test_reassign_over_a_save_made_meanwhile_is_stale(case):
    person = case["person"]
    db.session.execute(update(Person).where(Person.id == person.id).values(
        version=Person.version + 1).execution_options(synchronize_session=False))
    refused("stale", ops.reassign, case["sv"], [person.id], case["cw2"].id)
    db.session.expire_all()
    assert db.session.get(Person, person.id).caseworker_id == case["cw"].id


def test_an_inactive_caseworker_takes_no_cases(case):
    db.session.get(User, case["cw2"].id).active = False
    db.session.commit()
    refused("not_in_team", ops.reassign, case["sv"], [case["person"].id], case["cw2"].id)
