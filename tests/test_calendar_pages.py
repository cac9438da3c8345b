"""The admin's calendar pages and GET /api/v1/calendar: who may use them, what they show,
and bad input answered with a message while nothing changes."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker.api import tokens
from caseworker.calendar import said, source
from caseworker.extensions import db
from caseworker.models import AuditEvent, CalendarDay
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.test_calendar import later_years_emptied  # noqa: F401 (a fixture)


pytestmark = pytest.mark.usefixtures("later_years_emptied")


@pytest.fixture
def people(app):
    with app.app_context():
        f.user("cal.admin", "admin")
        f.user("cal.cw", "caseworker", f.districts_of("430000000")[0])
        db.session.commit()


def version_on(page: str) -> str:
    found = re.search(r'name="version" type="hidden" value="(\d*)"', page)
    return found.group(1) if found else ""


def day_form(client, url, **values):
    page = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "version": version_on(page), "day": "2031-03-09",
            "kind": "holiday", "name_kk": "Мереке", "name_ru": "Праздник", "name_en": "Holiday",
            "source": "decree No. 1"} | values
    return client.post(url, data=data)


def test_an_admin_reads_a_year_with_its_worked_saturdays(people, login_as):
    client = login_as("cal.admin")
    page = client.get("/admin/calendar/?year=2018").get_data(as_text=True)
    assert "03.03.2018" in page and "Weekend day worked" in page and "Day off (moved here)" in page
    assert "Working days by month" in page and "holidays 0.109" in page
    empty = client.get("/admin/calendar/?year=2040").get_data(as_text=True)
    assert "No days are entered for 2040" in empty and "flask calendar add-year 2040" in empty


@pytest.mark.parametrize("url", ["/admin/calendar/", "/admin/calendar/new",
                                 "/admin/calendar/?year=2020"])
def test_other_roles_may_not_open_the_calendar(people, login_as, url):
    assert login_as("cal.cw").get(url).status_code == 403


def test_a_year_the_calendar_cannot_hold_is_said(people, login_as):
    page = login_as("cal.admin").get("/admin/calendar/?year=1900")
    assert page.status_code == 200
    assert "The calendar holds the years 2000 to 2100." in page.get_data(as_text=True)


def test_an_admin_adds_changes_and_removes_a_day(people, login_as, app):
    client = login_as("cal.admin")
    added = day_form(client, "/admin/calendar/new?year=2031")
    assert added.status_code == 302 and "year=2031" in added.headers["Location"]
    with app.app_context():
        entry = db.session.scalar(select(CalendarDay).where(CalendarDay.day == date(2031, 3, 9)))
        assert (entry.kind, entry.name_ru, entry.source) == ("holiday", "Праздник", "decree No. 1")
        day_id = entry.id
    changed = day_form(client, f"/admin/calendar/{day_id}", day="2031-03-10", kind="day_off")
    assert changed.status_code == 302
    with app.app_context():
        entry = db.session.get(CalendarDay, day_id)
        assert (entry.day, entry.kind) == (date(2031, 3, 10), "day_off")
    page = client.get(f"/admin/calendar/{day_id}").get_data(as_text=True)
    unconfirmed = client.post(f"/admin/calendar/{day_id}/remove",
                              data={"remove-csrf_token": csrf_from(page)})
    assert unconfirmed.status_code == 422 and "Tick to confirm" in unconfirmed.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.get(CalendarDay, day_id) is not None  # one click removes nothing
    removed = client.post(f"/admin/calendar/{day_id}/remove",
                          data={"remove-csrf_token": csrf_from(page), "remove-confirm": "y"})
    assert removed.status_code == 302
    with app.app_context():
        assert db.session.get(CalendarDay, day_id) is None
        assert db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.record_type == "calendar_day").order_by(AuditEvent.id)).all() == [
            "calendar.add", "calendar.update", "calendar.remove"]


@pytest.mark.parametrize("values, message", [
    ({"kind": "working_day", "day": "2031-03-05"}, "Monday to Friday are working days anyway"),
    ({"kind": "day_off", "day": "2031-03-08"}, "Saturday and Sunday are off anyway"),
    ({"day": "2018-01-01"}, "This date is in the calendar already"),
    ({"day": "2131-01-01"}, "The calendar holds the years 2000 to 2100."),
    ({"day": "9 March"}, "Not a valid date value"),
    ({"source": ""}, "This field is required"),
    ({"kind": "party"}, "Not a valid choice"),
])
def test_bad_input_is_answered_beside_the_field_and_nothing_changes(people, login_as, app,
                                                                    values, message):
    client = login_as("cal.admin")
    with app.app_context():
        before = db.session.scalar(select(func.count(CalendarDay.id)))
    response = day_form(client, "/admin/calendar/new", **values)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(CalendarDay.id))) == before


def test_a_day_that_does_not_exist_is_404(people, login_as):
    client = login_as("cal.admin")
    assert client.get("/admin/calendar/999999").status_code == 404
    token = csrf_from(client.get("/admin/calendar/new").get_data(as_text=True))
    assert client.post("/admin/calendar/999999/remove",
                       data={"remove-csrf_token": token, "remove-confirm": "y"}).status_code == 404


# ---- GET /api/v1/calendar -------------------------------------------------------------------

@pytest.fixture
def token(app):
    with app.app_context():
        secret = tokens.create(f.user("cal.api", "analyst"), "calendar")[1]
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}


def test_the_api_answers_a_years_days_off_and_worked_weekend_days(client, token):
    body = client.get("/api/v1/calendar?year=2018", headers=token).get_json()
    assert body["year"] == 2018 and body["known"] is True
    off = {d["date"]: d for d in body["non_working_days"]}
    assert off["2018-03-09"]["kind"] == "day_off" and off["2018-03-08"]["kind"] == "holiday"
    assert off["2018-08-21"]["name_ru"] == "Курбан айт"
    assert [d["date"] for d in body["working_weekend_days"]] == [
        "2018-03-03", "2018-04-28", "2018-05-05", "2018-08-25", "2018-12-29"]
    assert body["months"][2] == {"month": 3, "working_days": 18}


def test_the_api_says_when_a_year_is_not_entered(client, token):
    body = client.get("/api/v1/calendar?year=2040", headers=token).get_json()
    assert body["known"] is False and body["non_working_days"] == []
    assert body["months"][0] == {"month": 1, "working_days": 22}  # January 2040: 22 weekdays


@pytest.mark.parametrize("query", ["?year=1999", "?year=2101", "?year=abc", ""])
def test_the_api_refuses_a_year_outside_2000_to_2100(client, token, query):
    response = client.get(f"/api/v1/calendar{query}", headers=token)
    assert response.status_code == 422
    assert "year" in response.get_json()["error"]["fields"]


def test_the_api_needs_a_token(client):
    assert client.get("/api/v1/calendar?year=2020").status_code == 401


def test_the_calendar_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/calendar"]["get"]
    assert operation["tags"] == ["calendar"]
    assert {p["name"] for p in operation["parameters"]} == {"year"}


def test_a_save_from_an_older_form_is_refused(people, login_as, app):
    client = login_as("cal.admin")
    day_form(client, "/admin/calendar/new?year=2031")
    with app.app_context():
        day_id = db.session.scalar(select(CalendarDay.id).where(
            CalendarDay.day == date(2031, 3, 9)))
    url = f"/admin/calendar/{day_id}"
    opened = client.get(url).get_data(as_text=True)
    assert day_form(client, url, source="decree No. 2").status_code == 302  # another admin
    stale = client.post(url, data={
        "csrf_token": csrf_from(opened), "version": version_on(opened), "day": "2031-03-09",
        "kind": "holiday", "name_kk": "Мереке", "name_ru": "Праздник", "name_en": "Holiday",
        "source": "decree No. 3"})
    assert stale.status_code == 409 and "Someone else saved" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CalendarDay, day_id).source == "decree No. 2"
    # the form shown again carries the version saved now: saving it again replaces it
    again = stale.get_data(as_text=True)
    assert client.post(url, data={
        "csrf_token": csrf_from(again), "version": version_on(again), "day": "2031-03-09",
        "kind": "holiday", "name_kk": "Мереке", "name_ru": "Праздник", "name_en": "Holiday",
        "source": "decree No. 3"}).status_code == 302


def test_the_packages_sources_are_said_in_the_readers_language(app, client, people):
    rows = source.from_package(2023)
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        spoken = {r.source: said.said(r.source) for r in rows}
    assert all(s != text and s.startswith("holidays ") for text, s in spoken.items())
    assert any("постановление Правительства" in s for s in spoken.values())
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert said.said("decree No. 1") == "decree No. 1"  # typed by a person: as typed
        assert said.said("holidays 1.0: other words") == "holidays 1.0: other words"
    login(client, "cal.admin")  # the reference data holds 2023 as the package gives it
    page = client.get("/admin/calendar/?year=2023", headers={"Accept-Language": "kk"})
    shown = page.get_data(as_text=True)
    assert "Үкімет қаулысы" in shown and "government decree" not in shown
