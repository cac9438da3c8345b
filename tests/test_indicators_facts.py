"""Counting rules on hand-built referrals: which date puts an event into a period, which
statuses count, how repeats count, and what a cancellation undoes."""
from datetime import date, datetime

import pytest

from caseworker.extensions import db
from caseworker.indicators import queries, tables
from caseworker.indicators.definitions import BY_CODE
from caseworker.models import (
    Allocation, Outcome, Payment, Person, ProjectProgress, ReferralEvent, Vacancy)
from caseworker.payments.queries import paid_by
from tests import factories as f

KYZYLORDA, SHYMKENT = "430000000", "790000000"
YEAR = 2025


def outcome(r, kind, start_on):
    db.session.add(Outcome(referral_id=r.id, kind=kind, start_on=start_on))
    db.session.flush()


def d(month, day, year=YEAR):
    return date(year, month, day)


def region_facts(year, as_of, kato=KYZYLORDA):
    found = tables.facts(queries.Period(year, as_of), Person.region_id)
    return {code: value for code, (value, _) in found.get(f.region(kato).id, {}).items()}


@pytest.fixture
def people(ctx):
    kz = f.districts_of(KYZYLORDA)
    return {name: f.person(kz[0] if name != "other" else kz[1], last=name.capitalize())
            for name in ("repeat", "newyear", "eve", "late", "cancelled", "proposed",
                         "declined", "other")}


def test_coverage_counts_a_person_once_by_the_date_of_the_first_step(people):
    p = people
    f.referral(p["repeat"], "public_works", [("proposed", d(2, 20)), ("referred", d(3, 1)),
                                           ("started", d(4, 1))])
    f.referral(p["repeat"], "short_training", [("proposed", d(4, 20)), ("referred", d(5, 1))])
    f.referral(p["newyear"], "public_works", [("proposed", d(12, 20, 2024)), ("referred", d(1, 1))])
    f.referral(p["eve"], "public_works", [("proposed", d(12, 1, 2024)), ("referred", d(12, 31, 2024))])
    f.referral(p["late"], "public_works", [("proposed", d(6, 1)), ("referred", d(6, 10))])
    f.referral(p["cancelled"], "public_works", [("proposed", d(2, 1)), ("referred", d(2, 2)),
                                              ("cancelled", d(2, 5))])
    f.referral(p["proposed"], "public_works", [("proposed", d(2, 1))])
    f.referral(p["declined"], "public_works", [("proposed", d(2, 1)), ("referred", d(2, 2)),
                                             ("declined", d(2, 9))])
    f.referral(p["other"], "youth_practice", [("proposed", d(3, 1)), ("referred", d(3, 2))])

    # repeat (once, for two referrals), newyear (1 January), declined, other district, late
    assert region_facts(YEAR, d(12, 31))["coverage"] == 5
    # the event on the report date counts; the one a day later does not
    assert region_facts(YEAR, d(6, 10))["coverage"] == 5
    assert region_facts(YEAR, d(6, 9))["coverage"] == 4
    # 31 December belongs to the year before
    assert region_facts(2024, d(12, 31, 2024))["coverage"] == 1
    # before its cancellation on 5 February, the cancelled referral counted
    assert region_facts(YEAR, d(2, 4))["coverage"] == 3  # newyear, cancelled, declined
    assert region_facts(YEAR, d(2, 5))["coverage"] == 2


def test_measure_indicators_count_started_referrals(people):
    p = people
    f.referral(p["repeat"], "state_grant", [("proposed", d(1, 10)), ("approved", d(1, 20)),
                                          ("referred", d(2, 1)), ("started", d(3, 1))])
    f.referral(p["eve"], "state_grant", [("proposed", d(1, 10)), ("approved", d(1, 20)),
                                       ("referred", d(2, 1))])
    f.referral(p["late"], "microcredit", [("proposed", d(1, 10)), ("referred", d(2, 1)),
                                        ("started", d(2, 15))])
    f.referral(p["late"], "public_works", [("proposed", d(1, 10)), ("referred", d(2, 1)),
                                         ("started", d(2, 15)), ("completed", d(5, 15))])
    f.referral(p["newyear"], "public_works", [("proposed", d(1, 10)), ("referred", d(2, 1)),
                                            ("started", d(2, 15)), ("declined", d(3, 1))])
    f.referral(p["declined"], "short_training", [("proposed", d(1, 10)), ("referred", d(2, 1)),
                                               ("started", d(2, 15)), ("completed", d(4, 30))])
    f.referral(p["other"], "bastau_business", [("proposed", d(1, 10)), ("referred", d(2, 1)),
                                              ("started", d(2, 15))])
    facts = region_facts(YEAR, d(12, 31))
    assert facts["state_grants"] == 1
    assert facts["microcredits"] == 1
    assert facts["public_works"] == 2  # a person who started and later declined did start
    assert facts["training_completed"] == 1
    assert facts["youth_practice"] == facts["social_jobs"] == facts["resettled"] == 0
    assert region_facts(YEAR, d(4, 29))["training_completed"] == 0


