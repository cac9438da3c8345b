"""A payment is dated the day it happened, judged as every dated event is (event_dates): not in
the future, not before the day its person was referred; a reversal not before the payment it
takes back. The page's form starts at today; a day it refuses is said beside the field, and
nothing is written."""
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import Payment
from caseworker.payments import operations, queries
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.money_world import KYZYLORDA, TODAY, staff, today  # noqa: F401 (fixtures)

PROPOSED, REFERRED = date(2026, 1, 10), date(2026, 2, 2)


@pytest.fixture
def world(app, today):  # noqa: F811
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        users = staff(district)
        grant = f.referral(f.person(district, last="Күнделікова"), "state_grant",
                           [("proposed", PROPOSED), ("referred", REFERRED),
                            ("started", date(2026, 2, 9))], amount=3_000_000)
        db.session.commit()
        return {"grant": grant.id, "finance": users["finance"].id}


def _pay(world, paid_on, number="Д-1"):
    return operations.record_payment(
        db.session.get(operations.Referral, world["grant"]),
        db.session.get(operations.User, world["finance"]), amount=100_000, paid_on=paid_on,
        document_number=number, today=TODAY)


def test_not_before_the_day_the_person_was_referred(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert queries.referred_on(db.session.get(operations.Referral, world["grant"])) == (
            REFERRED)
        for day, code in ((date(2026, 1, 20), "paid_before_referral"),
                          (date(2026, 11, 28), "paid_in_future")):
            with pytest.raises(Refused) as caught:
                _pay(world, day)
            assert (caught.value.code, caught.value.field) == (code, "paid_on")
            if code == "paid_before_referral":
                assert "referred (02.02.2026)" in str(caught.value.message)
        payment = _pay(world, REFERRED)
        with pytest.raises(Refused) as caught:
            operations.reverse_payment(payment, db.session.get(operations.User, world["finance"]),
                                       reason="қате", paid_on=date(2026, 2, 1), today=TODAY)
        assert caught.value.code == "reversal_before_payment"
        db.session.rollback()


def test_the_page_starts_at_today_and_says_which_day_is_refused(app, client, world):
    response = login(client, "finance")
    token = csrf_from(response.get_data(as_text=True))
    url = f"/referrals/{world['grant']}/money"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{TODAY.isoformat()}"' in page  # the day paid starts at today
    data = {"csrf_token": token, "kind": "grant", "amount_kzt": "100 000",
            "document_number": "Д-1"}
    early = client.post(url + "/payments", data=data | {"paid_on": "2026-01-20"})
    assert early.status_code == 422
    assert ("The payment date cannot be before the day the person was referred (02.02.2026)."
            in early.get_data(as_text=True))
    future = client.post(url + "/payments", data=data | {"paid_on": "2026-11-28"})
    assert future.status_code == 422 and "in the future" in future.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Payment)) == 0
    done = client.post(url + "/payments", data=data | {"paid_on": "2026-02-02"})
    assert done.status_code == 303
