"""The casework pages decide nothing themselves: whatever an operation refuses, with whatever
code, the page shows its message and nothing is saved."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.casework import operations
from caseworker.extensions import db
from caseworker.models import AuditEvent, EmploymentPlan, FieldChange, Interaction, PlanStep
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.doors_kit import MADE_UP, refuse_with_made_up

TODAY = clock.today()
NOW = clock.now().replace(second=0, microsecond=0)


@pytest.fixture
def ids(app):
    with app.app_context():
        users = f.team()
        person = f.person(users["cw"].district, caseworker_id=users["cw"].id)
        task = f.contact(person, users["cw"], note="звонил", next_action="перезвонить",
                         due_on=TODAY)
        plan = f.plan(person, TODAY - timedelta(days=10), steps=(("резюме", TODAY),))
        db.session.commit()
        return {"person": person.id, "task": task.id, "step": plan.steps[0].id,
                "plan": plan.id, "cw2": users["cw2"].id}


def refuse(monkeypatch, name: str, field: str | None = None) -> None:
    refuse_with_made_up(monkeypatch, operations, name, field=field)


def written(app) -> tuple:
    """What the casework writes: a refused request changes none of it."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Interaction, EmploymentPlan, PlanStep, FieldChange)) + (
            db.session.scalar(select(func.count()).select_from(PlanStep).where(
                PlanStep.done_on.is_not(None))),
            db.session.scalar(select(func.count()).select_from(Interaction).where(
                Interaction.done_on.is_not(None))),
            db.session.scalar(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action.not_in(("person.view", "auth.login")))))


def person_page(client, ids) -> tuple[str, str]:
    url = f"/people/{ids['person']}"
    return url, csrf_from(client.get(url).get_data(as_text=True))


# (operation, url, form) of each use case behind a form on the person's page
PERSON_PAGE_FORMS = {
    "record_contact": ("/people/{person}/interactions", {
        "at": NOW.strftime("%Y-%m-%dT%H:%M"), "channel": "phone", "topic": "job_search",
        "note": "договорились"}),
    "edit_note": ("/interactions/{task}/note", {"note": "точнее"}),
    "finish_task": ("/interactions/{task}/done", {"on": TODAY.isoformat()}),
    "save_plan": ("/people/{person}/plan", {
        "goal": "водитель", "agreed_on": TODAY.isoformat(), "review_every_days": "90",
        "plan_id": "{plan}", "version": "1"}),
    "add_step": ("/people/{person}/plan/steps", {"text": "курсы",
                                                 "due_on": TODAY.isoformat()}),
    "finish_step": ("/plan-steps/{step}/done", {"on": TODAY.isoformat()}),
}


@pytest.mark.parametrize("name", PERSON_PAGE_FORMS)
def test_the_person_page_shows_what_an_operation_refused(app, client, ids, monkeypatch, name):
    url, data = PERSON_PAGE_FORMS[name]
    refuse(monkeypatch, name)
    login(client, "cw")
    page, token = person_page(client, ids)
    before = written(app)
    response = client.post(url.format(**ids), data={
        "csrf_token": token, **{k: v.format(**ids) for k, v in data.items()}},
        headers={"Referer": f"http://localhost{page}"}, follow_redirects=True)
    assert MADE_UP in response.get_data(as_text=True)
    assert written(app) == before


@pytest.mark.parametrize("name, field", [("record_contact", "due_on"),
                                         ("save_plan", "agreed_on"), ("add_step", "due_on")])
def test_a_refusal_about_a_field_is_shown_beside_it(app, client, ids, monkeypatch, name, field):
    url, data = PERSON_PAGE_FORMS[name]
    refuse(monkeypatch, name, field=field)
    login(client, "cw")
    _page, token = person_page(client, ids)
    response = client.post(url.format(**ids), data={
        "csrf_token": token, **{k: v.format(**ids) for k, v in data.items()}})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing is saved" in page
    assert f'id="{field}-error">{MADE_UP}</div>' in page


def test_the_reassignment_page_shows_what_the_operation_refused(app, client, ids,
                                                                monkeypatch):
    refuse(monkeypatch, "reassign")
    login(client, "sv")
    token = csrf_from(client.get("/reassign").get_data(as_text=True))
    before = written(app)
    response = client.post("/reassign", data={"csrf_token": token, "persons": [ids["person"]],
                                              "to": ids["cw2"]}, follow_redirects=True)
    assert MADE_UP in response.get_data(as_text=True)
    assert written(app) == before
    refuse(monkeypatch, "reassign", field="to")
    response = client.post("/reassign", data={"csrf_token": token, "persons": [ids["person"]],
                                              "to": ids["cw2"]})
    assert f'id="to-error">{MADE_UP}</div>' in response.get_data(as_text=True)


@pytest.mark.parametrize("name, key, days_ago", [("finish_task", "c-{task}", 0),
                                                 ("finish_step", "s-{step}", 3)])
def test_a_task_or_a_step_is_done_on_the_day_typed(app, client, ids, name, key, days_ago):
    url = PERSON_PAGE_FORMS[name][0].format(**ids)
    key = key.format(**ids)
    login(client, "cw")
    page, token = person_page(client, ids)
    shown = client.get(page).get_data(as_text=True)
    assert f'id="done-on-{key}" name="on" value="{TODAY.isoformat()}"' in shown
    before = written(app)
    for day, message in ((TODAY + timedelta(days=1), "The date cannot be in the future."),
                         (TODAY - timedelta(days=40), "on or after the day")):
        refused = client.post(url, data={"csrf_token": token, "on": day.isoformat()})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 422 and message in html
        assert f'id="done-on-{key}-error">' in html and f'value="{day.isoformat()}"' in html
    assert written(app) == before
    day = TODAY - timedelta(days=days_ago)  # the task's contact is today's
    done = client.post(url, data={"csrf_token": token, "on": day.isoformat()})
    assert done.status_code == 302
    with app.app_context():
        model = Interaction if name == "finish_task" else PlanStep
        record = db.session.get(model, ids["task" if name == "finish_task" else "step"])
        assert record.done_on == day
