"""Submissions of the same moment: twenty threads, each with its own database session,
released together. The database keeps the rules (one open referral per person and measure,
one letter in force per referral, each letter number once, an allocation's places, one outcome
per referral, a follow-up checked once); the losers get the coded refusal a second, later
submission would get. Runs on SQLite and on PostgreSQL."""
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import (
    FollowUp, Letter, LetterBatch, Outcome, Person, Referral, ReferralEvent, User)
from caseworker.models.referral import OPEN_STATUSES
from caseworker.referrals import operations, outcomes
from tests import factories as f
from tests.referrals.conftest import (
    KYZYLORDA, TODAY, at_once, bearer, count, proposed, referred, started, young)

THREADS = 20


def _user(world, who="cw") -> User:
    return db.session.get(User, world[who])


def test_twenty_referrals_of_one_person_to_one_measure_make_one(app, world):
    def submit(n):
        return operations.refer(db.session.get(Person, world["grad"]), "youth_practice",
                                _user(world), on=TODAY, provider_id=world["provider"],
                                token=f"form-{n}").id

    made, refused = at_once(app, submit, range(THREADS))
    assert len(made) == 1 and refused == ["already_open"] * (THREADS - 1)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral).where(
            Referral.status.in_(OPEN_STATUSES))) == 1
        assert count(ReferralEvent) == 1


def test_twenty_api_requests_with_their_own_keys_make_one_referral(app, world):
    answers, lock = [], threading.Lock()
    barrier = threading.Barrier(THREADS)

    def post(n):
        client = app.test_client()
        barrier.wait()
        response = client.post("/api/v1/referrals", headers=bearer(
            world, **{"Idempotency-Key": f"key-{n}"}), json={
            "person_id": world["grad"], "measure_code": "youth_practice",
            "provider_id": world["provider"]})
        with lock:
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in answers) == [201] + [409] * (THREADS - 1), answers
    assert {body["error"]["code"] for status, body in answers if status == 409} == {
        "already_open"}
    with app.app_context():
        assert count(Referral) == 1


def test_twenty_letters_for_one_referral_make_one(app, world):
    referral_id = proposed(app, world)[0]

    def refer(_):
        letter = operations.transition(db.session.get(Referral, referral_id), "referred",
                                       TODAY, _user(world))
        return letter.number

    issued, refused = at_once(app, refer, range(THREADS))
    assert len(issued) == 1 and set(refused) <= {"stale", "not_allowed"}
    with app.app_context():
        assert db.session.scalars(select(Letter.number)).all() == issued
        assert db.session.scalar(select(func.count()).select_from(ReferralEvent).where(
            ReferralEvent.to_status == "referred")) == 1


def test_twenty_reissues_at_once_leave_one_letter_in_force(app, world):
    referral_id = referred(app, world)[0]

    def reissue(_):
        return operations.reissue_letter(db.session.get(Referral, referral_id),
                                         _user(world)).number

    issued, refused = at_once(app, reissue, range(THREADS))
    assert issued and len(issued) + len(refused) == THREADS and set(refused) <= {"stale"}
    with app.app_context():
        letters = db.session.scalars(select(Letter).order_by(Letter.id)).all()
        genuine = [letter.number for letter in letters if letter.status == "genuine"]
        assert len(genuine) == 1 and genuine[0] in issued
        assert len(letters) == len(issued) + 1  # the first, and one per reissue that passed
        assert len({letter.number for letter in letters}) == len(letters)


def test_letters_of_many_referrals_at_once_each_take_the_next_number(app, world):
    ids = proposed(app, world, count=8)

    def refer(referral_id):
        return operations.transition(db.session.get(Referral, referral_id), "referred",
                                     TODAY, _user(world)).number

    numbers, refused = at_once(app, refer, ids)
    assert refused == [] and len(numbers) == 8
    assert sorted(numbers) == [f"43-{TODAY.year}-{n:06d}" for n in range(1, 9)]


def test_the_last_place_goes_to_one_of_twenty(app, world):
    with app.app_context():
        allocation = set_allocation("youth_practice", world["region"], world["district"],
                                    TODAY.year, 1, 0)
        district = f.districts_of(KYZYLORDA)[0]
        people = [young(district, last=f"Гонка{i}").id for i in range(THREADS)]
        db.session.commit()
        allocation_id = allocation.id

    def take(person_id):
        referral = operations.refer(db.session.get(Person, person_id), "youth_practice",
                                    _user(world), on=TODAY, provider_id=world["provider"])
        operations.transition(referral, "referred", TODAY, _user(world))
        return referral.id

    taken, refused = at_once(app, take, people)
    assert len(taken) == 1 and refused == ["no_places"] * (THREADS - 1)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral).where(
            Referral.allocation_id == allocation_id, Referral.status == "referred")) == 1


def test_twenty_outcomes_of_one_referral_make_one_and_its_checks_are_made_once(app, world):
    referral_id = started(app, world)[0]

    def record(_):
        return outcomes.record_outcome(db.session.get(Referral, referral_id), _user(world),
                                       kind="permanent_job", start_on=TODAY).id

    made, refused = at_once(app, record, range(THREADS))
    assert len(made) == 1 and refused == ["outcome_recorded"] * (THREADS - 1)
    with app.app_context():
        assert count(Outcome) == 1 and count(FollowUp) == 3
        first = db.session.scalar(select(FollowUp.id).order_by(FollowUp.months))

    def check(n):
        return outcomes.check_follow_up(db.session.get(FollowUp, first), _user(world),
                                        still_employed=n % 2 == 0, source="employer",
                                        on=TODAY).id

    checked, refused = at_once(app, check, range(THREADS))
    assert len(checked) == 1 and refused == ["already_checked"] * (THREADS - 1)


def test_twenty_batches_of_the_day_s_letters_at_once_keep_one(app, world):
    def keep(n):
        return operations.keep_letter_batch(b"%PDF-" + bytes([n]), 1, _user(world, "sv")).id

    kept, refused = at_once(app, keep, range(THREADS))
    assert kept and len(kept) + len(refused) == THREADS and set(refused) <= {"stale"}
    with app.app_context():
        assert db.session.scalars(select(LetterBatch.id)).all() == [max(kept)]


# --- the constraints themselves, without the operations --------------------------------------

def _referral(person_id: int, status: str) -> Referral:
    return Referral(person_id=person_id, measure_code="public_works", status=status,
                    proposed_on=TODAY, status_on=TODAY, verdict={})


@pytest.mark.parametrize("second", OPEN_STATUSES)
def test_the_database_refuses_a_second_open_referral(app, ctx, world, second):
    db.session.add_all([_referral(world["grad"], "cancelled"), _referral(world["grad"], "referred"),
                        _referral(world["old"], "proposed")])  # closed, or another person's
    db.session.flush()
    db.session.add(_referral(world["grad"], second))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_the_database_refuses_a_second_letter_in_force_and_a_number_used_twice(app, ctx, world):
    referral = _referral(world["grad"], "referred")
    db.session.add(referral)
    db.session.flush()

    def letter(number, status="genuine"):
        return Letter(referral_id=referral.id, number=number, code=number[-8:] + "CC",
                      issued_on=TODAY, status=status)

    db.session.add_all([letter("43-1", "cancelled"), letter("43-2")])
    db.session.flush()
    with db.session.begin_nested():
        db.session.add(letter("43-3"))
        with pytest.raises(IntegrityError):
            db.session.flush()
    db.session.add(letter("43-2", "cancelled"))
    with pytest.raises(IntegrityError):
        db.session.flush()
