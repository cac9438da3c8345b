"""Response times of the organisations: counted in working days from the day the person was
sent to the day of the answer (a caseworker's entry or the organisation's own), on the
organisation's page and in the list of those that keep people waiting, over the persons the
user sees; read in statements that do not grow with the referrals."""
from __future__ import annotations

import re
from datetime import timedelta

from caseworker.calendar.queries import work_calendar
from caseworker.domain.workdays import add_working_days
from caseworker.extensions import db
from caseworker.models import Referral, User
from caseworker.partners import pages
from caseworker.referrals import operations
from tests.conftest import login, statements_of
from tests.partners.conftest import TODAY, referred, text


def _answer(app, world, referral_id, to, working_days, reason=None):
    """Move the referral on `working_days` working days after the day it was sent."""
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        on = add_working_days(referral.status_on, working_days,
                              work_calendar(referral.status_on, TODAY))
        operations.transition(referral, to, on, db.session.get(User, world["cw"]), reason)
        db.session.commit()


def _world(app, world):
    """Six persons sent 40 days ago: answered after 2, 3, 5 and 20 working days, two not."""
    ids = referred(app, world, count=6, days_ago=40)
    for referral_id, days in zip(ids, (2, 3, 5)):
        _answer(app, world, referral_id, "started", days)
    _answer(app, world, ids[3], "declined", 20, reason="did_not_come")
    return ids


def test_an_organisations_figures_in_working_days(app, world):
    _world(app, world)
    with app.test_request_context():
        user = db.session.get(User, world["sv"])
        figures = pages.responses(user, TODAY)[world["provider"]]
        other = pages.responses(db.session.get(User, world["cw"]), TODAY)
        lines = [n for _text, n in figures.outcome_lines()]
    assert (figures.received, figures.times.answered, figures.waiting) == (6, 4, 2)
    assert (figures.times.median, figures.times.p90, figures.times.within) == (3, 20, 3)
    assert figures.outcomes == {("started", None, None): 3,
                                ("declined", "did_not_come", None): 1}
    assert lines == [3, 1]  # hired first
    assert other[world["provider"]].received == 6  # the caseworker's district: the same


def test_another_districts_supervisor_sees_none_of_it(app, world):
    _world(app, world)
    with app.test_request_context():
        assert pages.responses(db.session.get(User, world["sv"]), TODAY)
        from sqlalchemy import select
        other = db.session.scalar(select(User).where(User.login == "sv.other"))
        assert pages.responses(other, TODAY) == {}


def test_the_pages_show_them_and_link_the_organisation(app, client, world):
    _world(app, world)
    login(client, "sv")
    with statements_of(app) as few:
        listed = client.get("/organisations/waiting")
    assert listed.status_code == 200
    page = text(listed)
    assert f"/organisations/{world['provider']}/responses" in page and "Арал Балық" in page
    shown = text(client.get(f"/organisations/{world['provider']}/responses"))
    assert "Working days to answer: median" in shown and "75 %" in shown
    assert len(re.findall(r'href="/referrals/\d+"', shown)) == 2  # the two waiting, to act on
    edit = text(client.get(f"/organisations/{world['provider']}"))
    assert "Answers to referrals" in edit  # the include on the organisation's page
    referred(app, world, count=5, days_ago=30)
    with statements_of(app) as more:
        client.get("/organisations/waiting")
    assert len(more) == len(few)


def test_the_waiting_flag_and_the_figures_share_one_term(app, world):
    with app.test_request_context():
        assert pages.term() == app.config["PROVIDER_WAIT_DAYS"] == 14
