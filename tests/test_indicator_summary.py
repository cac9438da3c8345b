"""The indicator summary: the tally's arithmetic on its own, and on generated histories the
summary kept by the session equals the figures computed from the events, at every report
date, by region and by district; a rebuild gives the same rows; a transfer moves the figures."""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.domain.tally import Ref, difference, payment_deltas, person_deltas, spans, union
from caseworker.extensions import db
from caseworker.indicators import charts, queries, summary
from caseworker.indicators.definitions import BY_CODE, INDICATORS
from caseworker.models import (
    Allocation, IndicatorDay, Outcome, Payment, Person, ProjectProgress, Referral, ReferralEvent,
    RoadmapProject, Vacancy)
from caseworker.indicators.operations import summary_differences
from tests import factories as f

D = date


def ref(*events, measure="public_works", amount=None, year=None, outcome=None):
    return Ref(measure, amount, year, tuple(events), outcome)


# --- the tally alone -----------------------------------------------------------------------

def test_a_referral_counts_from_its_first_counting_step_until_it_is_voided():
    coverage = BY_CODE["coverage"]
    r = ref(("proposed", D(2025, 2, 1)), ("referred", D(2025, 3, 1)),
            ("started", D(2025, 4, 1)), ("cancelled", D(2025, 5, 1)))
    assert spans(coverage, r) == [(2025, D(2025, 3, 1), D(2025, 5, 1))]
    # reached again in the next year: counts in that year too, from its first step there
    r = ref(("referred", D(2025, 12, 20)), ("started", D(2026, 1, 10)))
    assert spans(coverage, r) == [(2025, D(2025, 12, 20), None), (2026, D(2026, 1, 10), None)]


def test_a_span_voided_on_or_before_its_first_day_never_counts():
    coverage = BY_CODE["coverage"]
    assert spans(coverage, ref(("cancelled", D(2025, 3, 1)), ("referred", D(2025, 3, 5)))) == []
    assert spans(coverage, ref(("referred", D(2025, 3, 1)), ("cancelled", D(2025, 3, 1)))) == []


def test_funds_count_only_in_the_year_of_their_allocation_and_weigh_their_amount():
    funds = BY_CODE["funds_committed"]
    r = ref(("approved", D(2025, 3, 1)), ("declined", D(2025, 6, 1)), amount=700, year=2025)
    assert person_deltas([funds], [r]) == {("funds_committed", 2025, D(2025, 3, 1)): [700, 1],
                                           ("funds_committed", 2025, D(2025, 6, 1)): [-700, -1]}
    assert person_deltas([funds], [ref(("approved", D(2025, 3, 1)), year=2024)]) == {}


def test_funds_used_are_the_payments_by_the_day_each_was_paid():
    used = BY_CODE["funds_used"]
    assert person_deltas([used], [ref(("approved", D(2025, 3, 1)), amount=700, year=2025)]) == {}
    paid = [("state_grant", D(2025, 3, 5), 900), ("state_grant", D(2025, 3, 5), -900),
            ("youth_practice", D(2026, 1, 9), 400)]
    assert payment_deltas([used], paid) == {("funds_used", 2025, D(2025, 3, 5)): [0, 2],
                                            ("funds_used", 2026, D(2026, 1, 9)): [400, 1]}


def test_an_outcome_counts_from_the_first_day_of_the_job_until_a_cancellation():
    jobs = BY_CODE["permanent_jobs"]
    r = ref(("referred", D(2025, 1, 5)), ("cancelled", D(2025, 9, 1)),
            outcome=("permanent_job", D(2025, 2, 1)))
    assert spans(jobs, r) == [(2025, D(2025, 2, 1), D(2025, 9, 1))]
    assert spans(jobs, ref(outcome=("temporary_job", D(2025, 2, 1)))) == []
    early = ref(("cancelled", D(2024, 12, 1)), outcome=("permanent_job", D(2025, 2, 1)))
    assert spans(jobs, early) == []


