"""The labour exchange's indicators: a referral made from an accepted offer counts as a
vacancy filled when the person starts, and its job outcome as a placement through a vacancy;
the summary and the figures counted from the events agree."""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.indicators import queries, summary
from caseworker.models import Offer, Person, Referral, User
from caseworker.offers import operations
from caseworker.referrals import outcomes
from caseworker.referrals.operations import transition
from tests.offers_world import offers_world  # noqa: F401


def _facts(region_id: int, codes) -> tuple[dict, dict]:
    period = queries.Period(clock.today().year, clock.today())
    kept = summary.facts(period).get(region_id, {})
    counted = {}
    for stmt in queries.fact_selects(period, Person.region_id):
        for row in db.session.execute(stmt):
            if row.key == region_id:
                counted |= {c: (row._mapping[c], row._mapping[c + "__units"])
                            for c in codes if c in row._mapping}
    return ({c: kept.get(c, (0, 0)) for c in codes},
            {c: counted.get(c, (0, 0)) for c in codes})


def test_a_job_from_an_offer_counts_as_filled_and_placed(app, offers_world):
    w, today, codes = offers_world, clock.today(), ("vacancies_filled", "vacancy_placements")
    with app.app_context():
        worker = db.session.get(User, w["ids"]["cw"])
        person = db.session.get(Person, w["second"])
        offer = operations.make_offer(person, w["shop"], worker, on=today)
        operations.answer(offer, "accepted", worker, on=today)
        referral = db.session.get(Referral, offer.referral_id)
        assert referral.vacancy_id == w["shop"]
        transition(referral, "started", today, worker)
        outcomes.record_outcome(referral, worker, kind="permanent_job", start_on=today)
        db.session.commit()
        kept, counted = _facts(person.region_id, codes)
        assert kept == counted == {"vacancies_filled": (1, 1), "vacancy_placements": (1, 1)}
        # a referral not made from an offer counts in neither
        assert db.session.scalar(select(Offer.id).where(Offer.referral_id == referral.id))


def test_vacancies_registered_count_by_their_opening_day_until_cancelled(app, offers_world):
    w, today, code = offers_world, clock.today(), ("vacancies_registered",)
    with app.app_context():
        from caseworker.models import Vacancy
        shop = db.session.get(Vacancy, w["shop"])
        region = shop.region_id
        opened = db.session.scalar(select(func.count()).select_from(Vacancy).where(
            Vacancy.region_id == region, Vacancy.opened_on >= today.replace(month=1, day=1)))
        kept, counted = _facts(region, code)
        assert kept == counted == {"vacancies_registered": (opened, opened)}
        shop.status, shop.status_on = "cancelled", today
        db.session.commit()
        kept, counted = _facts(region, code)
        assert kept == counted == {"vacancies_registered": (opened - 1, opened - 1)}
        assert queries.vacancy_facts(queries.Period(today.year, today), Person.caseworker_id) \
            is None  # no person behind a vacancy
