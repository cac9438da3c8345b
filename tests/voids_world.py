"""The world of the void tests: a person registered in a Kyzylorda district with a referral
whose participation started, one to a training only referred, one to a vacancy; two
caseworkers and the supervisor of the district, a supervisor of another, and API tokens."""
from __future__ import annotations

from datetime import date

import pytest

from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import Referral
from tests import factories as f

PROPOSED = date(2025, 2, 1)
REFERRALS = (("started", "public_works", "started"), ("referred", "short_training", "referred"),
             ("vacancy", "job_placement", "referred"))


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of("430000000")
        person = f.registered_person(kz[0])
        made = {name: Referral(person_id=person.id, measure_code=code, status=status,
                               proposed_on=PROPOSED, status_on=PROPOSED, verdict={})
                for name, code, status in REFERRALS}
        db.session.add_all(made.values())
        users = {"cw": f.user("cw", "caseworker", kz[0]), "cw2": f.user("cw2", "caseworker", kz[0]),
                 "sv": f.user("sv", "supervisor", kz[0]),
                 "sv.other": f.user("sv.other", "supervisor", kz[1])}
        secrets = {name: tokens.create(u, "test")[1] for name, u in users.items()}
        db.session.commit()
        return {"person": person.id, **{k: r.id for k, r in made.items()},
                **{k: u.id for k, u in users.items()}, "tokens": secrets}