def test_a_person_counts_once_over_the_union_of_their_spans():
    spans_ = [(2025, D(2025, 3, 1), D(2025, 5, 1)), (2025, D(2025, 4, 1), None),
              (2025, D(2025, 7, 1), D(2025, 8, 1)), (2026, D(2026, 1, 1), None)]
    assert union(spans_) == [(2025, D(2025, 3, 1), None), (2026, D(2026, 1, 1), None)]
    assert union([(2025, D(2025, 1, 1), D(2025, 2, 1)), (2025, D(2025, 2, 1), D(2025, 3, 1)),
                  (2025, D(2025, 5, 1), D(2026, 1, 2))]) == [
        (2025, D(2025, 1, 1), D(2025, 3, 1)), (2025, D(2025, 5, 1), D(2026, 1, 2))]
    two = [ref(("referred", D(2025, 3, 1))), ref(("referred", D(2025, 4, 1)))]
    assert person_deltas([BY_CODE["coverage"]], two) == {("coverage", 2025, D(2025, 3, 1)): [1, 1]}
    assert person_deltas([BY_CODE["public_works"]], [
        ref(("started", D(2025, 3, 1))), ref(("started", D(2025, 3, 1)))]) == {
        ("public_works", 2025, D(2025, 3, 1)): [2, 2]}


def test_roadmap_jobs_count_only_referrals_to_a_project():
    jobs = BY_CODE["roadmap_jobs"]
    started = (("referred", D(2025, 3, 1)), ("started", D(2025, 3, 9)))
    assert spans(jobs, Ref("public_works", None, None, started, None, True)) == [
        (2025, D(2025, 3, 9), None)]
    assert spans(jobs, Ref("public_works", None, None, started, None, False)) == []


def test_deltas_added_into_one_sum_equal_each_persons_deltas_added_up():
    """A bulk build adds many persons' deltas into one dict (`into`): the same sums, and a
    cell that came to nothing is at most a zero."""
    from caseworker.indicators.definitions import COUNTED
    rng, statuses = random.Random(3), ("proposed", "approved", "referred", "started",
                                       "completed", "rejected", "declined", "cancelled")
    persons = []
    for _ in range(300):
        refs = []
        for _ in range(rng.randrange(0, 4)):
            days = sorted(_random_day(rng) for _ in range(rng.randrange(1, 5)))
            events = tuple((rng.choice(statuses), day) for day in days)
            refs.append(Ref(rng.choice(("public_works", "state_grant", "short_training")),
                            rng.choice((None, 50_000)), rng.choice((None, 2025, 2026)), events,
                            (rng.choice(("permanent_job", "not_employed")), days[-1])
                            if rng.random() < 0.3 else None, rng.random() < 0.2))
        persons.append(refs)
    expected: dict = {}
    for refs in persons:
        for key, (value, units) in person_deltas(COUNTED, refs).items():
            cell = expected.setdefault(key, [0, 0])
            cell[0] += value
            cell[1] += units
    into: dict = {}
    for refs in persons:
        assert person_deltas(COUNTED, refs, into) is into
    assert {k: c for k, c in into.items() if c != [0, 0]} == {
        k: c for k, c in expected.items() if c != [0, 0]} != {}


def test_difference_keeps_only_what_changed():
    assert difference({"a": [2, 1], "b": [1, 1]}, {"a": [2, 1], "c": [3, 1]}) == {
        "b": [1, 1], "c": [-3, -1]}


# --- generated histories against the events ----------------------------------------------

STATUSES = ("proposed", "approved", "referred", "started", "completed", "rejected", "declined",
            "cancelled")
MEASURES = ("public_works", "state_grant", "microcredit", "youth_practice", "social_job",
            "short_training", "bastau_business", "resettlement", "job_placement")
KINDS = ("permanent_job", "temporary_job", "business_opened", "not_employed")


def _random_day(rng: random.Random) -> date:
    return D(2025, 1, 1) + timedelta(days=rng.randrange(0, 540))


