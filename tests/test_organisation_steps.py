"""An employer deactivated: asked to confirm (the page lists the open vacancies that close),
with a reason; its open vacancies close with that reason and point back at the step, shown
on the vacancy's page and on the organisation's timeline; an ended vacancy stays as it was.
Reactivated: its timeline says so and no vacancy reopens. The API asks the same."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import AuditEvent, OrganisationEvent, Provider, User, Vacancy
from caseworker.providers import operations as organisations
from caseworker.refusals import Refused
from caseworker.vacancies import operations as vacancies
from tests import factories as f
from tests.conftest import csrf_from, login


@pytest.fixture
def world(app):
    with app.app_context():
        users = f.staff(sv="supervisor", cw="caseworker")
        employer = f.provider(f.districts_of("430000000")[0].region_id)
        made = [vacancies.create({
            "organisation_id": employer.id, "occupation_code": code, "title": title,
            "places": 1, "wage": 200000, "hours_per_week": 40, "schedule": "shift",
            "opened_on": date(2025, 5, 5)}, users["sv"])
            for code, title in (("5120", "Повар"), ("7212", "Сварщик"), ("9112", "Уборщик"))]
        vacancies.end(made[2], "filled", "взяли своего", users["sv"], made[2].version,
                      on=date(2025, 6, 1))
        db.session.commit()
        return {"employer": employer.id, "sv": users["sv"].id,
                "vacancies": [v.id for v in made]}


def _states(ids: list[int]) -> list[tuple]:
    return [(v.status, v.status_reason, v.closed_by_event_id)
            for v in (db.session.get(Vacancy, i) for i in ids)]


def test_deactivation_asks_to_confirm_and_closes_the_open_vacancies(app, client, world):
    login(client, "sv")
    page = client.get(f"/organisations/{world['employer']}").get_data(as_text=True)
    assert "Its 2 open vacancies are closed with the same reason" in page
    assert "Повар" in page and "Сварщик" in page and "Уборщик" not in page
    with app.app_context():
        version = str(db.session.get(Provider, world["employer"]).version)
    data = {"csrf_token": csrf_from(page), "reason": "ликвидировано", "version": version}
    unconfirmed = client.post(f"/organisations/{world['employer']}/deactivate", data=data)
    assert unconfirmed.status_code == 422
    assert "Tick the confirmation" in unconfirmed.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Provider, world["employer"]).active
        assert [s for s, *_ in _states(world["vacancies"])] == ["open", "open", "filled"]
    done = client.post(f"/organisations/{world['employer']}/deactivate",
                       data={**data, "confirm": "y"})
    assert done.status_code == 302
    with app.app_context():
        [step] = db.session.scalars(select(OrganisationEvent)).all()
        assert (step.kind, step.reason, step.happened_on) == (
            "deactivated", "ликвидировано", clock.today())
        assert _states(world["vacancies"]) == [
            ("closed", "ликвидировано", step.id), ("closed", "ликвидировано", step.id),
            ("filled", "взяли своего", None)]
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "vacancy.closed")) == 2
    shown = client.get(f"/organisations/{world['employer']}").get_data(as_text=True)
    assert "Timeline of the organisation" in shown and "2 vacancies closed with it" in shown
    vacancy = client.get(f"/vacancies/{world['vacancies'][0]}").get_data(as_text=True)
    assert "Closed with the deactivation of its employer." in vacancy
    assert "ликвидировано" in vacancy


def test_reactivation_reopens_nothing(app, client, world):
    with app.app_context():
        employer = db.session.get(Provider, world["employer"])
        organisations.deactivate(employer, "временно", db.session.get(User, world["sv"]),
                                 employer.version, confirmed=True)
        db.session.commit()
        version = employer.version
    login(client, "sv")
    page = client.get(f"/organisations/{world['employer']}").get_data(as_text=True)
    again = client.post(f"/organisations/{world['employer']}/reactivate", data={
        "csrf_token": csrf_from(page), "reason": "возобновило работу", "version": version})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Provider, world["employer"]).active
        assert [s for s, *_ in _states(world["vacancies"])] == ["closed", "closed", "filled"]
        kinds = db.session.scalars(select(OrganisationEvent.kind).order_by(
            OrganisationEvent.id)).all()
        assert kinds == ["deactivated", "reactivated"]
    shown = client.get(f"/organisations/{world['employer']}").get_data(as_text=True)
    assert "Active again: возобновило работу" in shown
    stale = client.post(f"/organisations/{world['employer']}/reactivate", data={
        "csrf_token": csrf_from(page), "version": str(version)})
    assert stale.status_code == 409


def test_a_vacancy_that_cannot_close_refuses_the_whole_deactivation(app, world):
    with app.app_context():
        employer = db.session.get(Provider, world["employer"])
        user = db.session.get(User, world["sv"])
        with pytest.raises(Refused) as refused:  # a day before the vacancies opened
            organisations.deactivate(employer, "давно", user, employer.version,
                                     on=date(2025, 1, 1), confirmed=True)
        assert refused.value.code == "vacancy_end_before_open"
        db.session.rollback()
        assert db.session.get(Provider, world["employer"]).active
        assert db.session.scalar(select(func.count(OrganisationEvent.id))) == 0
        assert [s for s, *_ in _states(world["vacancies"])] == ["open", "open", "filled"]


def test_the_api_asks_the_same(app, client, world):
    from caseworker.api import tokens
    with app.app_context():
        token = tokens.create(db.session.get(User, world["sv"]), "test")[1]
        db.session.commit()
        version = db.session.get(Provider, world["employer"]).version
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/organisations/{world['employer']}"
    unconfirmed = client.post(url + "/deactivate", headers=headers, json={
        "reason": "ликвидировано", "confirm": False, "version": version})
    assert unconfirmed.status_code == 422
    assert unconfirmed.get_json()["error"]["code"] == "confirm_deactivation"
    done = client.post(url + "/deactivate", headers=headers, json={
        "reason": "ликвидировано", "confirm": True, "version": version})
    assert done.status_code == 200 and not done.get_json()["active"]
    back = client.post(url + "/reactivate", headers=headers,
                       json={"version": done.get_json()["version"]})
    assert back.status_code == 200 and back.get_json()["active"]
    twice = client.post(url + "/reactivate", headers=headers,
                        json={"version": back.get_json()["version"]})
    assert twice.status_code == 409
    assert twice.get_json()["error"]["code"] == "organisation_active"
    with app.app_context():
        assert [s for s, *_ in _states(world["vacancies"])] == ["closed", "closed", "filled"]


def test_an_organisation_without_open_vacancies_is_not_told_they_close(app, client, world):
    with app.app_context():
        bare = f.provider(f.districts_of("430000000")[0].region_id)
        db.session.commit()
        bare_id = bare.id
    login(client, "sv")
    page = client.get(f"/organisations/{bare_id}").get_data(as_text=True)
    assert "It has no open vacancies." in page
    assert "its open vacancies are closed" not in page
    assert "no longer offered for new referrals and vacancies; its referrals stay." in page
    busy = client.get(f"/organisations/{world['employer']}").get_data(as_text=True)
    assert "its open vacancies are closed with this reason" in busy
