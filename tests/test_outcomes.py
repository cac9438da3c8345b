import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.domain.dates import add_months
from caseworker.extensions import db
from caseworker.models import FollowUp, Person, Referral, RegistrationEpisode
from tests import factories as f
from tests.conftest import csrf_from, login

START = add_months(clock.today(), -7)


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of("430000000")
        person = f.person(kz[0], status="active")
        db.session.add(RegistrationEpisode(person_id=person.id, registered_on=date(2025, 1, 1)))
        referral = Referral(person_id=person.id, measure_code="public_works", status="started",
                            proposed_on=date(2025, 2, 1), status_on=date(2025, 2, 1), verdict={})
        db.session.add(referral)
        f.user("cw", "caseworker", kz[0])
        f.user("cw.other", "caseworker", kz[1])
        db.session.commit()
        return {"person": person.id, "referral": referral.id}


def test_job_outcome_employs_closes_the_episode_and_plans_checks(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    page = client.get(url).get_data(as_text=True)
    client.post(url + "/outcome", data={"csrf_token": csrf_from(page), "kind": "permanent_job",
                                        "employer": "ТОО «Сыр»", "start_on": START.isoformat(),
                                        "wage_kzt": "180000"})
    with app.app_context():
        person = db.session.get(Person, world["person"])
        assert person.status == "employed"
        episode = db.session.scalar(select(RegistrationEpisode))
        assert episode.deregistered_on == START and episode.reason == "placed"
        dues = db.session.scalars(select(FollowUp.due_on).order_by(FollowUp.months)).all()
        assert dues == [add_months(START, m) for m in (3, 6, 12)]
    listing = client.get("/follow-ups").get_data(as_text=True)
    assert "<td>3 months</td>" in listing and "<td>6 months</td>" in listing
    assert "<td>12 months</td>" not in listing
    ids = re.findall(r' id="([^"]+)"', listing)
    assert len(ids) == len(set(ids)) and 'for="on-' in listing  # each row's labels its own
    login(client, "cw.other")
    assert "ТОО «Сыр»" not in client.get("/follow-ups").get_data(as_text=True)


def test_follow_up_could_not_verify(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    page = client.get(url).get_data(as_text=True)
    client.post(url + "/outcome", data={"csrf_token": csrf_from(page), "kind": "temporary_job",
                                        "start_on": START.isoformat()})
    with app.app_context():
        first = db.session.scalar(select(FollowUp).where(FollowUp.months == 3)).id
    page = client.get("/follow-ups").get_data(as_text=True)
    early = client.post(f"/follow-ups/{first}", data={
        "csrf_token": csrf_from(page), "still_employed": "yes", "source": "employer",
        "on": (START - timedelta(days=1)).isoformat(), "back": "list"}, follow_redirects=True)
    assert "cannot be earlier than the job began" in early.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(FollowUp, first).checked_on is None
    client.post(f"/follow-ups/{first}", data={"csrf_token": csrf_from(page),
                                              "still_employed": "yes",
                                              "source": "could_not_verify",
                                              "on": clock.today().isoformat(), "back": "list"})
    with app.app_context():
        check = db.session.get(FollowUp, first)
        assert check.source == "could_not_verify" and check.still_employed is None
    # a second check of the same follow-up is refused
    again = client.post(f"/follow-ups/{first}", data={
        "csrf_token": csrf_from(page), "still_employed": "no", "source": "employer",
        "on": clock.today().isoformat()})
    assert again.status_code == 409


def test_outcome_needs_a_referred_person(app, client, world):
    with app.app_context():
        db.session.get(Referral, world["referral"]).status = "proposed"
        db.session.commit()
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    page = client.get(url).get_data(as_text=True)
    response = client.post(url + "/outcome", data={"csrf_token": csrf_from(page),
                                                   "kind": "permanent_job",
                                                   "start_on": START.isoformat()})
    assert response.status_code == 409


def test_an_outcome_before_the_referral_is_refused_and_only_a_job_is_followed_up(
        app, client, world):
    from caseworker.models import Outcome
    with app.app_context():
        referral = db.session.get(Referral, world["referral"])
        proposed = referral.proposed_on
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    page = client.get(url).get_data(as_text=True)
    early = client.post(url + "/outcome", data={
        "csrf_token": csrf_from(page), "kind": "permanent_job", "start_on": "0001-01-01"},
        follow_redirects=True)
    assert "before the referral was made" in early.get_data(as_text=True)
    client.post(url + "/outcome", data={"csrf_token": csrf_from(page), "kind": "not_employed",
                                        "start_on": proposed.isoformat()})
    with app.app_context():
        assert db.session.scalar(select(Outcome.kind)) == "not_employed"
        assert db.session.scalar(select(func.count(FollowUp.id))) == 0
