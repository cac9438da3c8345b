import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.models import (
    AuditEvent, FieldChange, Person, RegistrationEpisode, TransferRequest, User)
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"
NEW_IIN = make(date(1998, 4, 12), "F", 4321)


@pytest.fixture
def world(app):
    with app.app_context():
        kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
        ids = {
            "own": f.person(kz[0], last="Әбенова", first="Гүлнар", sex="F",
                            phone="+7 701 111 22 33").id,
            "other": f.person(sh[0], last="Әбенов", first="Марат").id,
            "cw": f.user("cw", "caseworker", kz[0]).id,
            "cw2": f.user("cw2", "caseworker", kz[0]).id,
        }
        f.user("sv", "supervisor", kz[0])
        f.user("cw.sh", "caseworker", sh[0])
        f.user("sv.sh", "supervisor", sh[0])
        db.session.commit()
        return ids


def page(response):
    return response.get_data(as_text=True)


def post_form(client, url, data, form_url=None):
    token = csrf_from(page(client.get(form_url or url)))
    return client.post(url, data={**data, "csrf_token": token})


PROFILE = {"step": "profile", "last_name": "Серікова", "first_name": "Дана",
           "patronymic": "Ерланқызы", "phone": "8 701 555 44 33", "rural": "0",
           "education_level": "higher", "consent_date": "2026-11-20", "consent_basis": "written",
           "languages": ["kk", "ru"], "target_groups": ["low_income"]}


def register(client, iin=NEW_IIN, **extra):
    first = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    token = csrf_from(page(first))
    return client.post("/people/register", data={**PROFILE, "iin": iin, "csrf_token": token,
                                                  **extra})


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


def _ask_transfer(app, client, world):
    """The Kyzylorda caseworker asks for the Shymkent person; returns the person's IIN and
    the registration page the request was made from."""
    with app.app_context():
        iin = db.session.get(Person, world["other"]).iin
    login(client, "cw")
    first = post_form(client, "/people/register", {"step": "iin", "iin": iin})
    client.post("/people/transfers/request",
                data={"iin": iin, "note": "переехал", "csrf_token": csrf_from(page(first))})
    return iin, first


def _holder(app, client):
    """The supervisor of the person's district, logged in, with the request's id and the
    transfers page."""
    other = type(client)(app, client.response_wrapper)
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(other, "sv.sh")
    with app.app_context():
        request_id = db.session.scalar(select(TransferRequest.id))
    return other, request_id, page(other.get("/people/transfers"))


def test_transfer_end_to_end(app, client, world):
    iin, first = _ask_transfer(app, client, world)
    again = client.post("/people/transfers/request", follow_redirects=True, data={
        "iin": iin, "note": "ещё раз", "csrf_token": csrf_from(page(first))})
    assert "already waiting" in page(again) and f"IIN {iin[:6]}******" in page(again)
    assert client.get(f"/people/{world['other']}").status_code == 404
    other, request_id, inbox = _holder(app, client)
    assert "Waiting for a decision" in inbox
    other.post(f"/people/transfers/{request_id}",
               data={"decision": "approve", "csrf_token": csrf_from(inbox)})
    assert other.get(f"/people/{world['other']}").status_code == 404
    after = page(other.get("/people/transfers"))  # the old district: no link, where it went
    assert f"/people/{world['other']}" not in after and "The file is in" in after
    assert f"/people/{world['other']}" in page(client.get("/people/transfers"))
    shown = client.get(f"/people/{world['other']}")
    assert shown.status_code == 200 and "transfer from" in page(shown)
    with app.app_context():
        moved = db.session.get(Person, world["other"])
        assert moved.district.region.kato == KYZYLORDA and moved.caseworker_id == world["cw"]


