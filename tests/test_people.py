"""A person's profile: editing with its history and optimistic locking, search, episodes,
the segment by hand, the segments page."""
import html
import re
from datetime import date

from sqlalchemy import select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import FieldChange, Person, RegistrationEpisode, User
from tests import factories as f
from tests.conftest import csrf_from, login
from tests import people_client
from tests.people_client import other_client, page, post_form

KYZYLORDA = f.PEOPLE_REGIONS[0]
world = people_client.world


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
    login(client, "cw")
    second = other_client(app, client, "cw2")
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
    assert unsaid.status_code == 422  # the page again, the form open, the message beside it
    assert "Choose why the person leaves the register" in page(unsaid)
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
    refused = post_form(client, show + "/segment", {"segment": "C", "reason": ""}, show)
    with app.app_context():
        assert db.session.get(Person, world["own"]).segment_override is None
    # the page again, the form open, the choice kept, the message beside the reason
    assert refused.status_code == 422
    form = page(refused)
    form = form[form.index('action="/people/%d/segment"' % world["own"]) - 400:]
    assert "<details open>" in form[:450]
    assert re.search(r'<option selected value="C">|<option value="C" selected>', form)
    assert "is-invalid" in form[:form.index("</form>")]
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
    grouped = " ".join((own_iin[:4], own_iin[4:8], own_iin[8:]))  # as written on papers
    found = post_form(client, "/people/find", {"iin": grouped}, "/people/")
    assert found.headers["Location"].endswith(f"/people/{world['own']}")


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
    assert left.status_code == 422 and "not on the register now" in page(left)
    post_form(client, show + "/return", {"on": "2026-11-02"}, show)
    with app.app_context():
        assert db.session.get(Person, world["own"]).status == "active"


def test_gaps_in_the_file_make_the_segment_provisional_and_say_what_is_missing(app, client,
                                                                              world):
    login(client, "cw")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    shown = html.unescape(page(client.get(f"/people/{world['own']}")))  # nothing recorded
    assert "Provisional." in shown
    assert "since registration: the end of the last job is not recorded" in shown
    for missing in ("Education", "Work experience, months", "Last job ended on"):
        assert missing in shown[shown.index("Provisional."):], missing
    with app.app_context():
        person = db.session.get(Person, world["own"])
        person.education_level, person.experience_months = "higher", 0  # never worked
        db.session.commit()
    shown = page(client.get(f"/people/{world['own']}"))
    assert "Provisional." not in shown and "the last job is not recorded" not in shown
