"""A person's one active employment plan: agreed, changed, replaced by a new plan (the old one
kept, closed), and a first plan sent twice saved once; the migration that brought the rule."""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select, text

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import EmploymentPlan, Person
from tests import factories as f
from tests.conftest import csrf_from, login

TODAY = clock.today()


def page_of(client, person_id: int) -> str:
    return client.get(f"/people/{person_id}").get_data(as_text=True)


def plan_form(page: str) -> dict:
    """The plan form's hidden fields: which plan, in which version, it was opened on."""
    return {name: re.search(rf'name="{name}" type="hidden" value="(\d*)"', page).group(1)
            for name in ("plan_id", "version")} | {"csrf_token": csrf_from(page)}


def test_a_first_plan_sent_twice_is_saved_once(app, client):
    with app.app_context():
        users = f.team()
        person_id = f.person(users["cw"].district, caseworker_id=users["cw"].id).id
        db.session.commit()
    login(client, "cw")
    opened = plan_form(page_of(client, person_id))
    assert (opened["plan_id"], opened["version"]) == ("", "")
    sent = {**opened, "goal": "сварщик", "agreed_on": TODAY.isoformat(),
            "review_every_days": "90"}
    assert client.post(f"/people/{person_id}/plan", data=sent).status_code == 302
    again = client.post(f"/people/{person_id}/plan", data={**sent, "goal": "электрик"},
                        follow_redirects=True)
    assert "This person has an employment plan already" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(EmploymentPlan.goal)).all() == ["сварщик"]


def test_a_new_plan_closes_the_current_one_and_takes_its_place(app, client):
    with app.app_context():
        users = f.team()
        person = f.person(users["cw"].district, caseworker_id=users["cw"].id)
        f.plan(person, TODAY - timedelta(days=40), steps=(("резюме", TODAY - timedelta(5)),))
        db.session.commit()
        person_id = person.id
    login(client, "cw")
    page = page_of(client, person_id)
    assert "This is a new plan: the current one is closed and kept" in page
    before = {**plan_form(page), "goal": "водитель", "review_every_days": "30"}
    early = client.post(f"/people/{person_id}/plan", data={
        **before, "new_plan": "y", "agreed_on": (TODAY - timedelta(days=41)).isoformat()})
    assert early.status_code == 422
    assert "on or after the day the current plan was agreed" in early.get_data(as_text=True)
    client.post(f"/people/{person_id}/plan", data={**before, "new_plan": "y",
                                                   "agreed_on": TODAY.isoformat()})
    page = page_of(client, person_id)
    assert "водитель" in page and "резюме" not in page  # the old plan's steps went with it
    with app.app_context():
        plans = db.session.scalars(select(EmploymentPlan).order_by(EmploymentPlan.id)).all()
        assert [(p.goal, p.closed_on) for p in plans] == [
            ("работа сварщиком", TODAY), ("водитель", None)]
        assert db.session.get(Person, person_id).next_due_on is None  # its step lapsed
    stale = client.post(f"/people/{person_id}/plan", data={
        **before, "agreed_on": TODAY.isoformat()}, follow_redirects=True)
    assert "Someone else saved this record first" in stale.get_data(as_text=True)


def test_the_migration_closes_all_but_the_last_plan_of_a_person(tmp_path):
    """Plans that a race made before the rule: the last one saved stays active, each earlier
    one is closed on its day, and its steps are no longer the person's next action."""
    from flask_migrate import upgrade

    from tests.old_schema import at_revision
    with at_revision(tmp_path, "0028"):
        from tests.old_schema import district_of, person_row, reference_before_versions
        reference_before_versions()
        person = SimpleNamespace(id=person_row(district_of("430000000", first=True)))  # a row:
        db.session.commit()  # today's person has columns 0028 has not
        for plan_id, agreed, due in ((1, "2026-04-01", "2026-04-10"),
                                     (2, "2026-04-01", "2026-05-20")):
            db.session.execute(text(
                "INSERT INTO employment_plan (id, person_id, goal, agreed_on, "
                "review_every_days, next_review_on, version) VALUES (:id, :person, 'цель', "
                ":agreed, 90, :agreed, 1)"), {"id": plan_id, "person": person.id,
                                               "agreed": agreed})
            db.session.execute(text(
                "INSERT INTO plan_step (plan_id, text, due_on) VALUES (:id, 'шаг', :due)"),
                {"id": plan_id, "due": due})
        db.session.commit()
        upgrade()
        assert db.session.execute(text(
            "SELECT id, closed_on FROM employment_plan ORDER BY id")).all() == [
            (1, "2026-04-01"), (2, None)]
        assert db.session.scalar(text("SELECT next_due_on FROM person")) == "2026-05-20"
        assert db.session.scalar(select(EmploymentPlan.id).where(
            EmploymentPlan.closed_on.is_(None))) == 2
