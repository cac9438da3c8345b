"""The app keeps Kazakhstan time whatever zone the server is in: "today", a contact's default
time and a letter's date are local; stored timestamps are UTC and are shown in local time."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from caseworker import clock, create_app
from caseworker.api.schemas import EventSchema
from caseworker.extensions import db
from caseworker.models import FieldChange, Interaction, Letter, Referral
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA = "430000000"
# 20:30 UTC on 27 November is 01:30 on 28 November in Kazakhstan (UTC+5).
EVENING_UTC = datetime(2026, 11, 27, 20, 30, tzinfo=timezone.utc)


@pytest.fixture
def evening(monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: EVENING_UTC)


def test_kazakhstan_is_five_hours_ahead_of_utc():
    """One zone for the country since March 2024: the server's zone data must know it."""
    assert clock.zone_named("Asia/Almaty").utcoffset(datetime(2026, 1, 1)) == timedelta(hours=5)


def test_today_and_now_are_local_at_any_hour_of_the_server(evening):
    assert clock.today() == date(2026, 11, 28)
    assert clock.now() == datetime(2026, 11, 28, 1, 30)
    assert clock.utcnow() == datetime(2026, 11, 27, 20, 30)
    assert clock.local(datetime(2026, 11, 27, 20, 30)) == datetime(2026, 11, 28, 1, 30)


def test_the_zone_is_a_setting(app, evening):
    with app.app_context():
        app.config["TIMEZONE"] = "UTC"
        try:
            assert clock.today() == date(2026, 11, 27)
        finally:
            app.config["TIMEZONE"] = clock.DEFAULT_ZONE
        assert clock.today() == date(2026, 11, 28)


@pytest.mark.parametrize("name", ["Asia/Nowhere", "", "../etc/passwd", "Asia"])
def test_an_unknown_zone_stops_the_app_saying_so(name):
    with pytest.raises(ValueError, match="unknown time zone"):
        create_app({"TIMEZONE": name, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_the_filters_show_stored_utc_and_typed_local_times_in_local_time(app):
    with app.test_request_context():
        render = app.jinja_env.from_string(
            "{{ stored | date }}|{{ stored | moment }}|{{ typed | wall | date }}|"
            "{{ typed | wall | moment }}|{{ day | date }}|{{ none | moment }}")
        shown = render.render(stored=datetime(2026, 11, 27, 20, 30),
                              typed=datetime(2026, 11, 27, 22, 15), day=date(2026, 11, 27),
                              none=None)
    assert shown == "28.11.2026|28.11.2026 01:30|27.11.2026|27.11.2026 22:15|27.11.2026|—"


def test_the_api_writes_stored_timestamps_with_their_offset():
    event = {"to_status": "proposed", "happened_on": date(2026, 11, 27),
             "recorded_at": datetime(2026, 11, 27, 20, 30)}
    assert EventSchema().dump(event)["recorded_at"] == "2026-11-27T20:30:00+00:00"


def test_a_page_at_night_utc_is_on_the_local_day(app, client, evening):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        cw = f.user("cw", "caseworker", district)
        f.user("sv", "supervisor", district)
        person = f.person(district, caseworker_id=cw.id)
        db.session.add(FieldChange(person_id=person.id, user_id=cw.id, field="phone",
                                   old=None, new="+77011234567", at=clock.utcnow()))
        db.session.add(Interaction(person_id=person.id, user_id=cw.id, channel="phone",
                                   topic="job_search", at=datetime(2026, 11, 27, 23, 50),
                                   note="поздний звонок", created_at=clock.utcnow()))
        db.session.commit()
        person_id = person.id
    login(client, "cw")
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    assert 'name="at" required type="datetime-local" value="2026-11-28T01:30"' in page
    assert "28.11.2026 01:30" in page        # the change, stored at 20:30 UTC
    assert "27.11.2026 23:50" in page        # the contact, typed in local time
    assert page.index("28.11.2026 01:30") < page.index("27.11.2026 23:50")  # newest first
    login(client, "sv")
    access = client.get(f"/people/{person_id}/access").get_data(as_text=True)
    assert "28.11.2026 01:30" in access and "27.11.2026 20:30" not in access


def test_a_letter_issued_after_midnight_local_carries_the_local_day(app, client, evening):
    """At 20:30 UTC on the 27th it is the 28th in Kazakhstan: the referral form offers the 28th
    and the letter is dated and numbered by it."""
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        f.user("cw", "caseworker", district)
        person = f.person(district, last="Түнгі", first="Мөлдір", sex="F",
                          born=date(2002, 1, 15), graduation_year=2025, experience_months=0,
                          education_level="higher")
        provider = f.provider(district.region_id)
        db.session.commit()
        person_id, provider_id = person.id, provider.id
    login(client, "cw")
    url = f"/people/{person_id}/refer/youth_practice"
    form = client.get(url).get_data(as_text=True)
    token = form.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    made = client.post(url, data={"csrf_token": csrf_from(form), "form_token": token,
                                  "provider_id": str(provider_id)})
    referral_url = made.headers["Location"]
    page = client.get(referral_url).get_data(as_text=True)
    offered = page.split('name="referred-on"')[1].split('value="')[1].split('"')[0]
    assert offered == "2026-11-28"
    move = {"to": "referred", "referred-csrf_token": csrf_from(page), "referred-to": "referred",
            "referred-on": offered}
    client.post(referral_url + "/transition", data=move)
    with app.app_context():
        letter = db.session.scalar(select(Letter))
        assert letter.issued_on == date(2026, 11, 28) and "-2026-" in letter.number
        assert db.session.scalar(select(Referral.proposed_on)) == date(2026, 11, 28)


def test_the_audit_file_takes_local_days_and_writes_utc_with_its_offset(app, client, evening):
    from caseworker import audit
    with app.test_request_context():
        f.user("ad", "admin")
        audit.record("person.view", "person", "1")  # 20:30 UTC: the 28th in Kazakhstan
        db.session.commit()
    login(client, "ad")
    day = client.get("/admin/audit.csv?from=2026-11-28&to=2026-11-28").get_data(as_text=True)
    assert "2026-11-27T20:30:00+00:00" in day and "person.view" in day
    before = client.get("/admin/audit.csv?from=2026-11-27&to=2026-11-27").get_data(as_text=True)
    assert "person.view" not in before
    for bad in ("from=0001-01-01&to=0001-01-02", "from=2026-01-01&to=9999-12-31",
                "from=2026-11-28&to=2026-11-27"):
        assert client.get(f"/admin/audit.csv?{bad}").status_code == 400


def test_a_contact_of_the_year_one_is_refused(app, client, evening):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        cw = f.user("cw", "caseworker", district)
        person_id = f.person(district, caseworker_id=cw.id).id
        db.session.commit()
    login(client, "cw")
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    sent = client.post(f"/people/{person_id}/interactions", data={
        "csrf_token": csrf_from(page), "at": "0001-01-01T00:00", "channel": "phone",
        "topic": "job_search", "note": "опечатка в годе"})
    assert sent.status_code == 422  # refused by the form's date window, before the rule
    assert "Enter a date between 1900-01-01 and 2199-12-31." in sent.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Interaction.id)) is None
