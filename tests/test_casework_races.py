"""Requests that arrive at the same moment: the database decides, so twenty at once give what
one gives, and the others get the refusal a request sent a moment later would get."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.casework import operations as ops
from caseworker.extensions import db
from caseworker.models import AuditEvent, EmploymentPlan, Interaction, Person, User
from caseworker.refusals import Refused
from tests import factories as f

TODAY = clock.today()
AT_ONCE = 20


def at_once(app, work) -> list:
    """Runs `work()` in AT_ONCE threads released together, each in its own session; commits
    what succeeds. Returns each thread's result: a value, or the code of its refusal."""
    start = threading.Barrier(AT_ONCE)
    results: list = []

    def run():
        with app.test_request_context():
            start.wait()
            try:
                results.append(work())
                db.session.commit()
            except Refused as refused:
                db.session.rollback()
                results.append(refused.code)

    threads = [threading.Thread(target=run) for _ in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def case(app):
    with app.app_context():
        users = f.team()
        person = f.person(users["cw"].district, caseworker_id=users["cw"].id)
        db.session.commit()
        return {"person": person.id, "cw": users["cw"].id, "sv": users["sv"].id}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_twenty_first_plans_at_once_make_one_plan(app, case):
    def agree():
        ops.save_plan(db.session.get(Person, case["person"]), db.session.get(User, case["cw"]),
                      goal="сварщик", agreed_on=TODAY, review_every_days=90, plan_id=None,
                      version=None, new_plan=False, today=TODAY)
        return "saved"

    results = at_once(app, agree)
    assert sorted(set(results)) == ["plan_exists", "saved"]
    assert results.count("saved") == 1 and len(results) == AT_ONCE
    assert count(app, EmploymentPlan) == 1
    assert count(app, AuditEvent, AuditEvent.action == "plan.save") == 1


def test_twenty_new_plans_at_once_replace_the_plan_once(app, case):
    with app.app_context():
        plan = f.plan(db.session.get(Person, case["person"]), TODAY - timedelta(days=30))
        db.session.commit()
        opened = {"plan_id": plan.id, "version": plan.version}

    def replace():
        ops.save_plan(db.session.get(Person, case["person"]), db.session.get(User, case["cw"]),
                      goal="водитель", agreed_on=TODAY, review_every_days=90, new_plan=True,
                      today=TODAY, **opened)
        return "saved"

    results = at_once(app, replace)
    assert results.count("saved") == 1 and set(results) == {"saved", "stale"}
    assert count(app, EmploymentPlan) == 2
    assert count(app, EmploymentPlan, EmploymentPlan.closed_on.is_(None)) == 1


def test_twenty_clicks_on_done_finish_the_task_once(app, case):
    with app.app_context():
        task = f.contact(db.session.get(Person, case["person"]), db.session.get(User, case["cw"]),
                         next_action="перезвонить", due_on=TODAY)
        db.session.commit()
        task_id = task.id

    def finish():
        ops.finish_task(db.session.get(Interaction, task_id), db.session.get(User, case["cw"]),
                        TODAY)
        return "done"

    results = at_once(app, finish)
    assert results.count("done") == 1 and set(results) == {"done", "task_done"}
    assert count(app, AuditEvent, AuditEvent.action == "task.done") == 1


def test_twenty_reassignments_at_once_record_one_change(app, case):
    with app.app_context():
        cw2 = f.user("cw.race", "caseworker", db.session.get(User, case["cw"]).district).id
        db.session.commit()

    def hand_over():
        return ops.reassign(db.session.get(User, case["sv"]), [case["person"]], cw2)[0]

    results = at_once(app, hand_over)
    # one moves the person; the others find them moved (0) or come second to a save (stale)
    assert results.count(1) == 1 and set(results) <= {1, 0, "stale"}
    with app.app_context():
        assert db.session.get(Person, case["person"]).caseworker_id == cw2
    assert count(app, AuditEvent, AuditEvent.action == "person.reassign") == 1


def test_twenty_contacts_at_once_with_one_person_are_all_saved(app, case):
    """Each contact's row takes a key-share lock on the person (its foreign key) before its
    facts lock the person's row: that lock must not wait for the others' (a deadlock)."""
    def contact():
        ops.record_contact(db.session.get(Person, case["person"]),
                           db.session.get(User, case["cw"]), channel="phone", topic="job_search",
                           note="звонок", next_action=None, due_on=None, now=clock.now())
        return "saved"

    results = at_once(app, contact)
    assert results == ["saved"] * AT_ONCE
    assert count(app, Interaction) == AT_ONCE
    with app.app_context():
        person = db.session.get(Person, case["person"])
        assert person.last_contact_at == db.session.scalar(select(func.max(Interaction.at)))
