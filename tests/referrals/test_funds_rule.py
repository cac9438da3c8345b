"""Whether a referral may go beyond the funds left is data of the measure's version: with
"approval" a supervisor may, with a recorded reason; with "refuse" no one may."""
from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import Measure, Person, User
from caseworker.payments.queries import funds_of
from caseworker.referrals import operations, terms
from tests.referrals.conftest import TODAY
from tests.referrals.conftest import refused as refused_by


def test_the_rule_of_the_measure_decides_whether_a_supervisor_may_go_beyond(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        sv = db.session.get(User, world["sv"])
        person = db.session.get(Person, world["grad"])
        measure = db.session.get(Measure, "youth_practice")
        each = terms.commitment(measure, TODAY, person)
        allocation = set_allocation("youth_practice", world["region"], world["district"],
                                    TODAY.year, 10, each // 2)
        version = measure.version_on(TODAY)
        assert version.over_funds == "approval"  # the reference data's rule for the measure
        version.over_funds = "refuse"
        db.session.flush()
        refusal = refused_by("no_funds_final", operations.refer, person, "youth_practice", sv,
                             on=TODAY, override_reason="decided by the akimat")
        assert refusal.field == "amount_kzt" and "never referred beyond" in str(refusal.message)
        assert funds_of(allocation).left == each // 2  # nothing committed
        version.over_funds = "approval"
        db.session.flush()
        refused_by("no_funds", operations.refer, person, "youth_practice", sv, on=TODAY)
        made = operations.refer(person, "youth_practice", sv, on=TODAY,
                                override_reason="decided by the akimat")
        assert made.override_reason == "decided by the akimat" and funds_of(allocation).left < 0
        db.session.rollback()


def test_grants_microcredits_and_resettlement_never_go_beyond(app):
    with app.app_context():
        for code in ("state_grant", "microcredit", "resettlement"):
            assert all(v.over_funds == "refuse" for v in db.session.get(Measure, code).versions)
        assert db.session.get(Measure, "social_job").versions[-1].over_funds == "approval"