def test_a_rejection_says_why(app, client, world):
    _ask_transfer(app, client, world)
    other, request_id, inbox = _holder(app, client)
    url = f"/people/transfers/{request_id}"
    bare = other.post(url, data={"decision": "reject", "reason": " ",
                                 "csrf_token": csrf_from(inbox)})
    assert bare.status_code == 200 and "Say why the transfer is rejected" in page(bare)
    assert other.post(url, data={"decision": "maybe", "reason": "x",
                                 "csrf_token": csrf_from(inbox)}).status_code == 400
    with app.app_context():
        assert db.session.get(TransferRequest, request_id).status == "pending"
    other.post(url, data={"decision": "reject", "reason": "живёт по-прежнему у нас",
                          "csrf_token": csrf_from(inbox)})
    with app.app_context():
        done = db.session.get(TransferRequest, request_id)
        assert (done.status, done.decision_note) == ("rejected", "живёт по-прежнему у нас")
    twice = other.post(url, data={"decision": "approve", "csrf_token": csrf_from(inbox)},
                       follow_redirects=True)  # an old tab
    assert "decided already: Rejected" in page(twice)
    assert "живёт по-прежнему у нас" in page(client.get("/people/transfers"))


def test_caseworker_cannot_approve_a_transfer(app, client, world):
    login(client, "cw.sh")
    assert client.get("/people/transfers").status_code == 200


def test_more_experience_than_the_age_allows_is_refused(app, client, world):
    login(client, "cw")
    response = register(client, experience_months="400")  # born in 1998: 13 years at most
    assert response.status_code == 422 and "More work experience than" in page(response)


def test_edit_records_history(app, client, world):
    login(client, "cw")
    url = f"/people/{world['own']}/edit"
    form = page(client.get(url))
    data = {"csrf_token": csrf_from(form), "version": "1", "last_name": "Әбенова",
            "first_name": "Гүлнар", "patronymic": "Маратұлы", "phone": "+7 702 000 11 22",
            "rural": "1", "consent_date": "2026-03-01", "consent_basis": "written"}
    response = client.post(url, data=data)
    assert response.status_code == 302
    with app.app_context():
        changes = {c.field: (c.old, c.new) for c in db.session.scalars(select(FieldChange))}
        assert changes["phone"] == ("+7 701 111 22 33", "+7 702 000 11 22")
        assert changes["rural"] == ("no", "yes")
        assert len({c.at for c in db.session.scalars(select(FieldChange))}) == 1
    text = page(client.get(f"/people/{world['own']}"))
    assert "+7 702 000 11 22" in text
    timeline = text[text.index('id="contacts"'):]
    assert timeline.count("Profile changed") == 1  # one save, one line
    assert "+7 701 111 22 33 → +7 702 000 11 22; Locality: Urban → Rural" in timeline


def _two_editors(app, client, world):
    """Two caseworkers of the district open the same profile's edit form."""
    second = type(client)(app, client.response_wrapper)
    second.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, "cw")
    login(second, "cw2")
    url = f"/people/{world['own']}/edit"
    return second, url, page(client.get(url)), page(second.get(url))


def test_concurrent_edits_give_409_and_keep_the_first(app, client, world):
    second, url, first_form, second_form = _two_editors(app, client, world)
    began = html.unescape(re.search(r'name="began" type="hidden" value="([^"]*)"',
                                    first_form).group(1))
    base = {"version": "1", "began": began, "last_name": "Әбенова", "first_name": "Гүлнар",
            "rural": "0", "phone": "+7 701 111 22 33", "consent_date": "2026-03-01",
            "consent_basis": "written"}
    assert client.post(url, data={**base, "phone": "+7 700 000 00 01",
                                  "csrf_token": csrf_from(first_form)}).status_code == 302
    late = second.post(url, data={**base, "skills": "Excel",
                                  "csrf_token": csrf_from(second_form)})
    assert late.status_code == 409
    text = page(late)
    assert "Someone else saved this record first" in text
    # what the other one changed is listed; the untouched fields are not
    listed = text[text.index("What the other person changed"):text.index("</table>")]
    assert "+7 700 000 00 01" in listed and "Skills" not in listed and "Last name" not in listed
    # the form holds the saved phone, my skills and the new version
    assert 'value="+7 700 000 00 01"' in text and re.search(r'id="skills"[^>]*>\s*Excel<', text)
    assert 'name="version" type="hidden" value="2"' in text
    with app.app_context():
        assert db.session.get(Person, world["own"]).phone == "+7 700 000 00 01"
        assert db.session.get(Person, world["own"]).skills is None
    again = second.post(url, data={**base, "version": "2", "phone": "+7 700 000 00 01",
                                   "skills": "Excel", "csrf_token": csrf_from(text)})
    assert again.status_code == 302
    with app.app_context():
        saved = db.session.get(Person, world["own"])
        assert (saved.phone, saved.skills) == ("+7 700 000 00 01", "Excel")


