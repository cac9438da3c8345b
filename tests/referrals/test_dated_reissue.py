"""A letter reissued on a past day, through the page and the API (the same operation): the
new letter has that day and a number of that day's year; a day before the letter in force, or
in the future, is refused beside the field and changes nothing."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Letter
from tests.conftest import csrf_from, login
from tests.referrals.conftest import TODAY, bearer, referred, text

ISSUED = TODAY - timedelta(days=10)


def letters(app) -> list[tuple]:
    with app.app_context():
        return [(letter.issued_on, letter.status) for letter in db.session.scalars(
            select(Letter).order_by(Letter.id))]


def test_the_page_reissues_a_letter_on_the_day_typed(app, client, world):
    referral_id = referred(app, world, days_ago=10)[0]
    login(client, "cw")
    url = f"/referrals/{referral_id}"
    page = text(client.get(url))
    assert 'name="reissue-on" type="date" value="' + TODAY.isoformat() in page
    for day, message in ((TODAY - timedelta(days=11), "on or after the day the letter in force"),
                         (TODAY + timedelta(days=1), "The date cannot be in the future.")):
        refused = client.post(url + "/reissue", data={
            "reissue-csrf_token": csrf_from(page), "reissue-confirm": "y",
            "reissue-on": day.isoformat()})
        shown = text(refused)
        assert refused.status_code == 422 and message in shown
        assert 'id="reissue-on-error"' in shown and f'value="{day.isoformat()}"' in shown
    assert letters(app) == [(ISSUED, "genuine")]
    done = client.post(url + "/reissue", data={
        "reissue-csrf_token": csrf_from(page), "reissue-confirm": "y",
        "reissue-on": (ISSUED + timedelta(days=2)).isoformat()})
    assert done.status_code == 302
    assert letters(app) == [(ISSUED, "cancelled"), (ISSUED + timedelta(days=2), "genuine")]


def test_the_api_reissues_a_letter_on_a_day(client, app, world):
    referral_id = referred(app, world, days_ago=10)[0]
    url = f"/api/v1/referrals/{referral_id}/letter/reissue"
    early = client.post(url, json={"on": (ISSUED - timedelta(days=1)).isoformat()},
                        headers=bearer(world))
    assert early.status_code == 422
    assert early.get_json()["error"]["code"] == "reissue_before_letter"
    assert letters(app) == [(ISSUED, "genuine")]
    done = client.post(url, json={"on": ISSUED.isoformat()}, headers=bearer(world))
    assert done.status_code == 200
    numbers = [(l["issued_on"], l["status"]) for l in done.get_json()["letters"]]
    assert sorted(numbers) == sorted([(ISSUED.isoformat(), "cancelled"),
                                      (ISSUED.isoformat(), "genuine")])
    today = client.post(url, json={}, headers=bearer(world))
    assert letters(app)[-1] == (TODAY, "genuine") and today.status_code == 200
