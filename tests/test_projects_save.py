"""Saving a Roadmap project is one operation (projects.operations.save_project) that the page
and the API call: its refusals are coded, and a save over a version that moved on is refused
("stale") rather than overwriting the other save."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import RoadmapProject, User
from caseworker.projects import operations
from caseworker.projects.operations import ProjectFields, save_project
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"
TODAY = date(2026, 11, 27)


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    with app.app_context():
        kz, sh = f.project_staff(KYZYLORDA, SHYMKENT)
        ro = db.session.scalar(select(User).where(User.login == "ro"))
        secret = tokens.create(ro, "test")[1]
        project = RoadmapProject(region_id=kz[0].region_id, district_id=kz[0].id, year=2026,
                                 name="Водопровод", jobs_kind="permanent", jobs_planned=40,
                                 funds_allocated_kzt=10**8)
        db.session.add(project)
        db.session.commit()
        return {"project": project.id, "kz0": kz[0].id, "sh0": sh[0].id, "secret": secret}


def fields(**changed) -> ProjectFields:
    return ProjectFields(**({"name": "Жол жөндеу", "year": 2026, "jobs_kind": "temporary",
                             "jobs_planned": 30, "funds_allocated_kzt": 5_000_000} | changed))


def user(login_name: str) -> User:
    return db.session.scalar(select(User).where(User.login == login_name))


@pytest.mark.parametrize("changed, code", [
    ({"name": "  "}, "project_name_required"), ({"year": 2090}, "project_year"),
    ({"jobs_kind": "forever"}, "project_kind"), ({"jobs_planned": -1}, "project_negative"),
    ({"funds_allocated_kzt": 10**13}, "project_negative")])
def test_what_a_project_needs(app, world, changed, code):
    with app.test_request_context():
        with pytest.raises(Refused) as caught:
            save_project(None, user("ro"), fields(**changed), version=None, today=TODAY)
        assert caught.value.code == code


def test_a_district_of_another_region_and_another_regions_officer_are_refused(app, world):
    with app.test_request_context():
        with pytest.raises(Refused) as caught:
            save_project(None, user("ro"), fields(district_id=world["sh0"]), version=None,
                         today=TODAY)
        assert caught.value.code == "project_district"
        project = db.session.get(RoadmapProject, world["project"])
        with pytest.raises(Refused) as caught:
            save_project(project, user("ro2"), fields(), version=project.version, today=TODAY)
        assert caught.value.code == "forbidden"


def test_a_save_over_a_version_that_moved_on_is_stale(app, world):
    with app.test_request_context():
        project = db.session.get(RoadmapProject, world["project"])
        read = project.version
        saved = save_project(project, user("ro"), fields(district_id=world["kz0"]),
                             version=read, today=TODAY)
        db.session.commit()
        assert (saved.name, saved.version, saved.district_id) == ("Жол жөндеу", read + 1,
                                                                  world["kz0"])
        with pytest.raises(Refused) as caught:
            save_project(project, user("ro"), fields(name="Другое"), version=read,
                         today=TODAY)
        assert caught.value.code == "stale"
        db.session.rollback()
        assert db.session.get(RoadmapProject, world["project"]).name == "Жол жөндеу"


def test_the_api_makes_and_changes_projects_through_the_operation(client, world):
    headers = {"Authorization": f"Bearer {world['secret']}"}
    body = {"name": "Мектеп", "year": 2026, "jobs_kind": "permanent", "jobs_planned": 12,
            "funds_allocated_kzt": 7_000_000, "district_id": world["kz0"]}
    made = client.post("/api/v1/projects", json=body, headers=headers)
    assert made.status_code == 201, made.get_json()
    project = made.get_json()
    assert (project["name"], project["version"], project["referrals_started"]) == (
        "Мектеп", 1, 0)
    url = f"/api/v1/projects/{project['id']}"
    changed = client.put(url, json=body | {"jobs_planned": 15, "version": 1}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["jobs_planned"] == 15
    stale = client.put(url, json=body | {"version": 1}, headers=headers)
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale"
    bad = client.put(url, json=body | {"year": 2090, "version": 2}, headers=headers)
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "project_year"
    assert client.put(url, json=body | {"district_id": world["sh0"], "version": 2},
                      headers=headers).get_json()["error"]["code"] == "project_district"


def test_the_doors_only_translate_the_operations_refusal(client, world, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise Refused("made_up", message="Made up by the operation", status=409)

    monkeypatch.setattr(operations, "save_project", refuse)
    page = client.get("/projects/new") if login(client, "ro") else None
    sent = client.post("/projects/new", data={
        "name": "Жол", "district_id": "", "year": "2026", "jobs_kind": "temporary",
        "jobs_planned": "1", "funds_allocated_kzt": "1", "version": "",
        "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert sent.status_code == 422 and "Made up by the operation" in sent.get_data(
        as_text=True)
    api = client.post("/api/v1/projects", headers={
        "Authorization": f"Bearer {world['secret']}"}, json={
        "name": "Жол", "year": 2026, "jobs_kind": "temporary", "jobs_planned": 1,
        "funds_allocated_kzt": 1})
    assert api.status_code == 409 and api.get_json()["error"]["code"] == "made_up"