def test_both_changed_one_field(app, client, world):
    second, url, first_form, second_form = _two_editors(app, client, world)
    base = {"version": "1", "last_name": "Әбенова", "first_name": "Гүлнар", "rural": "0",
            "consent_date": "2026-03-01", "consent_basis": "written"}
    client.post(url, data={**base, "phone": "+7 700 000 00 01",
                           "csrf_token": csrf_from(first_form)})
    late = second.post(url, data={**base, "phone": "+7 700 000 00 02",
                                  "began": "not json", "csrf_token": csrf_from(second_form)})
    text = page(late)
    assert late.status_code == 409
    assert 'value="+7 700 000 00 02"' in text  # what was typed stays in the form


def test_deregister_and_return(app, client, world):
    login(client, "cw")
    show = f"/people/{world['own']}"
    with app.app_context():
        db.session.add(RegistrationEpisode(person_id=world["own"], registered_on=date(2026, 3, 1)))
        db.session.commit()
    assert '<option value="">—</option><option value="found_work">' in page(client.get(show))
    unsaid = post_form(client, show + "/deregister", {"leave-on": "2026-11-01"}, show)
    assert "Choose why the person leaves the register" in page(client.get(unsaid.location))
    with app.app_context():
        assert db.session.get(Person, world["own"]).status == "active"
    post_form(client, show + "/deregister", {"leave-reason": "found_work", "leave-on": "2026-11-01"},
              show)
    with app.app_context():
        iin = db.session.get(Person, world["own"]).iin
    said = page(post_form(client, "/people/register", {"step": "iin", "iin": iin}))
    assert "is deregistered now: register them again" in said and show in said
    post_form(client, show + "/return", {"on": "2026-11-20"}, show)
    said = page(post_form(client, "/people/register", {"step": "iin", "iin": iin}))
    assert "already registered in your district" in said
    with app.app_context():
        episodes = db.session.scalars(select(RegistrationEpisode).where(
            RegistrationEpisode.person_id == world["own"]).order_by(
                RegistrationEpisode.registered_on)).all()
        assert [(e.registered_on, e.deregistered_on, e.reason) for e in episodes] == [
            (date(2026, 3, 1), date(2026, 11, 1), "found_work"), (date(2026, 11, 20), None, None)]
        assert db.session.get(Person, world["own"]).status == "active"


def test_segment_override_needs_a_reason(app, client, world):
    login(client, "cw")
    show = f"/people/{world['own']}"
    post_form(client, show + "/segment", {"segment": "C", "reason": ""}, show)
    with app.app_context():
        assert db.session.get(Person, world["own"]).segment_override is None
    post_form(client, show + "/segment", {"segment": "C", "reason": "недавно освободилась"}, show)
    with app.app_context():
        person = db.session.get(Person, world["own"])
        assert person.segment_override == "C" and person.segment_reason == "недавно освободилась"
        assert db.session.scalar(select(FieldChange.field).where(
            FieldChange.person_id == person.id)) == "segment"


