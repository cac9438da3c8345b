"""A referral is judged, priced and kept under the measure's version in force on the day it
was proposed (back-dated too), at that day's MCI; never in the future, never before the
person's registration."""
from datetime import date, timedelta

import pytest

from caseworker.extensions import db
from caseworker.models import Person, User
from caseworker.referrals import operations
from tests import factories as f
from tests.referrals.conftest import KYZYLORDA, TODAY, bearer
from tests.referrals.conftest import refused as refused_by


@pytest.fixture
def at(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield {"cw": db.session.get(User, world["cw"]), "sv": db.session.get(User, world["sv"]),
               "district": f.districts_of(KYZYLORDA)[0]}
        db.session.rollback()


def registered(district, on: date, **kw) -> Person:
    person = f.person(district, **kw)
    person.registered_on = on
    db.session.flush()
    return person


def test_a_2020_grant_is_priced_at_200_mci_at_the_mci_of_its_day(at):
    person = registered(at["district"], date(2020, 1, 10))
    march = operations.refer(person, "state_grant", at["sv"], on=date(2020, 3, 15),
                             override_reason="demo")
    assert (march.amount_kzt, march.rules_version, march.proposed_on) == (
        530_200, 1, date(2020, 3, 15))
    operations.transition(march, "cancelled", date(2020, 3, 20), at["sv"], reason="other",
                          note="typed twice")
    april = operations.refer(person, "state_grant", at["sv"], on=date(2020, 4, 15),
                             override_reason="demo")
    assert april.amount_kzt == 555_600 and april.rules_version == 1


def test_youth_practice_judges_the_age_by_the_rules_of_the_day(at):
    person = registered(at["district"], date(2019, 1, 10), born=date(1988, 1, 10),
                        graduation_year=2020, graduated_on=date(2020, 6, 25),
                        experience_months=0, education_level="higher")
    refused_by("not_eligible", operations.refer, person, "youth_practice", at["cw"],
               on=date(2020, 8, 19))  # 32: youth practice took up to 29 then
    # the diploma of 25 June 2020: within three years of it on 9 January 2023 (a year alone,
    # 2020, would not decide: a diploma of January 2020 would be three years old)
    referral = operations.refer(person, "youth_practice", at["cw"], on=date(2023, 1, 9))
    assert referral.verdict["status"] == "passed" and referral.rules_version == 2
    # a commitment for the whole measure: 30 MCI a month for its 12 months at 2023's MCI
    assert referral.amount_kzt == 12 * 30 * 3450


def test_an_enbek_youth_practice_commits_six_months_of_18_mci(at):
    person = registered(at["district"], date(2020, 1, 10), born=date(1996, 1, 10),
                        graduation_year=2019, experience_months=0, education_level="higher")
    referral = operations.refer(person, "youth_practice", at["cw"], on=date(2020, 4, 15))
    assert referral.rules_version == 1 and referral.amount_kzt == 6 * 18 * 2778


def test_the_referral_keeps_its_version_for_approval_and_duration(at):
    person = registered(at["district"], date(2020, 1, 10), household_size=2)
    referral = operations.refer(person, "resettlement", at["cw"], on=date(2020, 5, 4),
                                destination_region_id=f.region("590000000").id)
    assert referral.rules_version == 1 and referral.measure_version.valid_from == date(2017, 1, 1)
    assert referral.needs_approval is True and referral.measure_version.max_months == 12


def test_not_in_the_future_not_before_registration_not_before_the_measure(at):
    person = registered(at["district"], date(2020, 1, 10), born=date(1998, 1, 10),
                        graduation_year=2021, experience_months=0, education_level="higher")
    refused_by("future", operations.refer, person, "youth_practice", at["cw"],
               on=TODAY + timedelta(days=1))
    refused_by("referral_before_registration", operations.refer, person, "youth_practice",
               at["cw"], on=date(2020, 1, 9))
    refused_by("measure_not_in_force", operations.refer, person, "first_job", at["cw"],
               on=date(2020, 6, 1))


def test_the_api_takes_the_day_a_referral_was_proposed(app, world, client):
    with app.app_context():
        person = registered(db.session.get(User, world["cw"]).district, date(2020, 1, 10))
        db.session.commit()
        person_id = person.id
    body = {"person_id": person_id, "measure_code": "state_grant", "on": "2020-03-15",
            "override_reason": "a back-dated entry"}
    made = client.post("/api/v1/referrals", json=body,
                       headers=bearer(world, "sv", **{"Idempotency-Key": "back"}))
    assert made.status_code == 201, made.json
    assert made.json["amount_kzt"] == 530_200 and made.json["rules_version"] == 1
    ahead = client.post("/api/v1/referrals", json={
        **body, "measure_code": "youth_practice", "on": (TODAY + timedelta(days=1)).isoformat()},
        headers=bearer(world, "sv", **{"Idempotency-Key": "ahead"}))
    assert ahead.status_code == 422 and ahead.json["error"]["code"] == "future"


def test_a_letter_is_numbered_by_the_region_of_its_day(at):
    """Semey was East Kazakhstan's (63) until 8 June 2022 and is Abai's (10) since: its
    letters are numbered by the region that held it on the day each was issued."""
    from sqlalchemy import select
    from caseworker.models import District
    semey = db.session.scalar(select(District).where(District.kato == "101010000"))
    user = f.user("cw.semey", "caseworker", semey)
    provider = f.provider(semey.region_id).id
    numbers = []
    for proposed, issued in ((date(2021, 3, 5), date(2021, 3, 9)),
                             (date(2022, 6, 1), date(2022, 6, 7)),
                             (date(2022, 6, 8), date(2022, 6, 8))):
        person = registered(semey, date(2021, 3, 1), born=date(1980, 1, 1))
        referral = operations.refer(person, "public_works", user, on=proposed,
                                    provider_id=provider)
        numbers.append(operations.transition(referral, "referred", issued, user).number)
    assert numbers == ["63-2021-000001", "63-2022-000001", "10-2022-000001"]
