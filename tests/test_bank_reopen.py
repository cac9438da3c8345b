"""A bank file's row settled by mistake is opened again, with a reason and a tick, by whoever
may settle it (the district's finance officer or supervisor): it waits in the finance queue
once more, keeps who had settled it, when and what they said beside who opened it, when and
why, shows that on the page, and is audited. The page and the API call the same operation and
show what it refuses; another district's row is not found."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from caseworker.api import tokens
from caseworker.casework import worklist
from caseworker.extensions import db
from caseworker.models import AuditEvent, BankImport, UnmatchedRow, User
from caseworker.models.types import utcnow
from caseworker.payments import bank_imports
from caseworker.refusals import Refused, committed
from tests import factories as f
from tests.api_kit import assert_error
from tests.conftest import csrf_from, login
from tests.money_world import KYZYLORDA, TODAY, staff, today  # noqa: F401 (fixture)
from tests.doors_kit import MADE_UP, refuse_with_made_up
from tests.referrals.conftest import at_once


def _row(district, user, number: str, **values) -> int:
    kept = BankImport(district_id=district.id, user_id=user.id, file_name="bank.csv",
                      file_hash="0" * 64, rows=1, matched=0)
    db.session.add(kept)
    db.session.flush()
    row = UnmatchedRow(import_id=kept.id, district_id=district.id, line=2, reference="43-X",
                       document_number=number, reason="не найдено", **values)
    db.session.add(row)
    db.session.flush()
    return row.id


@pytest.fixture
def ids(app, today):  # noqa: F811
    """In the first district: a row settled by its finance officer, a row a later file took
    up, a row waiting; in the second district, a settled row."""
    with app.app_context():
        here, there = f.districts_of(KYZYLORDA)[:2]
        users = staff(here)
        far = staff(there, ".far")
        made = {name: u.id for name, u in users.items()} | {
            "finance.far": far["finance"].id, "supervisor.far": far["supervisor"].id}
        made["settled"] = _row(here, users["finance"], "Б-1")
        bank_imports.resolve(db.session.get(UnmatchedRow, made["settled"]), users["finance"],
                             "возврат в банк")
        later = BankImport(district_id=here.id, user_id=users["finance"].id, file_name="b2.csv",
                           file_hash="1" * 64, rows=1, matched=1, accepted=True)
        db.session.add(later)
        db.session.flush()
        made["taken_up"] = _row(here, users["finance"], "Б-2", resolved_at=utcnow(),
                                resolved_by_import_id=later.id)
        made["waiting"] = _row(here, users["finance"], "Б-3")
        made["far_row"] = _row(there, far["finance"], "Б-4")
        bank_imports.resolve(db.session.get(UnmatchedRow, made["far_row"]), far["finance"],
                             "оплачено вручную")
        made["token"] = tokens.create(users["finance"], "test")[1]
        db.session.commit()
        return made


def _user(ids, name: str) -> User:
    return db.session.get(User, ids[name])


def _waiting(app, ids, name: str = "finance") -> int:
    with app.test_request_context():
        return worklist.counts(_user(ids, name), TODAY)["bank_unmatched"]


def test_a_row_opened_again_waits_and_keeps_the_settlement(app, ids):
    assert _waiting(app, ids) == 1
    with app.app_context():
        row = db.session.get(UnmatchedRow, ids["settled"])
        settled_at = row.resolved_at
        bank_imports.reopen(row, _user(ids, "supervisor"), "  не тот документ ", True)
        db.session.commit()
        row = db.session.get(UnmatchedRow, ids["settled"])
        assert (row.resolved_at, row.resolved_by_id, row.resolution) == (None, None, None)
        assert (row.reopened_resolution, row.reopened_resolved_by_id) == (
            "возврат в банк", ids["finance"])
        assert row.reopened_done_on == settled_at.date() == TODAY
        assert (row.reopen_reason, row.reopened_by_id) == ("не тот документ",
                                                           ids["supervisor"])
        assert row.reopened_at is not None
        assert db.session.scalar(select(AuditEvent.user_id).where(
            AuditEvent.action == "payment.unmatched_reopen",
            AuditEvent.record_id == str(row.id))) == ids["supervisor"]
    assert _waiting(app, ids) == 2
    with app.app_context():  # settled again later, it keeps the opening's note
        bank_imports.resolve(db.session.get(UnmatchedRow, ids["settled"]),
                             _user(ids, "finance"), "оплачено платёжкой 7")
        db.session.commit()
        row = db.session.get(UnmatchedRow, ids["settled"])
        assert (row.resolution, row.reopen_reason) == ("оплачено платёжкой 7",
                                                       "не тот документ")


@pytest.mark.parametrize("who, row, reason, confirmed, code", [
    ("finance", "settled", "", True, "reopen_reason_required"),
    ("finance", "settled", "   ", True, "reopen_reason_required"),
    ("finance", "settled", "ошибка", False, "confirm_reopen"),
    ("caseworker", "settled", "ошибка", True, "forbidden"),
    ("finance.far", "settled", "ошибка", True, "forbidden"),
    ("supervisor.far", "settled", "ошибка", True, "forbidden"),
    ("finance", "waiting", "ошибка", True, "unmatched_not_settled"),
    ("finance", "taken_up", "ошибка", True, "unmatched_taken_up"),
])
def test_opening_again_refuses_and_changes_nothing(app, ids, who, row, reason, confirmed,
                                                   code):
    with app.app_context():
        record = db.session.get(UnmatchedRow, ids[row])
        before = (record.resolved_at, record.resolution, record.resolved_by_import_id)
        with pytest.raises(Refused) as refused:
            bank_imports.reopen(record, _user(ids, who), reason, confirmed)
        assert refused.value.code == code
        db.session.rollback()
        record = db.session.get(UnmatchedRow, ids[row])
        assert (record.resolved_at, record.resolution, record.resolved_by_import_id) == before
        assert record.reopened_at is None


def _as_read(row: UnmatchedRow, at, by: int, resolution: str) -> None:
    """The row as a request that read it before another's write holds it: settled."""
    db.session.refresh(row)
    for name, value in (("resolved_at", at), ("resolved_by_id", by),
                        ("resolution", resolution)):
        set_committed_value(row, name, value)
    assert row.resolved_at == at and row.resolved_by_import_id is None


