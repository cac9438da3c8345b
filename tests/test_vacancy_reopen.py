"""A vacancy ended (filled, closed, cancelled) by mistake is opened again with a reason and a
tick, from the version read, by whoever may change it: open as it was, keeping who opened it,
when, why and the day it had ended, which its page shows. Not while its employer is
deactivated. The page and the API call the same operation."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import AuditEvent, Provider, User, Vacancy
from caseworker.providers import operations as organisations
from caseworker.refusals import Refused
from caseworker.vacancies import operations as vacancies
from tests import factories as f
from tests.api_kit import assert_error
from tests.conftest import csrf_from, login


@pytest.fixture
def world(app):
    with app.app_context():
        users = f.team()
        employer = f.provider(f.districts_of("430000000")[0].region_id)
        vacancy = vacancies.create({
            "organisation_id": employer.id, "occupation_code": "5120", "title": "Повар",
            "places": 1, "wage": 200000, "hours_per_week": 40, "schedule": "shift",
            "opened_on": date(2026, 5, 5)}, users["sv"])
        vacancies.end(vacancy, "filled", "взяли своего", users["sv"], vacancy.version,
                      on=date(2026, 6, 1))
        made = {"employer": employer.id, "vacancy": vacancy.id,
                "users": {name: u.id for name, u in users.items()},
                "token": tokens.create(users["cw"], "test")[1]}
        db.session.commit()
        return made


def _reopen(world, who="cw", reason="не та вакансия", confirmed=True, version=None):
    vacancy = db.session.get(Vacancy, world["vacancy"])
    return vacancies.reopen(vacancy, reason, db.session.get(User, world["users"][who]),
                            vacancy.version if version is None else version, confirmed)


def test_an_ended_vacancy_is_open_again_as_it_was(app, world):
    with app.app_context():
        vacancy = _reopen(world)
        db.session.commit()
        assert (vacancy.status, vacancy.status_on, vacancy.status_reason) == ("open", None, None)
        assert (vacancy.reopened_done_on, vacancy.reopen_reason) == (date(2026, 6, 1),
                                                                     "не та вакансия")
        assert vacancy.reopened_by_id == world["users"]["cw"]
        assert vacancy.reopened_at.date() == clock.utcnow().date()
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.action == "vacancy.reopened"))
        with pytest.raises(Refused) as again:
            _reopen(world)
        assert again.value.code == "vacancy_open"


@pytest.mark.parametrize("change, code", [
    ({"reason": " "}, "reopen_reason_required"),
    ({"confirmed": False}, "confirm_reopen"),
    ({"version": 0}, "stale"),
])
def test_reopening_refuses_and_changes_nothing(app, world, change, code):
    with app.app_context():
        with pytest.raises(Refused) as refused:
            _reopen(world, **change)
        assert refused.value.code == code
        db.session.rollback()
        assert db.session.get(Vacancy, world["vacancy"]).status == "filled"


def test_not_while_its_employer_is_deactivated(app, world):
    with app.app_context():
        employer = db.session.get(Provider, world["employer"])
        organisations.deactivate(employer, "ликвидировано",
                                 db.session.get(User, world["users"]["sv"]), employer.version,
                                 confirmed=True)
        with pytest.raises(Refused) as refused:
            _reopen(world)
        assert refused.value.code == "employer_inactive_reopen"


def test_the_page_asks_for_a_reason_and_the_tick_then_says_who_opened_it(app, client, world):
    url = f"/vacancies/{world['vacancy']}"
    login(client, "cw")
    page = client.get(url).get_data(as_text=True)
    assert "Ended by mistake? Open it again" in page
    data = {"csrf_token": csrf_from(page), "version": "2", "reason": "не та вакансия"}
    unticked = client.post(url + "/reopen", data=data)
    assert unticked.status_code == 422
    assert "Tick the confirmation to open it again." in unticked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Vacancy, world["vacancy"]).status == "filled"
    done = client.post(url + "/reopen", data={**data, "confirm": "y"}, follow_redirects=True)
    shown = done.get_data(as_text=True)
    assert "The vacancy is open again." in shown and "Opened again" in shown
    assert "ended on 01.06.2026" in shown and "не та вакансия" in shown
    assert "Filled, closed or cancelled" in shown  # it may be ended again


def test_another_district_cannot_reach_it(client, world):
    login(client, "cw.other")
    token = csrf_from(client.get("/").get_data(as_text=True))
    response = client.post(f"/vacancies/{world['vacancy']}/reopen", data={
        "csrf_token": token, "version": "2", "reason": "x", "confirm": "y"})
    assert response.status_code == 404


def test_the_api_opens_it_again_from_the_version_read(client, world):
    bearer = {"Authorization": f"Bearer {world['token']}"}
    url = f"/api/v1/vacancies/{world['vacancy']}/reopen"
    assert_error(client.post(url, json={"reason": "x", "version": 1}, headers=bearer), 409,
                 "stale")
    assert_error(client.post(url, json={"reason": "", "version": 2}, headers=bearer), 422,
                 "reopen_reason_required")
    opened = client.post(url, json={"reason": "не та вакансия", "version": 2}, headers=bearer)
    assert opened.status_code == 200, opened.get_data(as_text=True)
    body = opened.get_json()
    assert body["status"] == "open" and body["reopened_done_on"] == "2026-06-01"
    assert_error(client.post(url, json={"reason": "x", "version": body["version"]},
                             headers=bearer), 409, "vacancy_open")
