"""Employment Roadmap projects: the register kept by a region's officers, read by everyone who
reads the indicators; referrals to a project's jobs count toward the roadmap indicator."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.extensions import db
from caseworker.indicators import queries, tables
from caseworker.models import Person, Referral, RoadmapProject
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"


@pytest.fixture
def world(app):
    with app.app_context():
        kz, sh = f.project_staff(KYZYLORDA, SHYMKENT)
        project = RoadmapProject(region_id=kz[0].region_id, district_id=kz[0].id, year=2025,
                                 name="Водопровод Кызылорды", jobs_kind="permanent",
                                 jobs_planned=40, funds_allocated_kzt=10**8)
        db.session.add(project)
        db.session.flush()
        person = f.person(kz[0], last="Жолдасов")
        started = [("proposed", date(2025, 2, 1)), ("referred", date(2025, 2, 3)),
                   ("started", date(2025, 2, 10))]
        r = f.referral(person, "public_works", started)
        r.project_id = project.id
        f.referral(f.person(kz[0], last="Басқа"), "public_works", started)  # not to a project
        db.session.commit()
        return {"project": project.id, "kz": kz[0].region_id, "sh": sh[0].region_id,
                "kz0": kz[0].id}


def _form(client, url, **values):
    page = client.get(url)
    data = {"name": "Жол жөндеу", "district_id": "", "year": "2025", "jobs_kind": "temporary",
            "jobs_planned": "30", "funds_allocated_kzt": "5000000", "version": "", "csrf_token": csrf_from(page.get_data(as_text=True))}
    return client.post(url, data=data | values)


def test_referrals_to_a_projects_jobs_count_toward_the_roadmap_indicator(app, world):
    with app.app_context():
        found = tables.facts(queries.Period(2025, date(2025, 12, 31)), Person.region_id)
        assert found[world["kz"]]["roadmap_jobs"] == (1, 1)
        assert found[world["kz"]]["public_works"] == (2, 2)


def test_everyone_reads_the_register_with_the_referrals_that_started(client, world):
    login(client, "an")
    page = client.get("/projects/?year=2025").get_data(as_text=True)
    assert "Водопровод Кызылорды" in page and "Add a project" not in page
    assert f'href="/projects/{world["project"]}"' not in page  # no edit link
    assert client.get(f"/projects/{world['project']}").status_code == 403
    login(client, "ro")
    page = client.get(f"/projects/?year=2025&region={world['kz']}").get_data(as_text=True)
    assert f"/projects/{world['project']}" in page
    row = page[page.index("Водопровод Кызылорды"):]
    assert "<td class=\"text-end\">1</td>" in row  # one person referred started work


def test_an_officer_adds_and_edits_projects_of_the_own_region_only(client, app, world):
    login(client, "ro")
    response = _form(client, "/projects/new")
    assert response.status_code == 302
    with app.app_context():
        added = db.session.scalar(select(RoadmapProject).where(RoadmapProject.name == "Жол жөндеу"))
        assert added.region_id == world["kz"] and added.district_id is None
    login(client, "ro2")
    assert client.get(f"/projects/{world['project']}").status_code == 404
    login(client, "cw")
    assert client.get("/projects/new").status_code == 403


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "This field is required."),
    ("year", "1990", f"The year must be a whole number from 2015 to {clock.today().year + 1}."),
    ("year", "2090", "The year must be a whole number from 2015"),
    ("jobs_planned", "-1", "Number must be between 0 and 1000000."),
    ("funds_allocated_kzt", "-1", "Number must be between 0 and 1000000000000."),
    ("district_id", "999999", "Not a valid choice."),
    ("jobs_kind", "forever", "Not a valid choice."),
])
def test_bad_input_is_refused_with_its_message_and_saves_nothing(client, app, world, field,
                                                                  value, message):
    login(client, "ro")
    response = _form(client, "/projects/new", **{field: value})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RoadmapProject.id).where(
            RoadmapProject.name == "Жол жөндеу")) is None


def test_a_number_that_cannot_be_read_is_said_to_be_that_and_only_that(client, world):
    login(client, "ro")
    page = _form(client, "/projects/new", jobs_planned="много").get_data(as_text=True)
    assert "Not a valid integer value." in page and "Number must be between" not in page
    assert page.count('id="jobs_planned-error"') == 1


def test_a_stale_edit_gets_409_and_keeps_the_first_save(client, app, world):
    login(client, "ro")
    url = f"/projects/{world['project']}"
    first = _form(client, url, name="Первое сохранение", version="1")
    assert first.status_code == 302
    second = _form(client, url, name="Второе сохранение", version="1")
    assert second.status_code == 409
    assert "Someone else saved this project" in second.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(RoadmapProject, world["project"]).name == "Первое сохранение"


def test_a_caseworker_refers_a_person_to_a_projects_job(client, app, world):
    from tests.referrals.conftest import refer_page as refer
    with app.app_context():
        project = db.session.get(RoadmapProject, world["project"])
        project.year = clock.today().year  # the form offers this year's projects
        person = f.person(db.session.get(RoadmapProject, world["project"]).district,
                          last="Жаңабаев", born=date(1990, 1, 1))
        db.session.commit()
        person_id = person.id
    login(client, "cw")
    page = client.get(f"/people/{person_id}/refer/public_works").get_data(as_text=True)
    assert "Водопровод Кызылорды" in page
    response, _data, _url = refer(client, person_id, "public_works",
                                  project_id=str(world["project"]))
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalar(select(Referral).where(Referral.person_id == person_id))
        assert made.project_id == world["project"]
    bad, _data, _url = refer(client, person_id, "social_job", project_id="424242")
    assert bad.status_code == 200 and "Not a valid choice" in bad.get_data(as_text=True)


def test_demo_referrals_go_to_a_project_of_their_own_region(app, monkeypatch):
    from caseworker import demo
    from caseworker.demo import history
    monkeypatch.setattr(history, "BULK_FROM", 1)  # the national history, on a few persons
    with app.app_context():
        teams = demo.create_users()
        demo.add_persons(400, clock.today(), teams)
        demo.add_casework(clock.today())
        db.session.commit()
        pairs = db.session.execute(select(Person.region_id, RoadmapProject.region_id)
                                   .join(Referral, Referral.person_id == Person.id)
                                   .join(RoadmapProject, RoadmapProject.id == Referral.project_id)).all()
        assert len({a for a, _ in pairs}) > 1 and all(a == b for a, b in pairs)
