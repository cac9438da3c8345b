"""What an import reads by the row's date: a district by the KATO code it had that day (Semey
was 632810000 in East Kazakhstan until the split of 8 June 2022, 101010000 in Abai since), and
a letter numbered among the letters of the region its district belonged to on the referred
date."""
from __future__ import annotations

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import District, Letter, Person
from tests import factories as f
from tests.imports import world as w

SEMEY_THEN, SEMEY_NOW = "632810000", "101010000"


def semey_world() -> dict:
    semey = db.session.scalar(select(District).where(District.kato == SEMEY_NOW))
    users = {"sup": f.user("semey_sup", "supervisor", semey)}
    provider = f.provider(semey.region_id)
    db.session.commit()
    return {**users, "district": semey, "provider": provider}


def test_an_old_code_on_an_old_date_is_the_district_it_named_then(at):
    semey = semey_world()
    row = w.person_row(0, registered_on="2021-03-01", consent_date="2021-03-01",
                       district_id=SEMEY_THEN)
    report = w.run({"persons.csv": w.table("persons", [row])}, semey["sup"])
    assert not report.problems, report.problems
    assert db.session.scalar(select(Person.district_id)) == semey["district"].id
    late = w.person_row(1, registered_on="2023-03-01", consent_date="2023-03-01",
                        district_id=SEMEY_THEN)
    report = w.run({"persons.csv": w.table("persons", [late])}, semey["sup"])
    assert [(p.column, p.value, p.code) for p in report.problems] == [
        ("district_id", SEMEY_THEN, "import_district")]
    today = late | {"district_id": SEMEY_NOW}
    assert not w.run({"persons.csv": w.table("persons", [today])}, semey["sup"]).problems


def test_a_letter_is_numbered_in_the_region_of_the_referred_date(at):
    semey = semey_world()
    persons = [w.person_row(n, registered_on="2021-03-01", consent_date="2021-03-01")
               for n in range(2)]
    referrals = [{"external_id": f"R{n}", "iin": p["iin"], "measure_code": "public_works",
                  "on": f"{year}-04-01", "provider_id": semey["provider"].id}
                 for n, (p, year) in enumerate(zip(persons, (2021, 2023)))]
    steps = [{"external_id": f"S{n}", "referral_external_id": f"R{n}", "to": "referred",
              "on": f"{year}-04-02"} for n, year in enumerate((2021, 2023))]
    report = w.run({"persons.csv": w.table("persons", persons),
                    "referrals.csv": w.table("referrals", referrals),
                    "steps.csv": w.table("steps", steps)}, semey["sup"])
    assert not report.problems, [(p.line, p.code, p.message) for p in report.problems]
    numbers = db.session.scalars(select(Letter.number).order_by(Letter.issued_on)).all()
    assert numbers == ["63-2021-000001", "10-2023-000001"]