def _history(rng: random.Random, persons: list[Person], allocations: dict[int, Allocation]):
    """Referrals through the session (so the summary follows them), with events in any
    order of statuses, outcomes, cancellations, amounts, Roadmap projects and payments (some
    reversed)."""
    project = RoadmapProject(region_id=persons[0].region_id, year=2025, name="Водопровод",
                             jobs_kind="permanent")
    db.session.add(project)
    db.session.flush()
    for person in persons:
        # proposed, each to a measure of its own (one open referral per person and measure)
        for code in rng.sample(MEASURES, rng.randrange(0, 4)):
            day = _random_day(rng)
            allocation = allocations[rng.choice((2025, 2026))] if rng.random() < 0.6 else None
            r = Referral(person_id=person.id, measure_code=code,
                         status="proposed", proposed_on=day, status_on=day,
                         amount_kzt=rng.choice((None, 1000, 25_000)),
                         allocation_id=allocation.id if allocation else None,
                         project_id=project.id if rng.random() < 0.3 else None)
            db.session.add(r)
            db.session.flush()
            for step in range(rng.randrange(1, 5)):
                db.session.add(ReferralEvent(
                    referral_id=r.id, to_status=rng.choice(STATUSES), happened_on=day,
                    recorded_at=datetime(2026, 1, 1) + timedelta(minutes=step)))
                day += timedelta(days=rng.randrange(0, 60))
                db.session.flush()  # a flush per event, as the pages make them
            if rng.random() < 0.3:
                db.session.add(Outcome(referral_id=r.id, kind=rng.choice(KINDS),
                                       start_on=_random_day(rng)))
                db.session.flush()
            for _ in range(rng.choice((0, 0, 1, 2))):  # payments, one flush each, and reversals
                paid = Payment(referral_id=r.id, kind="grant", amount_kzt=rng.choice((500, 7000)),
                               paid_on=_random_day(rng), measure_code=code,
                               region_id=person.region_id, district_id=person.district_id)
                db.session.add(paid)
                db.session.flush()
                if rng.random() < 0.3:
                    db.session.add(Payment(
                        referral_id=r.id, kind="grant", amount_kzt=-paid.amount_kzt,
                        paid_on=max(paid.paid_on, _random_day(rng)), measure_code=code,
                        region_id=person.region_id, district_id=person.district_id,
                        reverses_id=paid.id, reason="a wrong account"))
                    db.session.flush()


def _report_dates(rng: random.Random) -> list[date]:
    fixed = [D(2025, 1, 1), D(2025, 3, 31), D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30)]
    return fixed + [_random_day(rng) for _ in range(10)]


def _same_figures(as_of: date) -> None:
    period = queries.Period(as_of.year, as_of)
    assert summary_differences(period) == [], as_of


@pytest.fixture
def generated(ctx):
    rng = random.Random(2025)
    districts = f.districts_of("430000000")[:2] + f.districts_of("790000000")[:1]
    persons = [f.person(rng.choice(districts), last=f"Персона{n}") for n in range(40)]
    allocations = {}
    for year in (2025, 2026):
        allocations[year] = Allocation(measure_code="public_works", region_id=persons[0].region_id,
                                       year=year, places=100, funds_kzt=10**6)
        db.session.add(allocations[year])
    db.session.flush()
    _history(rng, persons, allocations)
    return rng, persons


def test_the_summary_equals_the_events_at_every_report_date(generated):
    rng, _persons = generated
    assert db.session.scalar(select(IndicatorDay.id).limit(1)) is not None
    for as_of in _report_dates(rng):
        _same_figures(as_of)


