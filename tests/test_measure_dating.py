"""The version in force on the decision date decides: whom a measure took, what it paid (at
that day's MCI), and which version a verdict reports. Figures from measure_versions.csv."""
from datetime import date

import pytest
from sqlalchemy import select

from caseworker.domain import eligibility
from caseworker.extensions import db
from caseworker.measures.eligibility import eligible_condition, verdict_on, verdicts
from caseworker.measures.versions import commitment, mci_on
from caseworker.models import Measure, Person
from caseworker.reference_data import file_versions
from tests import factories as f

KYZYLORDA, NORTH, AKMOLA = "430000000", "590000000", "110000000"


def measure(code: str) -> Measure:
    return db.session.get(Measure, code)


def test_a_2020_grant_defaults_to_200_mci_at_the_mci_of_its_decision_date(ctx):
    person = f.person(f.districts_of(KYZYLORDA)[0])
    grant = measure("state_grant")
    assert (mci_on(date(2020, 3, 31)), mci_on(date(2020, 4, 1))) == (2651, 2778)
    assert commitment(grant, date(2020, 3, 31), person) == 530_200
    assert commitment(grant, date(2020, 4, 1), person) == 555_600
    assert commitment(grant, date(2023, 5, 5), person) == 1_380_000  # 400 MCI at 3 450
    assert commitment(grant, date(2016, 12, 31), person) is None  # before the catalogue


def test_a_move_to_north_kazakhstan_pays_70_mci_a_member_from_2023(ctx):
    person = f.person(f.districts_of(KYZYLORDA)[0], household_size=3)
    move, north, akmola = measure("resettlement"), f.region(NORTH), f.region(AKMOLA)
    assert commitment(move, date(2022, 6, 1), person, north) == 3 * 35 * 3180
    assert commitment(move, date(2023, 6, 1), person, north) == 3 * 70 * 3450
    assert commitment(move, date(2023, 6, 1), person, akmola) == 3 * 35 * 3450


def graduate(born=date(1991, 1, 10)) -> Person:
    return f.person(f.districts_of(KYZYLORDA)[0], born=born, graduation_year=2020,
                    experience_months=0, education_level="higher")


def test_youth_practice_took_up_to_29_under_enbek_and_takes_up_to_35_now(ctx):
    person, practice = graduate(), measure("youth_practice")  # 30 in June 2021, 31 in 2022
    then = verdict_on(person, practice, date(2021, 6, 1))
    assert then.status == eligibility.FAILED
    assert (then.version, then.version_from) == (1, date(2017, 1, 1))
    age = next(o for o in then.outcomes if o.rule == "max_age")
    assert age.values["limit"] == 29 and age.status == eligibility.FAILED
    now = verdict_on(person, practice, date(2022, 6, 1))
    assert now.status == eligibility.PASSED and now.version == 2
    assert next(o for o in now.outcomes if o.rule == "max_age").values["limit"] == 35


def test_the_proactive_list_narrows_by_the_rules_of_its_day(ctx):
    person, practice = graduate(), measure("youth_practice")

    def found(on):
        return db.session.scalar(select(Person.id).where(
            Person.id == person.id, eligible_condition(practice, on)))
    assert found(date(2021, 6, 1)) is None and found(date(2022, 6, 1)) == person.id
    assert found(date(2016, 6, 1)) is None  # no version in force: nobody


def test_verdicts_leave_out_what_was_not_in_force_and_name_the_version(ctx):
    person = graduate(born=date(1996, 1, 10))
    catalogue = db.session.scalars(select(Measure)).all()
    in_2020 = {m.code: v for m, v in verdicts(person, catalogue, date(2020, 8, 19))}
    assert "first_job" not in in_2020 and "generation_contract" not in in_2020
    assert in_2020["youth_practice"].version == 1 and in_2020["state_grant"].version == 1
    today = {m.code: v for m, v in verdicts(person, catalogue, date(2026, 11, 27))}
    assert today["youth_practice"].version == 2 and "first_job" in today
    assert today["public_works"].version == 1 and today["silver_age"].version == 2


@pytest.mark.parametrize("code, changes", [
    ("state_grant", {"benefit_amount": (200, 400)}),
    ("youth_practice", {"max_age": (29, 35), "benefit_amount": (18, 30), "max_months": (6, 12)}),
])
def test_the_file_ships_the_enbek_era_and_the_current_versions(code, changes):
    enbek, now = file_versions()[code]
    assert (enbek["valid_from"], enbek["valid_to"]) == (date(2017, 1, 1), date(2021, 12, 31))
    assert now["valid_from"] == date(2022, 1, 1) and now["valid_to"] is None
    for name, (before, after) in changes.items():
        read = (lambda v: v["rules"][name]) if name == "max_age" else (lambda v: v[name])
        assert (read(enbek), read(now)) == (before, after)
    assert enbek["source_en"] and now["source_en"] and enbek["confidence"] and now["confidence"]
