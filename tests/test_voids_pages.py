"""The pages and the API of outcomes, checks and contacts: nothing is recorded by one click with
nothing filled, a job asks a confirmation, an overdue check says so in words, and a void (with
its reason and a tick) leaves the record struck through in the referral's history and on the
person's timeline."""
import re
from datetime import datetime, timedelta

from sqlalchemy import func, select

from caseworker import clock
from caseworker.casework import operations as casework
from caseworker.domain.dates import add_months
from caseworker.extensions import db
from caseworker.models import (
    FollowUp, Interaction, Outcome, Person, Referral, User)
from caseworker.referrals import outcomes
from tests import voids_world
from tests.conftest import csrf_from, login
from tests.referrals.conftest import text

TODAY = clock.today()
START = add_months(TODAY, -7)  # the 3- and 6-month checks are due, the first one overdue
world = voids_world.world  # the fixture


def _post(client, page_url, action, **data):
    token = csrf_from(text(client.get(page_url)))
    return text(client.post(action, data={"csrf_token": token, **data},
                            follow_redirects=True))


def _job(app, world) -> Outcome:
    with app.app_context():
        outcome = outcomes.record_outcome(db.session.get(Referral, world["started"]),
                                          db.session.get(User, world["cw"]),
                                          kind="permanent_job", start_on=START)
        db.session.commit()
        return outcome


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_one_click_with_nothing_filled_records_nothing(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['started']}"
    page = text(client.get(url))
    form = page[page.index('action="' + url + '/outcome#outcome"'):]
    form = form[:form.index("</form>")]
    assert "selected" not in form and re.search(r'name="start_on"[^>]*value=""', form)
    assert 'name="confirm"' in form
    answer = _post(client, url, url + "/outcome")
    assert "Choose what came of it." in answer
    assert _count(app, Outcome) == 0


def test_a_job_asks_its_confirmation_and_shows_in_the_history(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['started']}"
    job = {"kind": "permanent_job", "start_on": START.isoformat()}
    assert "tick the confirmation" in _post(client, url, url + "/outcome", **job)
    assert _count(app, Outcome) == 0
    done = _post(client, url, url + "/outcome", confirm="y", **job)
    assert "follow-up checks are planned" in done
    history = done[done.index('id="events-heading"'):]
    assert "Outcome: Permanent job" in history
    with app.app_context():
        assert db.session.get(Person, world["person"]).status == "employed"


def test_an_outcome_refused_shows_the_form_as_typed_with_each_message_beside_its_field(
        app, client, world):
    """Not a redirect to the top of the page, where the messages are out of sight of the form
    (on a phone, a screen or two above it): the form again, as typed, each message under its
    field, and the page opened at the outcome."""
    login(client, "cw")
    url = f"/referrals/{world['started']}"
    token = csrf_from(text(client.get(url)))
    answer = client.post(url + "/outcome", data={"csrf_token": token, "kind": "permanent_job",
                                                 "employer": "ТОО Тест"})
    assert answer.status_code == 422
    page = text(answer)
    form = page[page.index('action="' + url + '/outcome#outcome"'):]
    form = form[:form.index("</form>")]
    assert 'id="start_on-error"' in form and 'value="ТОО Тест"' in form
    assert re.search(r'<option selected value="permanent_job"|value="permanent_job" selected',
                     form)
    token = csrf_from(page)
    answer = client.post(url + "/outcome", data={"csrf_token": token, "kind": "permanent_job",
                                                 "start_on": START.isoformat()})
    form = text(answer)[text(answer).index('action="' + url + '/outcome#outcome"'):]
    form = form[:form.index("</form>")]
    assert 'id="confirm-error"' in form and "tick the confirmation" in form
    assert _count(app, Outcome) == 0


def test_a_job_before_the_participation_started_is_refused(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['referred']}"
    page = text(client.get(url))
    assert "has not started taking part yet" in page
    answer = _post(client, url, url + "/outcome", kind="permanent_job", confirm="y",
                   start_on=TODAY.isoformat())
    assert "only “Not employed” can be recorded" in answer and _count(app, Outcome) == 0