def test_name_search_folds_kazakh_letters_and_stays_in_scope(client, world):
    login(client, "cw")
    text = page(client.get("/people/?name=ӘБЕН"))
    assert "Әбенова Гүлнар" in text and "Әбенов Марат" not in text
    assert "1 person found" in text
    login(client, "cw.sh")
    text = page(client.get("/people/?name=әбен"))
    assert "Әбенов Марат" in text and "Әбенова" not in text


def test_a_name_typed_without_kazakh_letters_finds_its_kazakh_spelling(app, client, world):
    with app.app_context():
        f.person(f.districts_of(KYZYLORDA)[0], last="Абенов", first="Ерлан")
        db.session.commit()
    login(client, "cw")
    text = page(client.get("/people/?name=абен"))
    assert "Әбенова Гүлнар" in text and "Абенов Ерлан" in text and "Әбенов Марат" not in text
    assert "2 persons found" in text
    # listed by the folded name: "абенов ерлан" before "абенова гулнар"
    assert text.index("Абенов Ерлан") < text.index("Әбенова Гүлнар")
    for typed in ("Абенова Гулнар", "әбенова ГҮЛНАР", "Aбенова"):  # the last with a Latin A
        assert "Әбенова Гүлнар" in page(client.get("/people/", query_string={"name": typed}))
    assert "Абенов Ерлан" not in page(client.get("/people/?name=абенова"))


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


def test_iin_search_is_a_post_and_scoped(app, client, world):
    with app.app_context():
        own_iin = db.session.get(Person, world["own"]).iin
        other_iin = db.session.get(Person, world["other"]).iin
    login(client, "cw")
    found = post_form(client, "/people/find", {"iin": own_iin}, "/people/")
    assert found.headers["Location"].endswith(f"/people/{world['own']}")
    assert own_iin not in found.headers["Location"]
    missing = post_form(client, "/people/find", {"iin": other_iin}, "/people/")
    assert missing.headers["Location"].endswith("/people/")


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


def test_segments_page_for_supervisors_only(app, client, world):
    with app.app_context():
        db.session.get(Person, world["own"]).disability_group = 2
        db.session.commit()
    login(client, "cw")
    assert client.get("/people/segments").status_code == 403
    login(client, "sv")
    text = page(client.get("/people/segments"))
    assert "By sex" in text and "By age band" in text
    assert '<th scope="row">Group II</th>' in text


def test_a_save_raises_the_version_by_one(app, world):
    from caseworker.people import operations
    with app.app_context():
        person = db.session.get(Person, world["own"])
        user = db.session.get(User, world["cw"])
        before = person.version
        operations.update(person, {"phone": "+7 705 000 00 09", "education_level": "none"}, user,
                          clock.today(), version=before)
        db.session.commit()
        assert person.version == before + 1


def test_a_name_as_russian_documents_write_it_finds_the_kazakh_spelling(app, client, world):
    with app.app_context():
        f.person(f.districts_of(KYZYLORDA)[0], last="Әбдірахманова", first="Айгүл")
        db.session.commit()
    login(client, "cw")
    for typed in ("Абдрахманова", "абдирахманова айг", "Әбдірахм"):
        assert "Әбдірахманова Айгүл" in page(client.get("/people/", query_string={"name": typed}))


def test_a_person_placed_in_a_job_can_be_registered_again(app, client, world):
    with app.app_context():
        person = db.session.get(Person, world["own"])
        person.status = "employed"
        db.session.add(RegistrationEpisode(person_id=person.id, registered_on=date(2026, 3, 1),
                                           deregistered_on=date(2026, 6, 1), reason="placed"))
        db.session.commit()
    login(client, "cw")
    show = f"/people/{world['own']}"
    profile = page(client.get(show))
    assert "Register again" in profile and "/deregister" not in profile
    left = post_form(client, show + "/deregister",
                     {"leave-reason": "found_work", "leave-on": "2026-11-01"}, show)
    assert "not on the register now" in page(client.get(left.location))
    post_form(client, show + "/return", {"on": "2026-11-02"}, show)
    with app.app_context():
        assert db.session.get(Person, world["own"]).status == "active"
