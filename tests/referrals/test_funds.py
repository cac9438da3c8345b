"""An allocation's funds cannot be overspent: a referral commits its whole amount against the
funds left (allocated - committed by open referrals - paid on closed ones), read under the
allocation's lock; above what is left it is refused with `no_funds`, unless a supervisor goes
beyond with a reason. Twenty referrals racing for the last funds leave nothing below zero
(SQLite and PostgreSQL)."""
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import Allocation, Measure, Person, User
from caseworker.payments.queries import funds_of
from caseworker.referrals import operations, terms
from tests import factories as f
from tests.conftest import login
from tests.referrals.conftest import KYZYLORDA, TODAY, at_once, text, young
from tests.referrals.conftest import refused as refused_by

THREADS = 20


def youth_commitment(person) -> int:
    return terms.commitment(db.session.get(Measure, "youth_practice"), TODAY, person)


def test_a_commitment_above_the_funds_left_is_refused(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        district = f.districts_of(KYZYLORDA)[0]
        cw, sv = db.session.get(User, world["cw"]), db.session.get(User, world["sv"])
        first, second = db.session.get(Person, world["grad"]), young(district, last="Сейітова")
        each = youth_commitment(first)
        assert each == 12 * 30 * 4325  # the whole measure at 2026's MCI
        allocation = set_allocation("youth_practice", world["region"], world["district"],
                                    TODAY.year, 10, each + each // 2)
        operations.refer(first, "youth_practice", cw, on=TODAY)
        assert funds_of(allocation).left == each // 2
        refusal = refused_by("no_funds", operations.refer, second, "youth_practice", cw,
                             on=TODAY)
        assert refusal.field == "amount_kzt"
        # a smaller amount fits; a supervisor may go beyond with a reason
        smaller = operations.refer(second, "youth_practice", cw, on=TODAY,
                                   amount_kzt=each // 2)
        assert funds_of(allocation).left == 0
        operations.transition(smaller, "cancelled", TODAY, cw, reason="other", note="typo")
        assert funds_of(allocation).left == each // 2  # a closed referral frees what it did not pay
        beyond = operations.refer(second, "youth_practice", sv, on=TODAY,
                                  override_reason="decided by the akimat")
        assert beyond.amount_kzt == each and funds_of(allocation).left < 0
        db.session.rollback()


def test_the_form_shows_the_funds_left_beside_the_places(app, world, client):
    with app.app_context():
        each = youth_commitment(db.session.get(Person, world["grad"]))
        set_allocation("youth_practice", world["region"], world["district"], TODAY.year, 4,
                       3 * each)
        db.session.commit()
    login(client, "cw")
    page = text(client.get(f"/people/{world['grad']}/refer/youth_practice"))
    assert "Funds left" in page, page
    funds = page.split('id="funds-left"')[1].split("</p>")[0]
    assert f"{3 * each:,} ₸ / {3 * each:,} ₸" in funds  # (thousands as the locale writes them)


def test_twenty_referrals_racing_for_the_last_funds_leave_nothing_below_zero(app, world):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        people = [young(district, last=f"Нұрланова{n}").id for n in range(THREADS)]
        each = youth_commitment(db.session.get(Person, people[0]))
        allocation = set_allocation("youth_practice", world["region"], world["district"],
                                    TODAY.year, 100, 3 * each + each // 2)
        allocation_id = allocation.id
        db.session.commit()

    def submit(person_id):
        return operations.refer(db.session.get(Person, person_id), "youth_practice",
                                db.session.get(User, world["cw"]), on=TODAY).id

    made, refused = at_once(app, submit, people)
    assert len(made) == 3 and refused == ["no_funds"] * (THREADS - 3)
    with app.app_context():
        funds = funds_of(db.session.scalar(select(Allocation).where(
            Allocation.id == allocation_id)))
        assert funds.committed == 3 * each and funds.left == each // 2 >= 0
