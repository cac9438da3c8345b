"""The profile's side of the labour exchange: the API's person says what matching reads
(the desired occupations' codes, the locality, the wage asked and the last one), and takes
several codes; a code the classifier of occupations does not know is refused with its code
and a message naming it, at every door (the page, the API, the import), and nothing changes."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Person
from tests.api_world import bearer, error_of
from tests.imports import world as w
from tests.imports.conftest import at  # noqa: F401
from tests.offers_world import occupations, offers_world  # noqa: F401
from tests.people_client import page, post_form
from tests.conftest import login

UNKNOWN = "9998"  # four digits, as the form takes them: a unit group the classifier lacks


def test_the_api_shows_and_takes_what_matching_reads(client, offers_world):
    wd = offers_world
    url = f"/api/v1/persons/{wd['second']}"
    person = client.get(url, headers=bearer(wd)).get_json()
    assert person["occupation_codes"] == ["5221", "7231"] and person["locality"] == "Аральск"
    assert (person["expected_wage"], person["last_wage"]) == (170_000, 150_000)
    spec = client.get("/api/v1/openapi.json").get_json()
    shown = spec["components"]["schemas"]["Person"]["properties"]
    assert {"occupation_codes", "locality", "expected_wage", "last_wage"} <= set(shown)
    changed = client.patch(url, headers=bearer(wd), json={
        "version": person["version"], "occupation_codes": ["7231", "52", "5223"]})
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.get_json()["occupation_codes"] == ["7231", "52", "5223"]


def test_an_unknown_code_is_refused_through_the_api(client, offers_world):
    wd = offers_world
    url = f"/api/v1/persons/{wd['second']}"
    person = client.get(url, headers=bearer(wd)).get_json()
    error = error_of(client.patch(url, headers=bearer(wd), json={
        "version": person["version"], "occupation_codes": ["7231", UNKNOWN]}), 422,
        "occupation_unknown")
    assert UNKNOWN in error["message"] and "7231" not in error["message"]
    again = client.get(url, headers=bearer(wd)).get_json()
    assert again["occupation_codes"] == ["5221", "7231"] and again["version"] == person["version"]


def test_an_unknown_code_is_refused_on_the_page(app, client, offers_world):
    wd = offers_world
    login(client, "cw")
    url = f"/people/{wd['second']}/edit"
    with app.app_context():
        person = db.session.get(Person, wd["second"])
        data = {"version": str(person.version), "last_name": person.last_name,
                "first_name": person.first_name, "rural": "0",
                "consent_date": person.consent_date.isoformat(), "consent_basis": "written"}
    shown = post_form(client, url, {**data, "occupation_codes": f"5223, {UNKNOWN}"})
    assert shown.status_code == 422
    assert f"Not a code of the classifier of occupations: {UNKNOWN}." in page(shown)
    with app.app_context():
        assert db.session.get(Person, wd["second"]).occupation_codes == ["5221", "7231"]
    saved = post_form(client, url, {**data, "occupation_codes": "5223"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Person, wd["second"]).occupation_codes == ["5223"]


def test_an_unknown_code_is_a_bad_row_of_an_import(at):
    occupations()
    report = w.run({"persons.csv": w.table("persons", [
        w.person_row(1, occupation_codes="5223; 7231"),
        w.person_row(2, occupation_codes=f"5223; {UNKNOWN}")])}, at["sup"])
    assert [(p.column, p.code) for p in report.problems] == [
        ("occupation_codes", "occupation_unknown")]
    assert report.written is False  # all or nothing
    assert db.session.scalar(select(Person.id).where(
        Person.registered_on == date(2025, 2, 3))) is None
    report = w.run({"persons.csv": w.table("persons", [
        w.person_row(1, occupation_codes="5223; 7231")])}, at["sup"])
    assert report.problems == [] and report.written
    assert db.session.scalar(select(Person.occupation_codes).where(
        Person.registered_on == date(2025, 2, 3))) == ["5223", "7231"]