def test_two_at_once_open_it_once(app, ids):
    """The second of two requests read the row settled, but the UPDATE finds it open."""
    with app.app_context():
        row = db.session.get(UnmatchedRow, ids["settled"])
        settled = row.resolved_at
        bank_imports.reopen(row, _user(ids, "finance"), "первый", True)
        _as_read(row, settled, ids["finance"], "возврат в банк")  # as the second read it
        with pytest.raises(Refused) as second:
            bank_imports.reopen(row, _user(ids, "supervisor"), "второй", True)
        assert second.value.code == "unmatched_not_settled"
        db.session.commit()
        db.session.refresh(row)
        assert (row.resolved_at, row.reopen_reason) == (None, "первый")


def test_ten_at_once_open_it_once(app, ids):
    """Ten requests released together, each reading the row in its own session: one opens it,
    the others are refused (not settled any more, or busy where the database locks whole)."""
    def work(who):
        row = db.session.get(UnmatchedRow, ids["settled"])
        return committed(lambda: bank_imports.reopen(row, _user(ids, who), who, True)).id
    done, refused = at_once(app, work, ["finance", "supervisor"] * 5)
    assert done == [ids["settled"]] and len(refused) == 9
    assert set(refused) <= {"unmatched_not_settled", "busy"}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "payment.unmatched_reopen")) == 1


def test_a_settlement_made_after_the_read_is_not_opened_by_it(app, ids):
    """Opened and settled again by someone else after this request read the row: the UPDATE
    matches the settlement it read, so the newer one stays."""
    with app.app_context():
        row = db.session.get(UnmatchedRow, ids["settled"])
        settled = row.resolved_at
        bank_imports.reopen(row, _user(ids, "finance"), "первый", True)
        bank_imports.resolve(row, _user(ids, "finance"), "новое решение")
        # (the clock stands still here: the same moment, told apart by what was said)
        _as_read(row, settled, ids["finance"], "возврат в банк")
        with pytest.raises(Refused) as stale:
            bank_imports.reopen(row, _user(ids, "supervisor"), "второй", True)
        assert stale.value.code == "unmatched_not_settled"
        db.session.commit()
        db.session.refresh(row)
        assert (row.resolution, row.reopen_reason) == ("новое решение", "первый")


def _page(client, ids, who="finance", **data):
    login(client, who)
    token = csrf_from(client.get("/payments/unmatched?resolved=1").get_data(as_text=True))
    return client.post(f"/payments/unmatched/{ids['settled']}/reopen",
                       data={"csrf_token": token, **data}, follow_redirects=True)


def test_the_page_opens_it_again_with_a_reason_and_the_tick_and_says_so(app, client, ids):
    login(client, "finance")
    shown = client.get("/payments/unmatched?resolved=1").get_data(as_text=True)
    assert f'id="reopen-reason-{ids["settled"]}"' in shown
    assert f'/payments/unmatched/{ids["taken_up"]}/reopen' not in shown
    unticked = _page(client, ids, reason="по ошибке")
    assert "Tick the confirmation to open it again." in unticked.get_data(as_text=True)
    no_reason = _page(client, ids, confirm="y")
    assert "Say why it is opened again." in no_reason.get_data(as_text=True)
    assert _waiting(app, ids) == 1
    done = _page(client, ids, reason="не тот документ", confirm="y")
    assert done.status_code == 200
    assert "The row is open again and waits in the queue." in done.get_data(as_text=True)
    assert _waiting(app, ids) == 2
    waiting = client.get("/payments/unmatched").get_data(as_text=True)
    assert "Opened again" in waiting and "не тот документ" in waiting
    assert "«возврат в банк»" in waiting or "“возврат в банк”" in waiting
    assert f"settled on {TODAY:%d.%m.%Y}" in waiting
    again = _page(client, ids, reason="ещё", confirm="y").get_data(as_text=True)
    assert "This row is not settled" in again


