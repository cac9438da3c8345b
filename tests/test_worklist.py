"""The work queue: what needs doing today, on the home page and beside the menu, each count
opening its list, counted in the user's scope only."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from caseworker import clock
from caseworker.casework import worklist
from caseworker.extensions import db
from caseworker.models import FollowUp, Outcome, TransferRequest
from tests import factories as f
from tests.conftest import login, statements_of

TODAY = clock.today()


@pytest.fixture
def world(app):
    with app.app_context():
        users = f.team()
        first, second = users["cw"].district, users["cw.other"].district
        mine = f.person(first, last="Свой", caseworker_id=users["cw"].id)
        theirs = f.person(second, last="Чужой", caseworker_id=users["cw.other"].id)
        for person in (mine, theirs):  # a microcredit (needs approval), proposed
            f.referral(person, "microcredit", [("proposed", TODAY - timedelta(days=2))])
            f.contact(person, users["cw"], next_action="позвонить",
                      due_on=TODAY - timedelta(days=1))
            done = f.referral(person, "public_works", [
                ("proposed", TODAY - timedelta(days=120)), ("referred", TODAY - timedelta(100)),
                ("started", TODAY - timedelta(days=95))])
            outcome = Outcome(referral_id=done.id, kind="permanent_job",
                              start_on=TODAY - timedelta(days=95))
            outcome.follow_ups = [FollowUp(months=3, due_on=TODAY - timedelta(days=3))]
            db.session.add(outcome)
        db.session.add(TransferRequest(person_id=mine.id, from_district_id=first.id,
                                       to_district_id=second.id,
                                       requested_by_id=users["cw.other"].id))
        db.session.commit()
        return {key: u.id for key, u in users.items()}


def test_a_supervisor_counts_what_waits_in_their_district_only(app, world):
    with app.app_context():
        sv = db.session.get(f.User, world["sv"])
        counts = worklist.counts(sv, TODAY)
    assert counts == {"approvals": 1, "transfers": 1, "follow_ups": 1, "overdue": 1,
                      "waiting": 0, "unpaid": 0, "partner_answers": 0,
                      "deregistrations": 0, "bank_unmatched": 0}


def test_a_caseworker_counts_their_own_caseload(app, world):
    with app.app_context():
        cw, cw2 = (db.session.get(f.User, world[k]) for k in ("cw", "cw2"))
        assert worklist.counts(cw, TODAY) == {"follow_ups": 1, "overdue": 1, "waiting": 0,
                                              "partner_answers": 0}
        assert worklist.counts(cw2, TODAY)["overdue"] == 0  # not their person


def test_the_supervisors_home_lists_each_count_with_the_list_it_opens(client, world):
    login(client, "sv")
    page = client.get("/").get_data(as_text=True)
    assert "To do today" in page or "Дела на сегодня" in page
    for url in ("/referrals/inbox", "/people/transfers", "/follow-ups", "/review"):
        assert f'href="{url}"' in page, url
    approvals = client.get("/referrals/inbox").get_data(as_text=True)
    assert "Свой" in approvals and "Чужой" not in approvals  # the count's one row
    menu = page[page.index('id="nav"'):page.index("</nav>")]
    assert re.search(r'/referrals/inbox">[^<]*<span class="badge[^>]*>1<', menu)


def test_the_menu_shows_the_count_to_a_caseworker(client, world):
    login(client, "cw")
    page = client.get("/measures/").get_data(as_text=True)
    menu = page[page.index('id="nav"'):page.index("</nav>")]
    assert re.search(r'href="/follow-ups">[^<]*<span class="badge[^>]*>1<', menu)
    assert re.search(r'href="/">[^<]*<span class="badge[^>]*>1<', menu)  # overdue


def test_the_approvals_inbox_pages_by_fifty_in_a_few_statements(app, client, world):
    """A district with hundreds of proposals waiting: one page of 50, the oldest first, read
    in a fixed number of statements (a person, measure and maker per row would be 150 more)."""
    with app.app_context():
        sv = db.session.get(f.User, world["sv"])
        district = sv.district
        for n in range(60):
            person = f.person(district, last=f"Ожидающий{n:02d}")
            f.referral(person, "microcredit", [("proposed", TODAY - timedelta(days=100 - n))])
        db.session.commit()
    login(client, "sv")
    with statements_of(app) as statements:
        first = client.get("/referrals/inbox").get_data(as_text=True)
    assert first.count('href="/referrals/') - first.count('href="/referrals/inbox') >= 50
    assert "Ожидающий00" in first and "Ожидающий59" not in first and "page=2" in first
    assert len(statements) <= 15, len(statements)
    second = client.get("/referrals/inbox?page=2").get_data(as_text=True)
    assert "Ожидающий59" in second