def test_the_check_form_chooses_nothing_and_an_overdue_check_says_so(app, client, world):
    _job(app, world)
    login(client, "cw")
    url = f"/referrals/{world['started']}"
    page = text(client.get(url))
    assert not re.search(r'selected[^>]*value="(yes|no|employer|client_call|record)"', page)
    assert not re.search(r'value="(yes|no|employer|client_call|record)"[^>]*selected', page)
    with app.app_context():  # due three months on, or the working day after (a day off)
        due = db.session.scalar(select(FollowUp.due_on).order_by(FollowUp.months))
    assert add_months(START, 3) <= due < TODAY
    overdue = (TODAY - due).days
    assert f"Overdue by {overdue} days" in page and "⚠" in page
    listing = text(client.get("/follow-ups"))
    assert f"Overdue by {overdue} days" in listing
    with app.app_context():
        first = db.session.scalar(select(FollowUp.id).order_by(FollowUp.months))
    answer = _post(client, url, f"/follow-ups/{first}", on=TODAY.isoformat())
    assert "Choose where you learnt it." in answer
    answer = _post(client, url, f"/follow-ups/{first}", on=TODAY.isoformat(), source="record")
    assert "Say whether the person is still in the job." in answer
    with app.app_context():
        assert db.session.get(FollowUp, first).checked_on is None


def test_a_voided_outcome_is_struck_through_with_its_reason(app, client, world):
    _job(app, world)
    login(client, "cw")
    url = f"/referrals/{world['started']}"
    page = text(client.get(url))
    assert "Void: recorded by mistake" in page
    unconfirmed = _post(client, url, url + "/outcome/void", reason="the wrong person")
    assert "Tick the confirmation to void it." in unconfirmed
    done = _post(client, url, url + "/outcome/void", reason="the wrong person", confirm="y")
    assert "The outcome is void" in done
    assert re.search(r"<del>\s*<strong>Outcome: Permanent job", done)
    assert "the wrong person" in done and "Record the outcome" in done  # it may be recorded again
    person = text(client.get(f"/people/{world['person']}"))
    assert re.search(r"<del><strong>Outcome</strong>: Permanent job|<del><strong>Outcome: "
                     r"Permanent job", person) and "the wrong person" in person
    with app.app_context():
        assert db.session.get(Person, world["person"]).status == "active"


def test_only_the_author_sees_and_may_send_the_void(app, client, world):
    _job(app, world)
    login(client, "cw2")
    url = f"/referrals/{world['started']}"
    assert "Void: recorded by mistake" not in text(client.get(url))
    answer = _post(client, url, url + "/outcome/void", reason="x", confirm="y")
    assert "Only whoever recorded it" in answer
    with app.app_context():
        assert db.session.scalar(select(Outcome.voided_at)) is None


def test_a_voided_check_and_contact_are_struck_through_on_the_timeline(app, client, world):
    outcome = _job(app, world)
    with app.app_context():
        user, person = db.session.get(User, world["cw"]), db.session.get(Person, world["person"])
        check = outcomes.check_follow_up(db.session.get(FollowUp, outcome.follow_ups[0].id),
                                         user, still_employed=True, source="employer", on=TODAY)
        contact = casework.record_contact(
            person, user, at=datetime(TODAY.year, TODAY.month, TODAY.day) - timedelta(hours=3),
            channel="phone", topic="job_search", note="a call to someone else", next_action=None,
            due_on=None, now=clock.now())
        db.session.commit()
        check_id, contact_id = check.id, contact.id
    login(client, "cw")
    people = f"/people/{world['person']}"
    assert "The check is void" in _post(client, people, f"/follow-ups/{check_id}/void",
                                        reason="the employer meant another", confirm="y")
    assert "The contact is void" in _post(client, people, f"/interactions/{contact_id}/void",
                                          reason="a file of another person", confirm="y")
    page = text(client.get(people))
    assert re.search(r"<del><strong>Follow-up check</strong>", page)
    assert "the employer meant another" in page and "a file of another person" in page
    assert re.search(r"<del><strong>Phone call</strong>", page)
    with app.app_context():
        assert db.session.get(Interaction, contact_id).voided_at is not None
        assert db.session.scalar(select(func.count(FollowUp.id)).where(
            FollowUp.months == 3, FollowUp.voided_at.is_(None))) == 1  # to be made again


def test_the_api_voids_an_outcome_once(app, client, world):
    url = f"/api/v1/referrals/{world['started']}/outcome/void"
    bearer = {"Authorization": f"Bearer {world['tokens']['cw']}"}
    none = client.post(url, headers=bearer, json={"reason": "x"})
    assert none.status_code == 404 and none.get_json()["error"]["code"] == "no_outcome"
    _job(app, world)
    other = client.post(url, headers={"Authorization": f"Bearer {world['tokens']['cw2']}"},
                        json={"reason": "x"})
    assert other.status_code == 403
    assert other.get_json()["error"]["code"] == "not_yours_to_void"
    blank = client.post(url, headers=bearer, json={"reason": " "})
    assert blank.status_code == 422 and "reason" in blank.get_json()["error"]["fields"]
    done = client.post(url, headers=bearer, json={"reason": "entered twice"})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["void_reason"] == "entered twice" and done.get_json()["voided_at"]
    again = client.post(url, headers=bearer, json={"reason": "entered twice"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_void"
