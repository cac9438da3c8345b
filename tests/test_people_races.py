"""Submissions that arrive at once: the database keeps one registration per IIN, one open
episode and one waiting transfer per person, and every other submission gets the refusal a
sequential second one gets. Runs on SQLite and on PostgreSQL."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseworker import clock
from caseworker.domain.iin import parse
from caseworker.extensions import db
from caseworker.models import Person, RegistrationEpisode, TransferRequest, User
from caseworker.people import operations
from tests import people_client
from tests.people_client import NEW_IIN, at_once

TODAY = clock.today()
N = 20
world = people_client.world


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def one_done(results: list[str], code: str) -> None:
    """One submission went through; each other got `code`, as a second one in turn gets."""
    assert results == sorted(["done"] + [code] * (N - 1)), results


def test_20_registrations_of_one_iin_make_one_person(app, world):
    def attempt():
        user = db.session.get(User, world["cw"])
        operations.register(parse(NEW_IIN, TODAY), {
            "last_name": "Серікова", "first_name": "Дана", "consent_date": TODAY,
            "consent_basis": "written"}, user, TODAY, confirm_duplicate=True)
    one_done(at_once(app, attempt, N), "already_registered")
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.iin == NEW_IIN))
        assert count(RegistrationEpisode, RegistrationEpisode.person_id == person_id) == 1


def test_20_returns_at_once_open_one_episode(app, world):
    with app.app_context():
        db.session.add(RegistrationEpisode(person_id=world["own"],
                                           registered_on=date(2026, 3, 1),
                                           deregistered_on=date(2026, 6, 1), reason="moved"))
        db.session.get(Person, world["own"]).status = "deregistered"
        db.session.commit()

    def attempt():
        person = db.session.get(Person, world["own"])
        operations.reregister(person, TODAY, db.session.get(User, world["cw"]), TODAY)
    one_done(at_once(app, attempt, N), "on_register")
    with app.app_context():
        assert count(RegistrationEpisode, RegistrationEpisode.person_id == world["own"],
                     RegistrationEpisode.deregistered_on.is_(None)) == 1
        assert db.session.get(Person, world["own"]).status == "active"


def test_20_transfer_requests_at_once_make_one(app, world):
    with app.app_context():
        iin = db.session.get(Person, world["other"]).iin
    askers = iter([world["cw"], world["cw2"]] * N)  # from two caseworkers of the district

    def attempt():
        operations.request_transfer(iin, db.session.get(User, next(askers)), "переехал")
    one_done(at_once(app, attempt, N), "transfer_pending")
    with app.app_context():
        assert count(TransferRequest, TransferRequest.person_id == world["other"]) == 1


def test_the_database_refuses_a_second_open_episode_or_waiting_request(app, world):
    """What the partial unique indexes allow: any number of closed episodes and decided
    requests, one open and one waiting."""
    with app.app_context():
        spells = [RegistrationEpisode(person_id=world["own"], registered_on=date(2025, m, 1),
                                      deregistered_on=date(2025, m, 2)) for m in (1, 2)]
        db.session.add_all(spells + [RegistrationEpisode(person_id=world["own"],
                                                         registered_on=date(2026, 1, 1))])
        db.session.commit()
        db.session.add(RegistrationEpisode(person_id=world["own"],
                                           registered_on=date(2026, 2, 1)))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        asked = dict(person_id=world["other"], from_district_id=world["other_district"],
                     to_district_id=world["district"], requested_by_id=world["cw"])
        db.session.add_all([TransferRequest(**asked, status="rejected"),
                            TransferRequest(**asked, status="approved"),
                            TransferRequest(**asked, status="pending")])
        db.session.commit()
        db.session.add(TransferRequest(**asked, status="pending"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
