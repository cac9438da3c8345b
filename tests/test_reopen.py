"""A task or a plan step marked done by mistake is opened again, with a reason and a tick, by
whoever may mark it done: it counts as open once more (the caseload's next action), keeps who
opened it, when, why and the day it had been marked, shows that on the person's page, and is
audited. The page and the API call the same operation and show what it refuses."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from caseworker import clock
from caseworker.api import tokens
from caseworker.casework import operations, reopening
from caseworker.extensions import db
from caseworker.models import AuditEvent, Interaction, Person, PlanStep, User
from caseworker.refusals import Refused
from tests import factories as f
from tests.api_kit import assert_error
from tests.conftest import csrf_from, login
from tests.doors_kit import MADE_UP, refuse_with_made_up

TODAY = clock.today()


@pytest.fixture
def ids(app):
    """A person of the first district with a task and a plan step, both marked done today."""
    with app.app_context():
        users = f.team()
        cw = users["cw"]
        person = f.person(cw.district, caseworker_id=cw.id)
        task = f.contact(person, cw, next_action="перезвонить", due_on=TODAY)
        [step] = f.plan(person, TODAY - timedelta(days=10), steps=(("резюме", TODAY),)).steps
        operations.finish_task(task, cw, TODAY)
        operations.finish_step(step, cw, TODAY)
        made = {"person": person.id, "task": task.id, "step": step.id,
                "users": {name: u.id for name, u in users.items()},
                "token": tokens.create(cw, "test")[1]}
        db.session.commit()
        return made




def _user(ids, name: str) -> User:
    return db.session.get(User, ids["users"][name])


def _next_due(person_id: int):
    """The earliest open task or step, as the casework facts keep it (the caseload's order)."""
    return db.session.scalar(select(Person.next_due_on).where(Person.id == person_id)
                             .execution_options(populate_existing=True))


def test_a_task_opened_again_counts_as_open_and_says_who_and_why(app, ids):
    with app.app_context():
        task = db.session.get(Interaction, ids["task"])
        assert _next_due(ids["person"]) is None  # done: nothing due
        reopening.reopen_task(task, _user(ids, "sv"), reason="не дозвонились",
                              confirmed=True)
        db.session.commit()
        task = db.session.get(Interaction, ids["task"])
        assert task.done_on is None and task.reopened_done_on == TODAY
        assert (task.reopen_reason, task.reopened_by_id) == ("не дозвонились",
                                                            ids["users"]["sv"])
        assert _next_due(ids["person"]) == TODAY  # the caseload's next action again
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.action == "task.reopened", AuditEvent.record_id == str(task.id)))
        operations.finish_task(task, _user(ids, "cw"), TODAY)  # and done again later
        db.session.commit()
        assert db.session.get(Interaction, ids["task"]).done_on == TODAY


@pytest.mark.parametrize("who, reason, confirmed, code", [
    ("cw", "", True, "reopen_reason_required"),
    ("cw", "   ", True, "reopen_reason_required"),
    ("cw", "ошибка", False, "confirm_reopen"),
    ("cw.other", "ошибка", True, "forbidden"),
    ("sv.other", "ошибка", True, "forbidden"),
    ("officer", "ошибка", True, "forbidden"),
])
@pytest.mark.parametrize("kind", ["task", "step"])
def test_opening_again_refuses_and_changes_nothing(app, ids, kind, who, reason, confirmed,
                                                   code):
    with app.app_context():
        if kind == "task":
            row, call = db.session.get(Interaction, ids["task"]), reopening.reopen_task
        else:
            row, call = db.session.get(PlanStep, ids["step"]), reopening.reopen_step
        with pytest.raises(Refused) as refused:
            call(row, _user(ids, who), reason=reason, confirmed=confirmed)
        assert refused.value.code == code
        db.session.rollback()
        assert row.done_on == TODAY and row.reopened_at is None


def test_what_is_not_done_or_void_is_not_opened(app, ids):
    with app.app_context():
        cw = _user(ids, "cw")
        step = db.session.get(PlanStep, ids["step"])
        reopening.reopen_step(step, cw, reason="рано", confirmed=True)
        with pytest.raises(Refused) as twice:
            reopening.reopen_step(step, cw, reason="рано", confirmed=True)
        assert twice.value.code == "step_not_done"
        person = db.session.get(Person, ids["person"])
        bare = f.contact(person, cw)  # sets no task
        with pytest.raises(Refused) as no_task:
            reopening.reopen_task(bare, cw, reason="x", confirmed=True)
        assert no_task.value.code == "not_a_task"
        task = db.session.get(Interaction, ids["task"])
        operations.void_contact(task, cw, reason="не тот человек")
        with pytest.raises(Refused) as void:
            reopening.reopen_task(task, cw, reason="x", confirmed=True)
        assert void.value.code == "already_void"


