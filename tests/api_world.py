"""A small world for the integrator's API tests: in Kyzylorda's first district a caseworker,
a supervisor and two persons on the register (one referred, its outcome recorded), a person
in the region's second district with its own caseworker, the region's officer, an analyst, a
provider and an allocation; each user with an API token."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import Allocation, FollowUp, RegistrationEpisode, RoadmapProject
from caseworker.referrals import operations, outcomes
from tests import factories as f

KYZYLORDA, SHYMKENT = "430000000", "790000000"
TODAY = clock.today()
STARTED = date(TODAY.year, 1, 10)  # the persons' registration (this year: the rules of now)


def on_register(district, last, **kw):
    person = f.person(district, last=last, first="Мөлдір", sex="F", status="active",
                      born=date(TODAY.year - 24, 1, 15), graduation_year=TODAY.year - 1,
                      experience_months=0, education_level="higher",
                      consent_date=STARTED, consent_basis="written", **kw)
    person.registered_on = STARTED
    db.session.add(RegistrationEpisode(person_id=person.id, registered_on=STARTED))
    return person


def build() -> dict:
    kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
    users = f.staff(cw="caseworker", sv="supervisor", officer="regional_officer",
                    analyst="analyst", admin="admin")
    users["cw2"] = f.user("cw.second", "caseworker", kz[1])
    users["sh"] = f.user("cw.shymkent", "caseworker", sh[0])
    first = on_register(kz[0], "Әбдірахманова", caseworker_id=users["cw"].id)
    second = on_register(kz[0], "Бейсенова", caseworker_id=users["cw"].id)
    elsewhere = on_register(kz[1], "Голованова", caseworker_id=users["cw2"].id)
    far = on_register(sh[0], "Оспанова", caseworker_id=users["sh"].id)
    provider = f.provider(kz[0].region_id)
    far_provider = f.provider(sh[0].region_id, name="Оңтүстік")
    allocation = Allocation(measure_code="youth_practice", region_id=kz[0].region_id,
                            district_id=kz[0].id, year=TODAY.year, places=5, funds_kzt=0)
    far_allocation = Allocation(measure_code="youth_practice", region_id=sh[0].region_id,
                                district_id=None, year=TODAY.year, places=5, funds_kzt=0)
    project = RoadmapProject(region_id=kz[0].region_id, year=TODAY.year, name="Су құбыры",
                             jobs_kind="permanent", jobs_planned=10)
    db.session.add_all([allocation, far_allocation, project])
    db.session.flush()
    referral = operations.refer(first, "youth_practice", users["cw"], on=TODAY,
                                provider_id=provider.id)
    operations.transition(referral, "referred", TODAY, users["cw"])
    operations.transition(referral, "started", TODAY, users["cw"])
    outcome = outcomes.record_outcome(referral, users["cw"], kind="permanent_job",
                                      start_on=TODAY, employer="ТОО", wage_kzt=150000)
    if not outcome.follow_ups:  # planned by a background job otherwise
        outcome.follow_ups.extend(FollowUp(months=m, due_on=TODAY + timedelta(days=30 * m))
                                  for m in (3, 6, 12))
    db.session.flush()
    checked = outcome.follow_ups[0]
    outcomes.check_follow_up(checked, users["cw"], still_employed=True, source="employer",
                             on=TODAY)
    far_referral = operations.refer(far, "youth_practice", users["sh"], on=TODAY,
                                    provider_id=far_provider.id)
    db.session.flush()
    secrets = {name: tokens.create(u, "test")[1] for name, u in users.items()}
    db.session.commit()
    return {"tokens": secrets, "ids": {name: u.id for name, u in users.items()},
            "first": first.id, "second": second.id, "elsewhere": elsewhere.id, "far": far.id,
            "provider": provider.id, "far_provider": far_provider.id,
            "allocation": allocation.id, "far_allocation": far_allocation.id,
            "project": project.id, "referral": referral.id, "far_referral": far_referral.id,
            "outcome": outcome.id, "checked": checked.id, "open_check": outcome.follow_ups[1].id, "district": kz[0].id, "district2": kz[1].id,
            "yesterday": (TODAY - timedelta(days=1)).isoformat()}


def bearer(world, who="cw", **headers) -> dict:
    return {"Authorization": f"Bearer {world['tokens'][who]}", **headers}


def error_of(response, status, code=None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    if code:
        assert error["code"] == code, error
    return error


@pytest.fixture
def world(app):
    with app.app_context():
        return build()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