def test_another_districts_row_is_not_found_and_a_caseworker_may_not(app, client, ids):
    login(client, "finance.far")
    token = csrf_from(client.get("/payments/unmatched").get_data(as_text=True))
    url = f"/payments/unmatched/{ids['settled']}/reopen"
    form = {"csrf_token": token, "reason": "x", "confirm": "y"}
    assert client.post(url, data=form).status_code == 404
    bearer = {"Authorization": f"Bearer {ids['token']}"}
    far = f"/api/v1/payments/unmatched/{ids['far_row']}/reopen"
    assert_error(client.post(far, json={"reason": "x"}, headers=bearer), 404)
    with app.app_context():
        assert db.session.get(UnmatchedRow, ids["settled"]).resolved_at is not None
        assert db.session.get(UnmatchedRow, ids["far_row"]).resolved_at is not None


@pytest.mark.parametrize("door", ["page", "api"])
def test_both_doors_show_what_the_operation_refuses(app, client, ids, monkeypatch, door):
    refuse_with_made_up(monkeypatch, bank_imports, "reopen")
    if door == "page":
        page = _page(client, ids, reason="x", confirm="y")
        assert MADE_UP in page.get_data(as_text=True)
    else:
        response = client.post(f"/api/v1/payments/unmatched/{ids['settled']}/reopen",
                                json={"reason": "x"},
                                headers={"Authorization": f"Bearer {ids['token']}"})
        assert response.get_json()["error"] == {"code": "made_up", "message": MADE_UP,
                                                "fields": {}}
    with app.app_context():
        assert db.session.get(UnmatchedRow, ids["settled"]).resolved_at is not None


def test_the_api_settles_and_opens_again(app, client, ids):
    bearer = {"Authorization": f"Bearer {ids['token']}"}
    base = f"/api/v1/payments/unmatched/{ids['settled']}"

    def listed(resolved: str) -> list[int]:
        answer = client.get(f"/api/v1/payments/unmatched?resolved={resolved}", headers=bearer)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return [item["id"] for item in answer.get_json()["items"]]
    assert sorted(listed("true")) == sorted([ids["settled"], ids["taken_up"]])  # not far_row
    assert listed("false") == [ids["waiting"]]
    assert_error(client.post(base + "/reopen", json={"reason": " "}, headers=bearer), 422,
                 "reopen_reason_required")
    opened = client.post(base + "/reopen", json={"reason": "по ошибке"}, headers=bearer)
    assert opened.status_code == 200, opened.get_data(as_text=True)
    body = opened.get_json()
    assert (body["resolved_at"], body["resolution"], body["reopen_reason"]) == (
        None, None, "по ошибке")
    assert (body["reopened_resolution"], body["reopened_resolved_by_id"]) == (
        "возврат в банк", ids["finance"])
    assert body["reopened_done_on"] == TODAY.isoformat()
    assert sorted(listed("false")) == sorted([ids["settled"], ids["waiting"]])
    assert_error(client.post(base + "/reopen", json={"reason": "x"}, headers=bearer), 409,
                 "unmatched_not_settled")
    taken = f"/api/v1/payments/unmatched/{ids['taken_up']}/reopen"
    assert_error(client.post(taken, json={"reason": "x"}, headers=bearer), 409,
                 "unmatched_taken_up")
    assert_error(client.post(base + "/resolve", json={"resolution": " "}, headers=bearer),
                 422, "resolution_required")
    settled = client.post(base + "/resolve", json={"resolution": "оплачено"}, headers=bearer)
    assert settled.status_code == 200 and settled.get_json()["resolution"] == "оплачено"
    assert_error(client.post(base + "/resolve", json={"resolution": "ещё"}, headers=bearer),
                 409, "unmatched_resolved")


def test_the_api_says_why_in_the_language_asked(app, client, ids):
    """A row kept with its reasons as words reads in the language of Accept-Language; a row
    kept before that, as it was first said."""
    with app.app_context():
        row = db.session.get(UnmatchedRow, ids["waiting"])
        row.reasons_said = [["letter_number", {
            "msgid": "No referral with this letter number in your district.", "params": {}}]]
        db.session.commit()
    bearer = {"Authorization": f"Bearer {ids['token']}"}
    for language, said in (("kk", "letter_number: Сіздің ауданыңызда осы нөмірлі жолдама жоқ."),
                           ("en", "letter_number: No referral with this letter number in "
                                  "your district.")):
        answer = client.get("/api/v1/payments/unmatched", headers=bearer | {
            "Accept-Language": language}).get_json()
        assert [item["reason"] for item in answer["items"]] == [said]
    settled = client.get("/api/v1/payments/unmatched?resolved=true", headers=bearer).get_json()
    assert {item["reason"] for item in settled["items"]} == {"не найдено"}