def test_the_year_rows_add_up_the_months_and_serve_a_date_no_later_day_follows(generated):
    sums = {"m": defaultdict(lambda: [0, 0]), "y": defaultdict(lambda: [0, 0])}
    for year, code, district, grain, value, units in db.session.execute(select(
            IndicatorDay.year, IndicatorDay.indicator_code, IndicatorDay.district_id,
            IndicatorDay.grain, IndicatorDay.value, IndicatorDay.units)):
        if grain in sums:
            sums[grain][(year, code, district)][0] += value
            sums[grain][(year, code, district)][1] += units
    assert sums["y"] and sums["y"] == sums["m"]
    last = db.session.scalar(select(func.max(IndicatorDay.day)).where(
        IndicatorDay.year == 2025, IndicatorDay.grain == "d"))
    assert str(summary.up_to(last)) == str(summary.up_to(D(2025, 12, 31))) == str(
        IndicatorDay.grain == "y")
    assert str(summary.up_to(last - timedelta(days=1))) == str(
        summary.months_up_to(last - timedelta(days=1)))
    for as_of in (last, last - timedelta(days=1)):  # either way, the figures of the events
        _same_figures(as_of)


def test_a_rebuild_gives_the_rows_the_session_kept(generated):
    def rows():
        return sorted((r.indicator_code, r.year, r.district_id, r.grain, r.day, r.value, r.units)
                      for r in db.session.scalars(select(IndicatorDay))
                      if (r.value, r.units) != (0, 0))
    kept = rows()
    summary.rebuild(db.session.connection())
    db.session.expire_all()
    assert rows() == kept


def test_the_trend_from_the_summary_equals_the_trend_from_the_events(generated):
    period = queries.Period(2025, D(2025, 12, 31))
    ends = charts.month_ends(period)
    for ind in INDICATORS:
        for region_id in (None, generated[1][0].region_id):
            column = {"projects": ProjectProgress.region_id,
                      "vacancies": Vacancy.region_id}.get(ind.basis, Person.region_id)
            where = None if region_id is None else column == region_id
            live = [int(v or 0) for v in db.session.execute(
                queries.trend(ind, period, ends, where)).one()]
            assert summary.month_ends(period, ends, ind.code, region_id) == live, ind.code


def test_a_transfer_moves_the_persons_figures_to_the_new_district(generated):
    _rng, persons = generated
    moved = next(p for p in persons if db.session.scalar(
        select(Referral.id).where(Referral.person_id == p.id).limit(1)))
    target = f.districts_of("790000000")[1]
    moved.district_id, moved.region_id = target.id, target.region_id
    db.session.flush()
    for as_of in (D(2025, 12, 31), D(2026, 6, 30)):
        _same_figures(as_of)


def test_a_failed_flush_leaves_the_summary_as_it_was(generated):
    from sqlalchemy.exc import IntegrityError
    _rng, persons = generated
    person = persons[0]
    r = Referral(person_id=person.id, measure_code="public_works", status="proposed",
                 proposed_on=D(2025, 5, 1), status_on=D(2025, 5, 1))
    db.session.add(r)
    db.session.flush()
    try:
        with db.session.begin_nested():
            db.session.add(ReferralEvent(referral_id=r.id, to_status="referred",
                                         happened_on=D(2025, 5, 2), recorded_at=clock.now()))
            db.session.add(Referral(id=r.id, person_id=person.id, measure_code="x",
                                    status="proposed", proposed_on=D(2025, 5, 1),
                                    status_on=D(2025, 5, 1)))
            db.session.flush()
    except IntegrityError:
        pass
    db.session.add(ReferralEvent(referral_id=r.id, to_status="started",
                                 happened_on=D(2025, 6, 1), recorded_at=clock.now()))
    db.session.flush()
    _same_figures(D(2025, 12, 31))


def test_the_command_checks_and_rebuilds(generated, runner):
    db.session.commit()
    assert "matches" in runner.invoke(args=["indicators", "summary", "--check"]).output
    db.session.execute(IndicatorDay.__table__.update().values(value=IndicatorDay.value + 1))
    db.session.commit()
    result = runner.invoke(args=["indicators", "summary", "--check"])
    assert result.exit_code != 0 and "differ" in result.output
    assert "rebuilt" in runner.invoke(args=["indicators", "summary"]).output
    assert "matches" in runner.invoke(args=["indicators", "summary", "--check"]).output
