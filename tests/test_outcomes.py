"""What came of a referral, and the checks 3, 6 and 12 months later: the operations' rules by
code, and the pages that record them."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.calendar.queries import work_calendar
from caseworker.domain.dates import add_months
from caseworker.domain.workdays import on_or_after
from caseworker.extensions import db
from caseworker.models import (
    AuditEvent, FieldChange, FollowUp, Outcome, Person, Referral, RegistrationEpisode, User)
from caseworker.referrals import outcomes
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.referrals.conftest import refused

TODAY = clock.today()
START = add_months(TODAY, -7)
PROPOSED = date(2025, 2, 1)


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of("430000000")
        person = f.registered_person(kz[0])
        referral = Referral(person_id=person.id, measure_code="public_works", status="started",
                            proposed_on=PROPOSED, status_on=PROPOSED, verdict={})
        db.session.add(referral)
        cw = f.user("cw", "caseworker", kz[0])
        f.user("cw.other", "caseworker", kz[1])
        db.session.commit()
        return {"person": person.id, "referral": referral.id, "cw": cw.id}


@pytest.fixture
def at(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield {"referral": db.session.get(Referral, world["referral"]),
               "cw": db.session.get(User, world["cw"])}
        db.session.rollback()


def record(at, **kw) -> Outcome:
    return outcomes.record_outcome(at["referral"], at["cw"],
                                   **{"kind": "permanent_job", "start_on": START, **kw})


# --- the operations --------------------------------------------------------------------------

def test_a_job_employs_closes_the_episode_and_plans_the_checks(at):
    outcome = record(at, employer=" ТОО «Сыр» ", wage_kzt=180000)
    person = at["referral"].person
    assert outcome.employer == "ТОО «Сыр»" and person.status == "employed"
    episode = db.session.scalar(select(RegistrationEpisode))
    assert (episode.deregistered_on, episode.reason) == (START, "placed")
    # at 3, 6 and 12 months; one due on a day off is due on the next working day
    assert [fu.due_on for fu in outcome.follow_ups] == [
        on_or_after(add_months(START, m), work_calendar(START, add_months(START, 13)))
        for m in (3, 6, 12)]
    assert db.session.scalar(select(FieldChange.new)) == "employed"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.record_id == str(at["referral"].id))) == "outcome.record"


def test_only_a_job_is_followed_up(at):
    outcome = record(at, kind="not_employed", start_on=PROPOSED)
    assert outcome.follow_ups == [] and at["referral"].person.status == "active"


def test_an_outcome_is_recorded_once(at):
    record(at)
    refused("outcome_recorded", record, at)


@pytest.mark.parametrize("status", ["proposed", "approved", "declined", "cancelled"])
def test_an_outcome_needs_a_referred_person(at, status):
    at["referral"].status = status
    refused("not_referred", record, at)


def test_what_the_outcome_says_is_checked(at):
    assert refused("validation_error", record, at, kind="lottery_win").field == "kind"
    future = refused("future", record, at, start_on=TODAY + timedelta(days=1))
    assert future.field == "start_on"
    early = refused("before_referral", record, at, start_on=PROPOSED - timedelta(days=1))
    assert early.field == "start_on" and "01.02.2025" in str(early)
    assert db.session.scalar(select(func.count(Outcome.id))) == 0


def test_a_follow_up_check_is_recorded_once(at):
    first = record(at).follow_ups[0]
    outcomes.check_follow_up(first, at["cw"], still_employed=True, source="employer", on=TODAY)
    assert (first.checked_on, first.still_employed, first.checked_by_id) == (
        TODAY, True, at["cw"].id)
    refused("already_checked", outcomes.check_follow_up, first, at["cw"], still_employed=False,
            source="employer", on=TODAY)


def test_could_not_verify_records_no_answer(at):
    first = record(at).follow_ups[0]
    outcomes.check_follow_up(first, at["cw"], still_employed=True, source="could_not_verify",
                             on=TODAY)
    assert first.source == "could_not_verify" and first.still_employed is None


def test_what_a_check_says_is_checked(at):
    first = record(at).follow_ups[0]
    check = outcomes.check_follow_up
    assert refused("validation_error", check, first, at["cw"], still_employed=True,
                   source="a_dream", on=TODAY).field == "source"
    assert refused("future", check, first, at["cw"], still_employed=True, source="record",
                   on=TODAY + timedelta(days=1)).field == "on"
    early = refused("before_job", check, first, at["cw"], still_employed=True, source="record",
                    on=START - timedelta(days=1))
    assert early.field == "on" and START.strftime("%d.%m.%Y") in str(early)
    assert first.checked_on is None


# --- the pages -------------------------------------------------------------------------------

def _outcome(client, url, **data):
    page = client.get(url).get_data(as_text=True)
    return client.post(url + "/outcome", data={"csrf_token": csrf_from(page), "confirm": "y",
                                               **data}, follow_redirects=True)


def test_the_page_records_a_job_and_lists_its_checks(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    done = _outcome(client, url, kind="permanent_job", employer="ТОО «Сыр»",
                    start_on=START.isoformat(), wage_kzt="180000")
    assert "follow-up checks are planned at 3, 6 and 12 months" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Person, world["person"]).status == "employed"
    listing = client.get("/follow-ups").get_data(as_text=True)
    assert '<td data-label="Check">3 months</td>' in listing
    assert '<td data-label="Check">6 months</td>' in listing
    assert '<td data-label="Check">12 months</td>' not in listing
    ids = re.findall(r' id="([^"]+)"', listing)
    assert len(ids) == len(set(ids)) and 'for="on-' in listing  # each row's labels its own
    login(client, "cw.other")
    assert "ТОО «Сыр»" not in client.get("/follow-ups").get_data(as_text=True)


def test_the_page_says_why_an_outcome_is_refused(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    early = _outcome(client, url, kind="permanent_job", start_on="2000-01-01")
    assert "This is before the referral was made (01.02.2025)" in early.get_data(as_text=True)
    with app.app_context():
        db.session.get(Referral, world["referral"]).status = "proposed"
        db.session.commit()
    refused_ = _outcome(client, url, kind="permanent_job", start_on=START.isoformat())
    assert "An outcome is recorded once the person has been referred" in refused_.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Outcome.id))) == 0


def test_the_page_records_a_check_once(app, client, world):
    login(client, "cw")
    url = f"/referrals/{world['referral']}"
    _outcome(client, url, kind="temporary_job", start_on=START.isoformat())
    with app.app_context():
        first = db.session.scalar(select(FollowUp).where(FollowUp.months == 3)).id
    page = client.get("/follow-ups").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "still_employed": "yes", "back": "list"}
    early = client.post(f"/follow-ups/{first}", data={
        **form, "source": "employer", "on": (START - timedelta(days=1)).isoformat()},
        follow_redirects=True)
    assert "cannot be earlier than the job began" in early.get_data(as_text=True)
    done = client.post(f"/follow-ups/{first}", data={
        **form, "source": "could_not_verify", "on": TODAY.isoformat()}, follow_redirects=True)
    assert "The check is recorded" in done.get_data(as_text=True)
    again = client.post(f"/follow-ups/{first}", data={
        **form, "source": "employer", "on": TODAY.isoformat(), "back": ""},
        follow_redirects=True)
    assert "This check is already recorded" in again.get_data(as_text=True)
    with app.app_context():
        check = db.session.get(FollowUp, first)
        assert check.source == "could_not_verify" and check.still_employed is None