def test_two_at_once_open_it_once(app, ids):
    """The second of two requests read the task done, but the UPDATE finds it open."""
    with app.app_context():
        task = db.session.get(Interaction, ids["task"])
        reopening.reopen_task(task, _user(ids, "cw"), reason="первый", confirmed=True)
        set_committed_value(task, "done_on", TODAY)  # as the second read it, before the write
        with pytest.raises(Refused) as second:
            reopening._reopen(Interaction, task, db.session.get(Person, ids["person"]),
                              _user(ids, "sv"), "второй", True, "task_not_done")
        assert second.value.code == "task_not_done"


def _page_post(client, ids, url: str, **data):
    token = csrf_from(client.get(f"/people/{ids['person']}").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


@pytest.mark.parametrize("url, row, done_message, anchor", [
    ("/interactions/{task}/reopen", "task", "The task is open again.", "c-"),
    ("/plan-steps/{step}/reopen", "step", "The step is open again.", "s-"),
])
def test_the_page_opens_it_again_only_with_a_reason_and_the_tick(app, client, ids, url, row,
                                                                 done_message, anchor):
    url = url.format(**ids)
    login(client, "cw")
    shown = client.get(f"/people/{ids['person']}").get_data(as_text=True)
    assert f'id="reopen-reason-{anchor}{ids[row]}"' in shown
    unticked = _page_post(client, ids, url, reason="по ошибке")
    assert "Tick the confirmation to open it again." in unticked.get_data(as_text=True)
    no_reason = _page_post(client, ids, url, confirm="y")
    assert "Say why it is opened again." in no_reason.get_data(as_text=True)
    model = Interaction if row == "task" else PlanStep
    with app.app_context():
        assert db.session.get(model, ids[row]).done_on == TODAY
    page = _page_post(client, ids, url, reason="по ошибке", confirm="y").get_data(as_text=True)
    assert done_message in page
    assert "Opened again" in page and "по ошибке" in page
    assert f"marked done on {TODAY:%d.%m.%Y}" in page
    with app.app_context():
        assert db.session.get(model, ids[row]).done_on is None


@pytest.mark.parametrize("url", ["/interactions/{task}/reopen", "/plan-steps/{step}/reopen"])
def test_another_district_cannot_reach_it(client, ids, url):
    login(client, "cw.other")
    token = csrf_from(client.get("/").get_data(as_text=True))
    response = client.post(url.format(**ids), data={"csrf_token": token, "reason": "x",
                                                     "confirm": "y"})
    assert response.status_code == 404


@pytest.mark.parametrize("door", ["page", "api"])
def test_both_doors_show_what_the_operation_refuses(app, client, ids, monkeypatch, door):
    refuse_with_made_up(monkeypatch, reopening, "reopen_task")
    if door == "page":
        login(client, "cw")
        page = _page_post(client, ids, f"/interactions/{ids['task']}/reopen", reason="x",
                          confirm="y")
        assert MADE_UP in page.get_data(as_text=True)
    else:
        response = client.post(f"/api/v1/contacts/{ids['task']}/reopen", json={"reason": "x"},
                               headers={"Authorization": f"Bearer {ids['token']}"})
        assert response.get_json()["error"] == {"code": "made_up", "message": MADE_UP,
                                                "fields": {}}
    with app.app_context():
        assert db.session.get(Interaction, ids["task"]).done_on == TODAY


def test_the_api_marks_a_task_done_on_a_day_and_opens_it_again(app, client, ids):
    bearer = {"Authorization": f"Bearer {ids['token']}"}
    base = f"/api/v1/contacts/{ids['task']}"
    assert_error(client.post(base + "/done", json={}, headers=bearer), 409, "task_done")
    assert_error(client.post(base + "/reopen", json={"reason": " "}, headers=bearer), 422,
                 "reopen_reason_required")
    opened = client.post(base + "/reopen", json={"reason": "по ошибке"}, headers=bearer)
    assert opened.status_code == 200, opened.get_data(as_text=True)
    body = opened.get_json()
    assert body["done_on"] is None and body["reopen_reason"] == "по ошибке"
    assert body["reopened_done_on"] == TODAY.isoformat()
    assert_error(client.post(base + "/reopen", json={"reason": "x"}, headers=bearer), 409,
                 "task_not_done")
    future = (TODAY + timedelta(days=1)).isoformat()
    assert_error(client.post(base + "/done", json={"on": future}, headers=bearer), 422)
    done = client.post(base + "/done", json={"on": TODAY.isoformat()}, headers=bearer)
    assert done.status_code == 200 and done.get_json()["done_on"] == TODAY.isoformat()
