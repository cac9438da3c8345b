"""The national-scale demo history (`demo.history`), on a few hundred persons: the rows keep
the rules the app's operations keep, the ORM reads them back, and the app goes on from them."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import demo
from caseworker.demo import history
from caseworker.domain.names import fold_key, order_key
from caseworker.domain.phones import normalise
from caseworker.domain.workflow import refusal
from caseworker.extensions import db
from caseworker.models import (
    Allocation, FollowUp, Interaction, Letter, LetterCounter, Measure, Outcome, Person, Referral,
    ReferralEvent, User)
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.outcome import JOB_KINDS
from caseworker.models.referral import OPEN_STATUSES
from tests.conftest import TODAY

PERSONS = 300


@pytest.fixture
def national(app, monkeypatch):
    """A demo built the way a national one is: every district staffed, history in bulk (on
    PostgreSQL made by several processes, `demo.parts`)."""
    monkeypatch.setattr(history, "BULK_FROM", 1)
    monkeypatch.setattr(history, "PARALLEL_FROM", 1)
    monkeypatch.setattr(history, "CHUNK", 70)  # several chunks
    with app.app_context():
        teams = demo.staff_districts(demo.create_users(), PERSONS * 400)
        demo.add_persons(PERSONS, TODAY, teams)
        made = demo.add_casework(TODAY)
        db.session.commit()
        assert made == db.session.scalar(select(func.count(Referral.id))) > PERSONS
    return app


def test_every_person_has_a_caseworker_of_their_district(national):
    with national.app_context():
        rows = db.session.execute(select(Person.district_id, User.district_id)
                                  .join(User, User.id == Person.caseworker_id)).all()
        assert len(rows) == PERSONS and all(a == b for a, b in rows)


def test_demo_phones_and_name_keys_are_written_as_the_app_writes_them(national):
    with national.app_context():
        persons = db.session.execute(select(
            Person.phone, Person.name_search, Person.name_order, Person.name_fold)).all()
    assert all(normalise(p.phone) == p.phone for p in persons if p.phone)
    assert all(p.name_order == order_key(p.name_search) and p.name_fold == fold_key(
        p.name_search) for p in persons)


def test_about_two_referrals_and_ten_contacts_per_person(national):
    with national.app_context():
        referrals = db.session.scalar(select(func.count(Referral.id)))
        contacts = db.session.scalar(select(func.count(Interaction.id)))
    assert 1.6 < referrals / PERSONS < 2.3 and 9 < contacts / PERSONS < 11


def test_referrals_keep_the_workflow_rules(national):
    with national.app_context():
        open_pairs = Counter(db.session.execute(select(Referral.person_id, Referral.measure_code)
                                                .where(Referral.status.in_(OPEN_STATUSES))).all())
        assert max(open_pairs.values()) == 1
        events = defaultdict(list)
        for e in db.session.scalars(select(ReferralEvent).order_by(ReferralEvent.id)):
            events[e.referral_id].append(e)
        for referral in db.session.scalars(select(Referral)):
            trail = events[referral.id]
            assert trail[0].to_status == "proposed" and trail[-1].to_status == referral.status
            assert [e.happened_on for e in trail] == sorted(e.happened_on for e in trail)
            assert trail[-1].happened_on == referral.status_on <= TODAY
            for before, after in zip(trail, trail[1:]):
                assert after.from_status == before.to_status
                code = refusal(before.to_status, after.to_status,
                               needs_approval=referral.measure.needs_approval, may_approve=True,
                               happened_on=after.happened_on, previous_on=before.happened_on,
                               today=TODAY, reason=after.reason,
                               has_provider=referral.provider_id is not None)
                assert code is None, (f"referral {referral.id}: {before.to_status} -> "
                                      f"{after.to_status}: {code}")


def test_referrals_go_to_providers_of_the_region_that_deliver_the_measure(national):
    from caseworker.models import Provider
    from caseworker.models.provider import KINDS_FOR_MEASURE
    with national.app_context():
        rows = db.session.execute(
            select(Measure.kind, Provider, Provider.region_id, Person.region_id)
            .select_from(Referral).join(Measure).join(Person, Person.id == Referral.person_id)
            .outerjoin(Provider, Provider.id == Referral.provider_id)).all()
        named = [(m, p.kinds, region, home) for m, p, region, home in rows if p is not None]
    assert len(named) == len(rows)  # every measure has providers in every region
    assert all(set(kinds) & set(KINDS_FOR_MEASURE[measure]) and region == home
               for measure, kinds, region, home in named)


def test_referrals_are_of_measures_for_the_persons_age(national):
    with national.app_context():
        rows = db.session.execute(select(Measure.rules, Person.birth_date).select_from(Referral)
                                  .join(Measure).join(Person, Person.id == Referral.person_id)
                                  ).all()
    ages = [((TODAY - born).days * 4 // 1461, rules) for rules, born in rows]
    assert rows and all(rules.get("min_age", 0) <= age <= rules.get("max_age", 200)
                        for age, rules in ages)
    assert any(age > 35 for age, _ in ages) and any(age <= 35 for age, _ in ages)


def test_a_start_date_comes_after_the_letter(national):
    with national.app_context():
        rows = db.session.execute(select(Referral.start_on, func.min(Letter.issued_on))
                                  .join(Letter, Letter.referral_id == Referral.id)
                                  .group_by(Referral.id, Referral.start_on)).all()
    assert rows and all(start > issued for start, issued in rows)


def test_places_are_taken_only_while_the_allocation_has_some(national):
    with national.app_context():
        used = dict(db.session.execute(
            select(Referral.allocation_id, func.count()).where(
                Referral.status.in_(USING_STATUSES), Referral.allocation_id.is_not(None))
            .group_by(Referral.allocation_id)).all())
        for allocation in db.session.scalars(select(Allocation).where(
                Allocation.id.in_(used))):
            assert used[allocation.id] <= allocation.places
            assert allocation.year == TODAY.year


def test_letters_outcomes_and_follow_ups(national):
    with national.app_context():
        letters = db.session.scalars(select(Letter)).all()
        assert letters and len({x.number for x in letters}) == len({x.code for x in letters}) \
            == len(letters)
        counters = {(c.region_id, c.year): c.last for c in db.session.scalars(
            select(LetterCounter))}
        numbers = defaultdict(list)
        for letter in letters:
            region = letter.referral.person.region
            assert letter.number.startswith(region.kato[:2])
            numbers[(region.id, letter.issued_on.year)].append(
                int(letter.number.rsplit("-", 1)[1]))
        for key, seqs in numbers.items():  # in sequence, and the counter goes on from them
            assert sorted(seqs) == list(range(1, counters[key] + 1)), key
        completed = db.session.scalar(select(func.count(Referral.id)).where(
            Referral.status == "completed"))
        assert db.session.scalar(select(func.count(Outcome.id))) == completed
        jobs = db.session.scalar(select(func.count(Outcome.id)).where(
            Outcome.kind.in_(JOB_KINDS)))
        assert db.session.scalar(select(func.count(FollowUp.id))) == 3 * jobs  # a job only
        assert db.session.scalar(select(func.count(FollowUp.id)).where(
            FollowUp.checked_on > TODAY)) == 0


def test_the_app_goes_on_from_the_bulk_history(national, login_as):
    """Pages read the rows; new referrals and letters take the next ids and numbers."""
    with national.app_context():
        referral = db.session.scalar(select(Referral).join(Measure).where(
            Referral.status == "proposed", Measure.needs_approval.is_(False))
            .order_by(Referral.id).limit(1))
        person = referral.person
        worker = db.session.get(User, person.caseworker_id)
        before = db.session.scalar(select(func.max(Letter.id)))
    client = login_as(worker.login, demo.PASSWORD)
    assert client.get(f"/people/{person.id}").status_code == 200
    assert client.get("/").status_code == 200
    from caseworker.referrals import operations
    with national.app_context():
        referral = db.session.get(Referral, referral.id)
        worker = db.session.get(User, worker.id)
        letter = operations.transition(referral, "referred", TODAY, worker)
        db.session.commit()
        assert letter.id > before
        assert db.session.scalar(select(func.count(Letter.id)).where(
            Letter.number == letter.number)) == 1


def test_follow_ups_are_due_on_working_days_as_when_typed(national):
    from caseworker.calendar.queries import work_calendar
    from caseworker.domain.workdays import follow_up_days, is_working_day
    with national.app_context():
        rows = db.session.execute(select(FollowUp.months, FollowUp.due_on, Outcome.start_on)
                                  .join(Outcome, Outcome.id == FollowUp.outcome_id)).all()
        calendar = work_calendar(min(r.start_on for r in rows), max(r.due_on for r in rows))
        assert rows and all(is_working_day(r.due_on, calendar) for r in rows)
        assert all((r.months, r.due_on) in follow_up_days(r.start_on, (r.months,), calendar)
                   for r in rows)


def test_the_money_stays_within_every_allocation(national):
    """Open referrals commit, closed ones were paid: nothing left below zero, and each
    allocation's running totals are what its rows add up to."""
    from caseworker.payments import totals
    with national.app_context():
        counted = totals.counted()
        for allocation in db.session.scalars(select(Allocation)):
            committed, paid_open, paid_closed = counted[allocation.id]
            assert (allocation.committed_kzt, allocation.paid_open_kzt,
                    allocation.paid_closed_kzt) == (committed, paid_open, paid_closed)
            assert allocation.funds_kzt - committed - paid_closed >= 0, allocation.measure_code


