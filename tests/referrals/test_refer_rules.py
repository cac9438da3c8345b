"""`operations.refer`: every rule it keeps, by the code it refuses with, and what it works out
itself (verdict, allocation, amount, destination)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import AuditEvent, Person, Referral, Region, RoadmapProject, User
from caseworker.referrals import operations, terms
from caseworker.refusals import Refused
from tests import factories as f
from tests.referrals.conftest import KYZYLORDA, SHYMKENT, TODAY, count
from tests.referrals.conftest import refused as refused_by


@pytest.fixture
def at(app, world):
    """The world's rows, loaded in a context of the test's own."""
    with app.test_request_context(headers={"Accept-Language": "en"}):  # messages in English
        yield {"grad": db.session.get(Person, world["grad"]),
               "old": db.session.get(Person, world["old"]),
               "cw": db.session.get(User, world["cw"]), "sv": db.session.get(User, world["sv"]),
               **{k: world[k] for k in ("provider", "far_provider", "region", "district")}}
        db.session.rollback()


def refused(code, *args, **kw) -> Refused:
    return refused_by(code, operations.refer, *args, **{"on": TODAY, **kw})


def region_id(kato: str) -> int:
    return db.session.scalar(select(Region.id).where(Region.kato == kato))


def test_it_works_out_the_verdict_allocation_amount_and_audit(at):
    allocation = set_allocation("youth_practice", at["region"], at["district"], TODAY.year, 5, 0)
    referral = operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY,
                                provider_id=at["provider"], comment="  ", token="t-1")
    # judged under youth practice's version in force that day: its second, from 2022
    assert referral.verdict["status"] == "passed" and referral.rules_version == 2
    assert referral.allocation_id == allocation.id and referral.comment is None
    assert referral.amount_kzt == terms.commitment(referral.measure, TODAY, at["grad"])
    assert [e.to_status for e in referral.events] == ["proposed"]
    assert db.session.scalar(select(AuditEvent.record_id).where(
        AuditEvent.action == "referral.create")) == str(referral.id)


def test_a_token_makes_one_referral(at):
    first = operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY, token="t-1")
    again = refused("duplicate_submit", at["grad"], "public_works", at["cw"], token="t-1")
    assert again.detail == {"referral_id": first.id} and again.status == 409


def test_the_measure_must_exist_and_be_active(at):
    assert refused("measure_not_found", at["grad"], "nope", at["cw"]).status == 404


@pytest.mark.parametrize("status", ["employed", "deregistered"])
def test_only_a_registered_person_is_referred(at, status):
    at["grad"].status = status
    refused("not_active", at["grad"], "youth_practice", at["cw"])


def test_the_provider_is_an_active_one_of_the_person_s_region(at):
    for provider_id in (at["far_provider"], 10**6):
        error = refused("validation_error", at["grad"], "youth_practice", at["cw"],
                        provider_id=provider_id)
        assert (error.field, error.status) == ("provider_id", 422)
        assert "No active provider" in str(error)


def test_a_project_is_one_of_the_person_s_region_this_year(at):
    projects = [RoadmapProject(region_id=at["region"], year=TODAY.year - 1, name="Мектеп",
                               jobs_kind="temporary"),
                RoadmapProject(region_id=region_id(SHYMKENT), year=TODAY.year, name="Жол",
                               jobs_kind="permanent"),
                RoadmapProject(region_id=at["region"], year=TODAY.year, name="Су құбыры",
                               jobs_kind="permanent")]
    db.session.add_all(projects)
    db.session.flush()
    for project in projects[:2]:
        assert refused("validation_error", at["grad"], "youth_practice", at["cw"],
                       project_id=project.id).field == "project_id"
    assert operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY,
                            project_id=projects[2].id).project_id == projects[2].id


def test_a_start_date_is_in_the_plan_years(at):
    error = refused("validation_error", at["grad"], "youth_practice", at["cw"],
                    start_on=date(1990, 1, 1))
    assert error.field == "start_on" and "check the year" in str(error)


def test_only_a_resettlement_names_where_to_and_it_must(at):
    north = region_id("590000000")
    assert refused("validation_error", at["grad"], "youth_practice", at["cw"],
                   destination_region_id=north).field == "destination_region_id"
    for where in (None, at["region"], region_id("790000000"), 10**6):  # own, labour-surplus
        error = refused("destination_required", at["old"], "resettlement", at["cw"],
                        destination_region_id=where)
        assert error.field == "destination_region_id"
    moved = operations.refer(at["old"], "resettlement", at["cw"], on=TODAY,
                             destination_region_id=north)
    assert moved.destination_region_id == north and moved.amount_kzt == terms.commitment(
        moved.measure, TODAY, at["old"], db.session.get(Region, north))


def test_one_open_referral_per_person_and_measure(at):
    first = operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY)
    refused("already_open", at["grad"], "youth_practice", at["sv"])
    first.status = "cancelled"  # a closed one does not count
    db.session.flush()
    operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY)


def test_ineligible_only_with_a_supervisor_s_reason(at):
    refused("not_eligible", at["old"], "youth_practice", at["cw"])
    refused("override_supervisor_only", at["old"], "youth_practice", at["cw"],
            override_reason="знаю лучше")
    made = operations.refer(at["old"], "youth_practice", at["sv"], on=TODAY,
                            override_reason="  опыт вожатым  ")
    assert made.verdict["status"] == "failed" and made.override_reason == "опыт вожатым"
    assert made.events[0].note == "опыт вожатым"


def test_no_places_left_only_with_a_supervisor_s_reason(at):
    set_allocation("youth_practice", at["region"], at["district"], TODAY.year, 0, 0)
    refused("no_places", at["grad"], "youth_practice", at["cw"])
    refused("override_supervisor_only", at["grad"], "youth_practice", at["cw"],
            override_reason="решение акима")
    assert operations.refer(at["grad"], "youth_practice", at["sv"], on=TODAY,
                            override_reason="решение акима").allocation_id is not None


def test_a_free_course_takes_no_amount(at):
    error = refused("free_measure", at["grad"], "short_training", at["cw"], amount_kzt=50000)
    assert (error.field, error.status) == ("amount_kzt", 422)
    assert operations.refer(at["grad"], "short_training", at["cw"], on=TODAY,
                            amount_kzt=0).amount_kzt == 0


def test_the_verdict_is_of_the_day_the_referral_is_made(at):
    """A back-dated referral keeps the verdict of its day: the day before they turned 36 the
    graduate of a year ago was young enough for youth practice; from their birthday, not."""
    person = f.person(f.districts_of(KYZYLORDA)[0], born=date(TODAY.year - 36, 1, 10),
                      graduation_year=TODAY.year - 1, experience_months=0,
                      education_level="higher")
    person.registered_on = date(TODAY.year - 1, 9, 1)  # registered before the referral
    birthday = date(TODAY.year, 1, 10)
    before = operations.refer(person, "youth_practice", at["cw"],
                              on=birthday - timedelta(days=1))
    assert before.verdict["status"] == "passed" and before.proposed_on < birthday
    assert terms.verdict_of(person, before.measure, birthday)["status"] == "failed"


def test_the_database_keeps_one_open_referral_when_the_check_is_passed_at_once(
        app, at, monkeypatch):
    """Two submissions of the same moment both pass the check; the database refuses the
    second, with the code the check would have given (races: test_races.py)."""
    operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY, token="a")
    monkeypatch.setattr(operations, "open_referral", lambda *_: None)
    refused("already_open", at["grad"], "youth_practice", at["cw"], token="b")
    db.session.rollback()
    operations.refer(at["grad"], "youth_practice", at["cw"], on=TODAY, token="a")
    db.session.commit()
    monkeypatch.setattr(operations, "by_token", lambda *_: None)
    grad = db.session.get(Person, at["grad"].id)
    refused("duplicate_submit", grad, "public_works", at["cw"], token="a")
    db.session.rollback()
    assert count(Referral) == 1
