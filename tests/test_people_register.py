"""Registering a person: the IIN first (checked, too young, found here or elsewhere), then the
profile (its fields' rules, likely duplicates)."""
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.models import AuditEvent, Person, RegistrationEpisode
from tests import factories as f
from tests.conftest import login
from tests import people_client
from tests.people_client import NEW_IIN, page, post_form, register

KYZYLORDA = f.PEOPLE_REGIONS[0]
world = people_client.world


@pytest.mark.parametrize("iin, message", [
    ("12345", "exactly 12 digits"), ("900101300008", "check digit"),
    ("900230300009", "does not exist"), ("900101700002", "7th digit"),
    ("991231500016", "in the future"), ("900101300800", "ever issued"),
])
def test_register_explains_each_bad_iin(client, world, iin, message):
    login(client, "cw")
    response = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    assert message in page(response)


def test_a_child_cannot_be_registered_as_unemployed(app, client, world):
    login(client, "cw")
    today = clock.today()
    child = make(date(today.year - 15, 1, 1), "F", 4321)
    sixteen = make(date(today.year - 16, 1, 1), "F", 4321)
    refused = post_form(client, "/people/register", {"step": "iin", "iin": child})
    assert "from the age of 16" in page(refused) and 'name="last_name"' not in page(refused)
    assert 'name="last_name"' in page(post_form(client, "/people/register",
                                                {"step": "iin", "iin": sixteen}))
    skipped = register(client, iin=child)  # the profile step sent straight away
    assert skipped.status_code == 422 and "from the age of 16" in page(skipped)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person).where(
            Person.iin == child)) == 0


def test_a_last_job_cannot_end_before_the_person_could_work(app, client, world):
    login(client, "cw")  # NEW_IIN: born in 1998
    refused = register(client, last_job_ended="2005-06-30")
    assert "before the person could work" in page(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person).where(
            Person.iin == NEW_IIN)) == 0
    assert register(client, last_job_ended="2012-06-30").status_code == 302


def test_register_new_person(app, client, world):
    login(client, "cw")
    first = post_form(client, "/people/register", {"step": "iin", "iin": NEW_IIN})
    assert "12.04.1998" in page(first) and "Female" in page(first)
    response = register(client)
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.iin == NEW_IIN))
        assert person.phone == "+7 701 555 44 33" and person.name_search == "серікова дана ерланқызы"
        assert person.caseworker_id == world["cw"] and person.segment in "ABC"
        assert db.session.scalar(select(func.count()).select_from(RegistrationEpisode).where(
            RegistrationEpisode.person_id == person.id)) == 1
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.create"))
    # the same IIN again: the profile is found, nothing is created twice
    again = post_form(client, "/people/register", {"step": "iin", "iin": NEW_IIN})
    assert "already registered in your district" in page(again)
    twice = register(client)
    assert "already registered" in page(twice)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person).where(
            Person.iin == NEW_IIN)) == 1


def test_bad_profile_field_saves_nothing(app, client, world):
    login(client, "cw")
    response = register(client, phone="12-34")
    assert response.status_code == 422
    assert "Kazakhstan number" in page(response)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.iin == NEW_IIN)) is None


def test_registered_elsewhere_reveals_nothing_and_offers_transfer(app, client, world):
    with app.app_context():
        other = db.session.get(Person, world["other"])
        iin, name = other.iin, other.last_name
    login(client, "cw")
    response = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    text = page(response)
    assert "registered in another district" in text and name not in text
    assert "Request a transfer" in text
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "person.exists_elsewhere"))


def test_more_experience_than_the_age_allows_is_refused(app, client, world):
    login(client, "cw")
    response = register(client, experience_months="400")  # born in 1998: 13 years at most
    assert response.status_code == 422 and "More work experience than" in page(response)


def test_the_duplicate_check_sees_a_name_spelt_without_kazakh_letters(app, client, world):
    with app.app_context():
        f.person(f.districts_of(KYZYLORDA)[0], last="Серикова", first="Дана", sex="F",
                 born=date(1998, 4, 12))
        db.session.commit()
    login(client, "cw")
    response = register(client)  # Серікова Дана, born on the same day
    assert "Check that this is not the same person" in page(response)


@pytest.mark.parametrize("field, value, message", [
    ("last_name", "Ivanov123", "A last name has letters only"),
    ("first_name", "<b>Asel</b>", "A first name has letters only"),
    ("patronymic", "Маратұлы;", "A patronymic has letters only"),
])
def test_a_name_with_digits_or_markup_is_refused(app, client, world, field, value, message):
    login(client, "cw")
    response = register(client, **{field: value})
    assert response.status_code == 422 and message in page(response)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.iin == NEW_IIN)) is None


def test_names_of_every_alphabet_with_their_marks_are_names():
    from caseworker.domain.names import is_name
    for name in ("Серікова", "Жақсылықова-Ахметова", "O'Brien", "Д'Артаньян", "Smith Jr.",
                 "Ли Мин", "Åsa", ""):
        assert is_name(name), name
    for name in ("Ivanov123", "<b>", "Асель!", "Нұр\tлан", "a_b"):
        assert not is_name(name), name


def test_duplicate_warning(app, client, world):
    login(client, "cw")
    response = register(client, last_name="Әбенова", first_name="Гүлнар",
                        phone="+7 701 111 22 33")
    assert response.status_code == 200 and "Check that this is not the same person" in page(response)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.iin == NEW_IIN)) is None
    confirmed = register(client, last_name="Әбенова", first_name="Гүлнар",
                         phone="+7 701 111 22 33", confirm_duplicate="yes")
    assert confirmed.status_code == 302