def test_employment_counts_outcomes_by_the_date_the_job_began(people):
    p = people
    first = f.referral(p["repeat"], "job_placement", [("proposed", d(1, 5)), ("referred", d(1, 6)),
                                                    ("completed", d(1, 30))])
    second = f.referral(p["repeat"], "public_works", [("proposed", d(1, 5)), ("referred", d(1, 6)),
                                                    ("started", d(1, 7))])
    outcome(first, "permanent_job", d(2, 1))
    outcome(second, "temporary_job", d(1, 8))
    outcome(f.referral(p["eve"], "job_placement", [("proposed", d(12, 1, 2024)),
                                                 ("referred", d(12, 2, 2024))]),
            "permanent_job", d(12, 31, 2024))
    outcome(f.referral(p["late"], "job_placement", [("proposed", d(3, 1)), ("referred", d(3, 2))]),
            "business_opened", d(7, 1))
    outcome(f.referral(p["declined"], "job_placement", [("proposed", d(3, 1)),
                                                      ("referred", d(3, 2))]),
            "not_employed", d(3, 5))
    gone = f.referral(p["cancelled"], "job_placement", [("proposed", d(3, 1)),
                                                      ("referred", d(3, 2))])
    outcome(gone, "permanent_job", d(3, 10))
    db.session.add(ReferralEvent(referral_id=gone.id, from_status="referred",
                                 to_status="cancelled", happened_on=d(4, 1),
                                 recorded_at=datetime(2026, 2, 1)))
    db.session.flush()

    facts = region_facts(YEAR, d(12, 31))
    assert facts["employed"] == 2  # repeat (two jobs, once) and late; not the cancelled one
    assert facts["permanent_jobs"] == 1
    # on 31 March the job of the referral cancelled on 1 April still counted
    march = region_facts(YEAR, d(3, 31))
    assert (march["employed"], march["permanent_jobs"]) == (2, 2)
    assert region_facts(YEAR, d(6, 30))["employed"] == 1
    assert region_facts(2024, d(12, 31, 2024))["permanent_jobs"] == 1


def test_funds_committed_sums_amounts_of_the_years_allocation(people):
    p = people
    region = f.region(KYZYLORDA)
    this_year = Allocation(measure_code="public_works", region_id=region.id, year=YEAR,
                           places=10, funds_kzt=10_000)
    last_year = Allocation(measure_code="public_works", region_id=region.id, year=YEAR - 1,
                           places=10, funds_kzt=10_000)
    db.session.add_all([this_year, last_year])
    db.session.flush()
    f.referral(p["repeat"], "public_works", [("proposed", d(3, 1)), ("referred", d(3, 2))],
             this_year, 1_000)
    f.referral(p["late"], "public_works", [("proposed", d(3, 1)), ("referred", d(8, 2))],
             this_year, 500)
    f.referral(p["declined"], "public_works", [("proposed", d(3, 1)), ("referred", d(3, 2)),
                                             ("declined", d(5, 1))], this_year, 700)
    f.referral(p["proposed"], "public_works", [("proposed", d(3, 1))], this_year, 300)
    f.referral(p["eve"], "public_works", [("proposed", d(3, 1)), ("referred", d(3, 2))],
             last_year, 900)
    assert region_facts(YEAR, d(12, 31))["funds_committed"] == 1_500
    assert region_facts(YEAR, d(4, 30))["funds_committed"] == 1_700
    found = tables.facts(queries.Period(YEAR, d(12, 31)), Person.region_id)
    assert found[region.id]["funds_committed"] == (1_500, 2)  # the amount, on two referrals


def test_funds_used_are_the_payments_paid_by_the_report_date_where_they_were_paid(people):
    p = people
    kz = f.districts_of(KYZYLORDA)
    made = f.referral(p["repeat"], "state_grant", [("proposed", d(2, 1)), ("referred", d(2, 2))],
                      amount=900_000)

    def pay(amount, on, district, reverses=None):
        paid = Payment(referral_id=made.id, kind="grant", amount_kzt=amount, paid_on=on,
                       measure_code="state_grant", region_id=district.region_id,
                       district_id=district.id, reverses_id=reverses,
                       reason="entered twice" if reverses else None)
        db.session.add(paid)
        db.session.flush()
        return paid
    first = pay(900_000, d(3, 10), kz[0])
    pay(-900_000, d(4, 1), kz[0], reverses=first.id)  # reversed, then paid again elsewhere
    pay(900_000, d(4, 20), kz[1])
    pay(100, d(12, 31, YEAR - 1), kz[0])  # last year's: not this year's
    assert region_facts(YEAR, d(3, 31))["funds_used"] == 900_000
    assert region_facts(YEAR, d(4, 10))["funds_used"] == 0
    assert region_facts(YEAR, d(12, 31))["funds_used"] == 900_000
    assert region_facts(YEAR, d(12, 31))["funds_used"] == paid_by(
        d(12, 31), region_id=kz[0].region_id, since=d(1, 1))
    by_district = tables.facts(queries.Period(YEAR, d(12, 31)), Person.district_id)
    assert by_district[kz[0].id]["funds_used"] == (0, 2)  # paid and reversed there
    assert by_district[kz[1].id]["funds_used"] == (900_000, 1)
    trend = db.session.execute(queries.trend(
        BY_CODE["funds_used"], queries.Period(YEAR, d(12, 31)), [d(3, 31), d(4, 30)])).one()
    assert tuple(trend) == (900_000, 900_000)


