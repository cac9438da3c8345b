"""Vacancy pages: entered through the form, changed from the version read (a stale save says
so and writes nothing), ended only with a reason and a tick; the region's officer reads and
never writes; an organisation whose kinds alone change gets a new version."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Provider, Vacancy
from caseworker.providers import operations as organisations
from tests import factories as f
from tests.conftest import csrf_from, login, statements_of


@pytest.fixture
def world(app):
    with app.app_context():
        users = f.staff(sv="supervisor", cw="caseworker", officer="regional_officer")
        employer = f.provider(f.districts_of("430000000")[0].region_id)
        db.session.commit()
        return {"employer": employer.id, "sv": users["sv"].id}


def form(world, **changes) -> dict:
    return {"organisation_id": str(world["employer"]), "occupation_code": "7212",
            "title": "Сварщик", "places": "1", "wage": "300000", "hours_per_week": "40",
            "schedule": "full_day", "languages": ["ru"], "opened_on": "2025-02-03",
            "closes_on": "", **changes}


def test_entered_changed_stale_and_ended(app, client, world):
    login(client, "cw")
    page = client.get("/vacancies/new").get_data(as_text=True)
    low = client.post("/vacancies/new", data={**form(world, wage="80000"),
                                              "csrf_token": csrf_from(page)})
    assert low.status_code == 422 and "85" in low.get_data(as_text=True)  # 85 000 in 2025
    made = client.post("/vacancies/new", data={**form(world), "csrf_token": csrf_from(page)})
    assert made.status_code == 302
    with app.app_context():
        vacancy = db.session.scalar(select(Vacancy))
        vid = vacancy.id
    edit = client.get(f"/vacancies/{vid}/edit").get_data(as_text=True)
    assert client.post(f"/vacancies/{vid}/edit", data={
        **form(world, places="2"), "version": "1", "csrf_token": csrf_from(edit)}
        ).status_code == 302
    stale = client.post(f"/vacancies/{vid}/edit", data={
        **form(world, places="5"), "version": "1", "csrf_token": csrf_from(edit)})
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(Vacancy, vid).places == 2
    shown = client.get(f"/vacancies/{vid}").get_data(as_text=True)
    end = {"status": "cancelled", "on": "2025-03-01", "reason": "работодатель передумал",
           "version": "2", "csrf_token": csrf_from(shown)}
    assert client.post(f"/vacancies/{vid}/end", data=end).status_code == 422  # no tick
    early = client.post(f"/vacancies/{vid}/end", data={**end, "on": "2025-01-01",
                                                       "confirm": "y"})
    assert early.status_code == 422
    with app.app_context():
        assert db.session.get(Vacancy, vid).status == "open"
    assert client.post(f"/vacancies/{vid}/end", data={**end, "confirm": "y"}).status_code == 302
    text = client.get(f"/vacancies/{vid}").get_data(as_text=True)
    assert "работодатель передумал" in text and "01.03.2025" in text
    assert "Сварщик" not in client.get("/vacancies/").get_data(as_text=True)  # open ones
    assert "Сварщик" in client.get("/vacancies/?status=cancelled").get_data(as_text=True)


def test_the_officer_reads_and_never_writes(app, client, world):
    with app.app_context():
        from caseworker.models import User
        from caseworker.vacancies import operations
        vacancy = operations.create({
            "organisation_id": world["employer"], "occupation_code": "5120", "places": 1,
            "wage": 200000, "hours_per_week": 40, "schedule": "shift",
            "opened_on": date(2025, 5, 5)}, db.session.get(User, world["sv"]))
        db.session.commit()
        vid = vacancy.id
    login(client, "officer")
    text = client.get(f"/vacancies/{vid}").get_data(as_text=True)
    assert "5120" in text and f"/vacancies/{vid}/edit" not in text
    assert client.get(f"/vacancies/{vid}/edit").status_code == 403
    assert client.get("/vacancies/new").status_code == 403


def test_a_change_of_kinds_alone_moves_the_version(app, world):
    with app.app_context():
        from caseworker.models import User
        employer = db.session.get(Provider, world["employer"])
        organisations.save(employer, {"kinds": ["employer", "microfinance"]},
                           db.session.get(User, world["sv"]), 1)
        db.session.commit()
        assert employer.version == 2 and employer.kinds == ("employer", "microfinance")


def test_the_list_reads_a_fixed_number_of_statements(app, client, world):
    """The list's rows bring their occupation, employer and district with them: ten rows
    cost no more statements than one."""

    from caseworker.models import User
    from caseworker.vacancies import operations

    def add(n):
        with app.app_context():
            for _ in range(n):
                operations.create({
                    "organisation_id": world["employer"], "occupation_code": "5120",
                    "places": 1, "wage": 200000, "hours_per_week": 40, "schedule": "shift",
                    "opened_on": date(2025, 5, 5)}, db.session.get(User, world["sv"]))
            db.session.commit()

    def statements() -> int:
        with statements_of(app) as seen:
            assert client.get("/vacancies/").status_code == 200
        return len(seen)

    login(client, "cw")
    add(1)
    one = statements()
    add(9)
    assert statements() == one


def test_an_organisation_is_named_in_the_page_language_and_russian_elsewhere(app, world):
    with app.app_context():
        employer = db.session.get(Provider, world["employer"])
        employer.name_kk = "«Арал Балық» ЖШС"
        assert employer.name == employer.name_ru  # no request: a job, a command
        with app.test_request_context("/api/v1/organisations",
                                      headers={"Accept-Language": "kk"}):
            assert employer.name == "«Арал Балық» ЖШС"