def test_a_bulk_referral_draws_on_an_allocation_while_its_funds_last():
    from caseworker.demo.allocations import RegionFunds
    funds = object.__new__(RegionFunds)  # (only what `draw` reads)
    funds.today = TODAY
    funds.left = {("microcredit", 1): [7, 10, 400, 1000]}  # 10 places, 400 each, 1000 in all
    drawn = [funds.draw("microcredit", 1, TODAY, status)
             for status in ("proposed", "cancelled", "completed", "started", "referred")]
    # the proposed and the completed one take 800 (the completed a place too), the cancelled
    # one takes nothing; the started one finds 200 left
    assert drawn == [(7, 400), (7, 400), (7, 400), (None, None), (None, None)]
    assert funds.left[("microcredit", 1)] == [7, 9, 400, 200]


def test_the_summary_added_up_from_the_rows_matches_the_events(national):
    """The bulk build adds up the indicator summary from the rows it makes, and the
    operations after the history keep it current: it must say what the events say, at the
    report date and at every month's end of the year."""
    from caseworker.indicators.operations import summary_differences
    from caseworker.indicators.queries import Period
    with national.app_context():
        for month in range(1, TODAY.month):
            end = date(TODAY.year, month + 1, 1) - timedelta(days=1)
            assert summary_differences(Period(TODAY.year, end)) == [], end
        assert summary_differences(Period(TODAY.year, TODAY)) == []


def test_the_places_used_are_counted_again_once_referral_s_triggers_are_back(national):
    """The history is written with referral's triggers dropped: the places used that they
    keep (`measures.use`) are counted from its rows, and the operations after it kept them
    current."""
    from caseworker.measures import use
    with national.app_context():
        conn = db.session.connection()
        assert use.differences(conn) == [] and sum(use.kept(conn).values()) > 0