def test_facts_by_district_and_the_referrals_behind_a_figure(people):
    p = people
    for name in ("repeat", "late", "other"):
        f.referral(p[name], "public_works", [("proposed", d(3, 1)), ("referred", d(3, 2))])
    f.referral(p["repeat"], "youth_practice", [("proposed", d(3, 1)), ("referred", d(3, 5))])
    kz = f.districts_of(KYZYLORDA)
    per = queries.Period(YEAR, d(12, 31))
    by_district = tables.facts(per, Person.district_id, Person.region_id == kz[0].region_id)
    assert by_district[kz[0].id]["coverage"] == (2, 2)
    assert by_district[kz[1].id]["coverage"] == (1, 1)

    officer = f.user("ro", "regional_officer", region_kato=KYZYLORDA)
    caseworker = f.user("cw", "caseworker", kz[1])
    stranger = f.user("ro.sh", "regional_officer", region_kato=SHYMKENT)
    analyst = f.user("an", "analyst")
    coverage = BY_CODE["coverage"]
    rows = db.session.execute(queries.behind(coverage, per, officer, region_id=kz[0].region_id)).all()
    assert sorted(r.Person.last_name for r in rows) == ["Late", "Other", "Repeat", "Repeat"]
    assert {r.counted_on for r in rows if r.Person.last_name == "Repeat"} == {d(3, 2), d(3, 5)}
    rows = db.session.execute(queries.behind(coverage, per, caseworker,
                                             region_id=kz[0].region_id)).all()
    assert [r.Person.last_name for r in rows] == ["Other"]
    for user in (stranger, analyst):
        assert db.session.execute(queries.behind(coverage, per, user)).all() == []


def test_no_python_loop_over_persons_the_facts_are_three_statements(people, app):
    """Referral events, outcomes, payments, projects and vacancies: one statement each."""
    from sqlalchemy import event
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        for name in ("repeat", "late", "other"):
            f.referral(people[name], "public_works", [("proposed", d(3, 1)), ("referred", d(3, 2))])
        statements.clear()
        tables.facts(queries.Period(YEAR, d(12, 31)), Person.region_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 5
    assert "2025-12-31" not in " ".join(statements)  # the cut-off is a bound parameter


def test_the_trend_in_one_statement_equals_the_facts_month_by_month(people):
    p = people
    region = f.region(KYZYLORDA)
    funds = Allocation(measure_code="public_works", region_id=region.id, year=YEAR, places=9,
                       funds_kzt=9_000)
    db.session.add(funds)
    db.session.flush()
    f.referral(p["repeat"], "public_works", [("proposed", d(1, 20)), ("referred", d(2, 1)),
                                           ("started", d(3, 3))], funds, 100)
    f.referral(p["repeat"], "short_training", [("proposed", d(2, 20)), ("referred", d(3, 1)),
                                             ("started", d(3, 5)), ("completed", d(5, 9))])
    f.referral(p["cancelled"], "public_works", [("proposed", d(1, 2)), ("referred", d(1, 3)),
                                              ("cancelled", d(4, 5))], funds, 300)
    f.referral(p["declined"], "public_works", [("proposed", d(1, 2)), ("referred", d(1, 3)),
                                             ("started", d(2, 5)), ("declined", d(3, 9))],
             funds, 500)
    gone = f.referral(p["late"], "job_placement", [("proposed", d(1, 2)), ("referred", d(1, 3)),
                                                 ("cancelled", d(4, 20))])
    outcome(gone, "permanent_job", d(2, 14))
    outcome(f.referral(p["other"], "job_placement", [("proposed", d(1, 2)),
                                                   ("referred", d(1, 3))]),
            "temporary_job", d(3, 30))
    period = queries.Period(YEAR, d(6, 15))
    ends = [d(1, 31), d(2, 28), d(3, 31), d(4, 30), d(5, 31), d(6, 15)]
    for ind in BY_CODE.values():
        column = {"projects": ProjectProgress.region_id,
                  "vacancies": Vacancy.region_id}.get(ind.basis, Person.region_id)
        row = db.session.execute(queries.trend(ind, period, ends, column == region.id)).one()
        expected = [region_facts(YEAR, end).get(ind.code, 0) for end in ends]
        assert [int(v or 0) for v in row] == expected, ind.code
