"""A version added by mistake (a decree's wrong amount or day) is withdrawn before its first
day, with a reason and a tick: the version before it ends as it did, the page lists what the
withdrawn one said, who withdrew it and why, and its number is never given again. A version in
force, one a referral was judged under, or one with a later version after it stays."""
from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.measures import operations
from caseworker.models import Measure, User, WithdrawnVersion
from caseworker.refusals import Refused
from tests.conftest import csrf_from, login
from tests.test_measure_versions import text, version_form, versions_of, world  # noqa: F401

CODE = "youth_practice"
BEFORE = [(1, date(2017, 1, 1), date(2021, 12, 31)), (2, date(2022, 1, 1), None)]


def _add(client, day="2027-01-01", amount="45"):
    response = client.post(f"/measures/{CODE}/versions", data=version_form(
        client, CODE, valid_from=day, benefit_amount=amount, source_en="Decree No. 1"))
    assert response.status_code == 302, text(response)


def _withdraw(client, number, **data):
    page = text(client.get(f"/measures/{CODE}/edit"))
    return client.post(f"/measures/{CODE}/versions/{number}/withdraw",
                       data={"csrf_token": csrf_from(page), **data}, follow_redirects=True)


def test_a_version_not_yet_in_force_is_withdrawn_and_shown_as_it_was(app, client, world):
    login(client, "ad")
    assert versions_of(app, CODE) == BEFORE
    _add(client)
    page = text(client.get(f"/measures/{CODE}/edit"))
    assert "Withdraw it before its first day" in page
    unticked = text(_withdraw(client, 3, reason="опечатка в сумме"))
    assert "Tick the confirmation to withdraw the version." in unticked
    assert len(versions_of(app, CODE)) == 3
    done = text(_withdraw(client, 3, reason="опечатка в сумме", confirm="y"))
    assert "Version 3 is withdrawn." in done
    assert versions_of(app, CODE) == BEFORE  # version 2 is open again
    assert "Withdrawn before their first day" in done and "опечатка в сумме" in done
    assert "it said: 45 MCI" in done
    with app.app_context():
        said = db.session.scalar(select(WithdrawnVersion.said))
        assert (said["source_kk"], said["source_ru"], said["source_en"]) == (
            None, None, "Decree No. 1")
    _add(client, amount="40")  # the corrected decree: a new number
    assert [n for n, *_ in versions_of(app, CODE)] == [1, 2, 4]


@pytest.mark.parametrize("number, code", [(2, "version_not_last"), (9, "version_unknown")])
def test_only_the_latest_version_not_yet_in_force_is_withdrawn(app, client, world, number,
                                                               code):
    login(client, "ad")
    _add(client)
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.login == "ad"))
        with pytest.raises(Refused) as refused:
            operations.withdraw_version(db.session.get(Measure, CODE), number, admin, "x", True)
        assert refused.value.code == code


def test_a_version_in_force_stays(app, client, world):
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.login == "ad"))
        with pytest.raises(Refused) as refused:
            operations.withdraw_version(db.session.get(Measure, CODE), 2,
                                        db.session.get(User, admin_id), "x", True)
        assert refused.value.code == "version_in_force"
        with pytest.raises(Refused) as no_reason:
            operations.withdraw_version(db.session.get(Measure, CODE), 2,
                                        db.session.get(User, admin_id), " ", True)
        assert no_reason.value.code == "withdraw_reason_required"
        assert db.session.scalar(select(WithdrawnVersion.id)) is None
    login(client, "ad")
    assert "Withdraw it before its first day" not in text(client.get(f"/measures/{CODE}/edit"))


def test_only_an_admin_withdraws(client, world):
    login(client, "cw")
    token = csrf_from(text(client.get("/")))
    response = client.post(f"/measures/{CODE}/versions/2/withdraw",
                           data={"csrf_token": token, "reason": "x", "confirm": "y"})
    assert response.status_code == 403
