"""The registration and the profile's operations, called directly: each refusal code they
have, what they write and what they audit."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from caseworker import clock
from caseworker.domain.iin import make, parse
from caseworker.extensions import db
from caseworker.models import FieldChange, Person, RegistrationEpisode, User
from caseworker.people import operations
from caseworker.refusals import REFUSALS, settle
from tests import people_client
from tests.people_client import audited, refused

TODAY = clock.today()
VALUES = {"last_name": "Серікова", "first_name": "Дана", "patronymic": None, "phone": None,
          "consent_date": TODAY, "consent_basis": "written"}


w = people_client.inside


def new_info(born=date(1998, 4, 12), sex="F", serial=4321):
    return parse(make(born, sex, serial), TODAY)


def user(ids, login="cw") -> User:
    return db.session.get(User, ids[login])


def test_every_code_the_operations_raise_is_known():
    source = Path(operations.__file__).read_text()
    codes = set(re.findall(r'Refused\("(\w+)"', source)) | set(
        re.findall(r'_flush\(.*"(\w+)"\)', source))
    assert codes and codes <= set(REFUSALS), codes - set(REFUSALS)


def test_register_opens_the_first_episode_and_gives_the_caseworker_the_case(w):
    person = operations.register(new_info(), VALUES, user(w), TODAY)
    db.session.commit()
    assert (person.district_id, person.caseworker_id, person.status) == (
        w["district"], w["cw"], "active")
    assert person.name_search == "серікова дана" and person.segment in "ABC"
    episode = db.session.scalar(select(RegistrationEpisode).where(
        RegistrationEpisode.person_id == person.id))
    assert (episode.registered_on, episode.deregistered_on) == (TODAY, None)
    assert audited("person.create") == [str(person.id)]
    supervised = operations.register(new_info(serial=4322), VALUES, user(w, "sv"), TODAY,
                                     confirm_duplicate=True)
    assert supervised.caseworker_id is None  # a supervisor keeps no caseload of their own


def test_a_person_under_the_working_age_is_refused(w):
    child = new_info(born=date(TODAY.year - 15, 1, 1))
    no = refused("too_young", lambda: operations.register(child, VALUES, user(w), TODAY))
    assert (no.status, no.field) == (422, "iin") and "from the age of 16" in str(no)
    refused("too_young", lambda: operations.check_registrable(child, user(w), TODAY))


def test_an_iin_registered_here_is_found_and_the_search_audited(w):
    own = db.session.get(Person, w["own"])
    no = refused("already_registered", lambda: operations.register(
        parse(own.iin, TODAY), VALUES, user(w), TODAY))
    assert no.keep and no.detail == {"person_id": w["own"]} and no.status == 409
    settle(no)  # as the doors do: the audited look stays
    assert audited("person.search_iin") == [str(w["own"])]


def test_an_iin_registered_elsewhere_says_only_that_and_the_look_is_audited(w):
    other = db.session.get(Person, w["other"])
    no = refused("registered_elsewhere", lambda: operations.check_registrable(
        parse(other.iin, TODAY), user(w), TODAY))
    assert no.keep and no.detail == {} and other.last_name not in str(no)
    settle(no)
    assert audited("person.exists_elsewhere") == [str(w["other"])]


def test_a_likely_duplicate_is_registered_only_when_confirmed(w):
    twin = {**VALUES, "last_name": "Әбенова", "first_name": "Гүлнар"}
    born_same_day = new_info(born=date(1990, 5, 17))
    no = refused("likely_duplicate", lambda: operations.register(
        born_same_day, twin, user(w), TODAY))
    assert [p.id for p in no.detail["duplicates"]] == [w["own"]]
    assert not no.keep
    db.session.rollback()
    person = operations.register(born_same_day, twin, user(w), TODAY, confirm_duplicate=True)
    assert person.id is not None


def test_a_double_submit_is_answered_as_already_registered(w, monkeypatch):
    """The check passed in both requests; the database's unique IIN refuses the second."""
    own = db.session.get(Person, w["own"])
    info = parse(own.iin, TODAY)
    monkeypatch.setattr(operations, "check_registrable", lambda *args: None)
    no = refused("already_registered", lambda: operations.register(
        info, VALUES, user(w), TODAY, confirm_duplicate=True))
    assert no.keep and no.detail == {"person_id": w["own"]}
    settle(no)
    assert db.session.scalar(select(func.count()).select_from(Person).where(
        Person.iin == info.iin)) == 1


def test_update_records_each_change_and_refuses_a_stale_version(w):
    person = db.session.get(Person, w["own"])
    refused("stale", lambda: operations.update(person, {"skills": "Excel"}, user(w), TODAY,
                                               version=person.version - 1))
    refused("stale", lambda: operations.update(person, {"skills": "Excel"}, user(w), TODAY,
                                               version=None))
    changes = operations.update(person, {"skills": "Excel", "phone": person.phone}, user(w),
                                TODAY, version=person.version)
    db.session.commit()
    assert [(c.field, c.old, c.new) for c in changes] == [("skills", None, "Excel")]
    assert person.version == 2 and audited("person.update") == [str(w["own"])]


def test_someone_saving_between_the_check_and_the_write_is_stale(app, w):
    person = db.session.get(Person, w["own"])
    with db.engine.begin() as other:  # another request saves first
        other.execute(text("UPDATE person SET version = version + 1 WHERE id = :id"),
                      {"id": w["own"]})
    refused("stale", lambda: operations.update(person, {"skills": "Word"}, user(w), TODAY,
                                               version=person.version))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(FieldChange)) == 0
