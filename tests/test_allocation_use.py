"""The places used (`measures.use`) follow every write to `referral` that takes or gives back
a place of an allocation, whatever makes it (a proposal and its steps, an undone step, a bulk
UPDATE, a delete), fold without losing a count, and a check finds what drifted; the person's
page and the allocation pages read them, and give the places a count of the rows gives."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update

from caseworker import clock
from caseworker.extensions import db
from caseworker.jobs import maintenance
from caseworker.measures import allocations as alloc
from caseworker.measures import use
from caseworker.models import (
    Allocation, AllocationUse, District, Referral, ReferralEvent, User)
from caseworker.referrals import corrections, operations
from tests import factories as f

TODAY = clock.today()
DAY = TODAY - timedelta(days=20)


def _agree() -> dict:
    """The places used kept, after checking they equal a count of the referrals."""
    conn = db.session.connection()
    db.session.flush()
    assert use.differences(conn) == []
    return use.kept(conn)


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(AllocationUse))


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of("430000000")
        cw, sv = f.user("cw", "caseworker", kz[0]), f.user("sv", "supervisor", kz[0])
        region = Allocation(measure_code="public_works", region_id=kz[0].region_id,
                            year=TODAY.year, places=50, funds_kzt=50_000_000)
        own = Allocation(measure_code="public_works", region_id=kz[0].region_id,
                         district_id=kz[0].id, year=TODAY.year, places=3, funds_kzt=20_000_000)
        db.session.add_all([region, own])
        db.session.flush()
        ids = {"cw": cw.id, "sv": sv.id, "district": kz[0].id, "other": kz[1].id,
               "region": region.id, "own": own.id,
               "provider": f.provider(kz[0].region_id).id}
        db.session.commit()
        return ids


@pytest.fixture
def at(app, world):
    models = {"cw": User, "sv": User, "district": District, "other": District,
              "region": Allocation, "own": Allocation}
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield {**world, **{key: db.session.get(model, world[key])
                           for key, model in models.items()}}
        db.session.rollback()


def _person(at, n: int = 0):
    return f.registered_person(at["district"], since=DAY - timedelta(days=30),
                               last=f"Сарсенов{n}")


def _referral(at, steps, allocation="own", n: int = 0) -> Referral:
    made = f.referral(_person(at, n), "public_works", steps, at[allocation], 100_000)
    made.provider_id = at["provider"]
    db.session.flush()
    return made


def step(at, referral: Referral, to: str, days: int, reason: str | None = None) -> None:
    operations.transition(referral, to, DAY + timedelta(days=days), at["cw"], reason=reason)
    db.session.flush()


def test_a_referral_takes_a_place_while_its_status_uses_one(at):
    referral = operations.refer(_person(at), "public_works", at["cw"], on=DAY,
                                provider_id=at["provider"])
    assert referral.allocation_id == at["own"].id
    assert at["own"].id not in _agree()  # proposed: no place yet
    step(at, referral, "referred", 1)
    assert _agree() == {at["own"].id: 1}
    rows = _rows()
    step(at, referral, "started", 2)  # from one using status to another: no row added
    assert _agree() == {at["own"].id: 1} and _rows() == rows
    step(at, referral, "declined", 3, reason="no_answer")
    assert at["own"].id not in _agree()


def test_an_undone_step_gives_the_place_back_or_takes_it_again(at):
    referral = _referral(at, [("proposed", DAY)])
    step(at, referral, "referred", 1)
    step(at, referral, "cancelled", 2, reason="entered_in_error")
    assert at["own"].id not in _agree()
    corrections.undo_last_step(referral, at["cw"], reason="wrong referral", confirmed=True)
    assert referral.status == "referred" and _agree() == {at["own"].id: 1}
    corrections.undo_last_step(referral, at["cw"], reason="not sent yet", confirmed=True)
    assert referral.status == "proposed" and at["own"].id not in _agree()


def test_a_bulk_update_a_move_and_a_delete_are_counted_too(at):
    own, region = at["own"].id, at["region"].id
    made = [_referral(at, [("proposed", DAY)], n=n) for n in range(3)]
    made.append(_referral(at, [("proposed", DAY), ("referred", DAY)], "region", n=3))
    assert _agree() == {region: 1}
    db.session.execute(update(Referral).where(Referral.id.in_([r.id for r in made[:3]]))
                       .values(status="approved"))
    assert _agree() == {own: 3, region: 1}
    db.session.execute(update(Referral).where(Referral.id == made[0].id)
                       .values(allocation_id=region))  # moved to the region's places
    assert _agree() == {own: 2, region: 2}
    db.session.execute(update(Referral).where(Referral.id == made[1].id)
                       .values(allocation_id=None))
    assert _agree() == {own: 1, region: 2}
    gone = [made[2].id, made[3].id]
    db.session.execute(ReferralEvent.__table__.delete().where(
        ReferralEvent.referral_id.in_(gone)))
    db.session.execute(Referral.__table__.delete().where(Referral.id.in_(gone)))
    assert _agree() == {region: 1}


def test_folding_keeps_every_count_in_one_row_an_allocation(at):
    own, region = at["own"].id, at["region"].id
    for n in range(3):
        _referral(at, [("proposed", DAY), ("referred", DAY)], n=n)
    walked = _referral(at, [("proposed", DAY), ("referred", DAY)], "region", n=3)
    step(at, walked, "cancelled", 1, reason="duplicate")
    _referral(at, [("proposed", DAY), ("referred", DAY)], "region", n=4)
    before = _agree()
    assert before == {own: 3, region: 1}
    conn = db.session.connection()
    assert use.compact(conn) == 3 + 2 + 1  # five written using a place, one given back
    assert _agree() == before and _rows() == 2
    assert use.compact(conn) == 2  # folded already: the same rows again
    assert _agree() == before


def test_a_check_finds_a_drifted_count_and_a_recount_mends_it(at, runner):
    own = at["own"].id
    _referral(at, [("proposed", DAY), ("referred", DAY)])
    db.session.execute(insert(AllocationUse).values(allocation_id=own, n=5))
    db.session.commit()
    assert use.differences(db.session.connection()) == [(own, 6, 1)]
    report = maintenance.WORK["measures.use.check"].run()
    assert not report.ok and report.lines == [f"allocation {own}: kept 6, counted 1"]
    result = runner.invoke(args=["measures", "use", "--check"])
    assert result.exit_code != 0 and "kept 6, counted 1" in result.output
    assert use.kept(db.session.connection())[own] == 6
    result = runner.invoke(args=["measures", "use"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert _agree() == {own: 1}
    assert maintenance.WORK["measures.use.check"].run().ok
    assert maintenance.WORK["measures.use.compact"].run().ok


def test_the_schedule_folds_and_checks_them():
    from caseworker.jobs.schedule import BY_NAME
    assert BY_NAME["measures.use.compact"].when.minutes == 5
    assert BY_NAME["measures.use.check"].job_kind == "measures.use.check"


def test_the_pages_read_the_places_a_count_of_the_referrals_gives(at):
    """What is left for a district (the person's page) and for each allocation (the
    allocation pages, the API) read from the kept rows, folded or not, equals a count."""
    for n, status in enumerate(("approved", "started", "completed", "proposed", "cancelled")):
        steps = [("proposed", DAY)] + ([(status, DAY)] if status != "proposed" else [])
        _referral(at, steps, n=n)
    for n in range(6, 9):
        _referral(at, [("proposed", DAY), ("referred", DAY)], "region", n=n)
    allocations = [at["own"], at["region"]]

    def places() -> list[tuple[int, int]]:
        kept, counted = alloc.usage(allocations), alloc.usage(allocations, counted=True)
        assert [kept[a.id].used_places for a in allocations] == [
            counted[a.id].used_places for a in allocations]
        return [(kept[a.id].used_places, kept[a.id].places) for a in allocations]

    assert places() == [(3, 0), (3, 47)]
    # the district's own places are taken: it draws on the region's, as a count would say
    left = alloc.left_for_district(at["district"], TODAY.year)["public_works"]
    assert (left.allocation.id, left.used_places, left.places) == (at["region"].id, 3, 47)
    use.compact(db.session.connection())
    assert places() == [(3, 0), (3, 47)]
    rows = {left.allocation.id: left.used_places
            for left in alloc.region_table(at["region"].region_id, TODAY.year)}
    assert rows == {at["own"].id: 3, at["region"].id: 3}


def test_a_batch_of_referrals_locks_every_allocation_in_id_order_first(app, at, monkeypatch):
    """`refer_many` (an import's referrals) locks all the allocations its persons may draw on
    before it reads one's use, in id order, as `transition_many` does: met in the other order
    (the other district's own allocation, made last, first), two batches could deadlock."""
    from caseworker.referrals import many, proposing
    other = Allocation(measure_code="public_works", region_id=at["other"].region_id,
                       district_id=at["other"].id, year=TODAY.year, places=3,
                       funds_kzt=20_000_000)
    db.session.add(other)
    db.session.flush()
    elsewhere = f.registered_person(at["other"], since=DAY - timedelta(days=30), last="Омаров")
    taken: list[int] = []
    lock = alloc.lock
    monkeypatch.setattr(alloc, "lock", lambda i: (taken.append(i), lock(i)))
    results = many.refer_many([
        (person, "public_works", at["cw"], proposing.Proposal(on=DAY, provider_id=at["provider"]))
        for person in (elsewhere, _person(at))])
    assert taken == sorted({at["region"].id, at["own"].id, other.id})
    assert all(isinstance(result, Referral) for result in results)


def test_a_batch_of_steps_reads_places_under_the_allocations_locks(app, at):
    """`transition_many` (an import's steps) takes the lock of each allocation a step would
    take a place of, in id order, before it reads the places used, as `transition` does: two
    batches at once never both take an allocation's last place."""
    from caseworker.referrals import many
    from tests.conftest import statements_of
    mine = [_referral(at, [("proposed", DAY)], allocation=name, n=n)
            for n, name in enumerate(("region", "own"))]
    with statements_of(app) as seen:
        results = many.transition_many([
            many.Step(referral, "referred", DAY + timedelta(days=1), at["cw"])
            for referral in mine])
    assert all(isinstance(result, int) for result in results)
    locks = [n for n, sql in enumerate(seen) if sql.startswith("UPDATE allocation SET places")]
    read = next(n for n, sql in enumerate(seen) if "count(*)" in sql and "FROM referral" in sql)
    assert len(locks) == 2 and max(locks) < read
    assert _agree() == {at["own"].id: 1, at["region"].id: 1}
