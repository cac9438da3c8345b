"""Bank files are kept as imported (who, when, name, hash, rows, matched) with each row that was
not recorded and why; those rows wait in the finance officer's work queue until settled with a
reason (audited, shown) or taken up by a corrected file."""
import hashlib
import io

import pytest
from sqlalchemy import select

from caseworker.casework import worklist
from caseworker.extensions import db
from caseworker.models import AuditEvent, BankImport, UnmatchedRow, User
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.money_world import (  # noqa: F401 (fixture)
    KYZYLORDA, TODAY, bank_file, referral, staff, today)

BAD = bank_file(("43-2026-000301", "2026-03-02", "400 000", "Б-1"),
                ("43-2099-999999", "2026-03-02", "100 000", "Б-2"))


@pytest.fixture
def world(app, today):  # noqa: F811
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        users = staff(district)
        referral(f.person(district), "state_grant", "started", amount=1_000_000,
                 letter="43-2026-000301")
        referral(f.person(district), "state_grant", "started", amount=1_000_000,
                 letter="43-2026-000302")
        db.session.commit()
        return {"finance": users["finance"].id}


def _import(client, token: str, text: str, name: str = "bank.csv"):
    return client.post("/payments/import", data={
        "csrf_token": token, "file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data")


def _waiting(app, user_id: int) -> int:
    with app.test_request_context():
        return worklist.counts(db.session.get(User, user_id), TODAY)["bank_unmatched"]


def test_a_refused_file_is_kept_and_its_rows_wait_until_settled(app, client, world):
    token = csrf_from(login(client, "finance").get_data(as_text=True))
    assert _import(client, token, BAD, "выписка-март.csv").status_code == 422
    with app.app_context():
        kept = db.session.scalars(select(BankImport)).one()
        assert (kept.file_name, kept.rows, kept.matched, kept.accepted) == (
            "выписка-март.csv", 2, 1, False)
        assert kept.file_hash == hashlib.sha256(BAD.encode()).hexdigest()
        assert kept.user_id == world["finance"]
        row = db.session.scalars(select(UnmatchedRow)).one()
        assert (row.line, row.reference, row.document_number) == (3, "43-2099-999999", "Б-2")
    assert _waiting(app, world["finance"]) == 1
    home = client.get("/").get_data(as_text=True)
    assert "Bank file rows not recorded" in home and "/payments/unmatched" in home
    page = client.get("/payments/unmatched").get_data(as_text=True)
    assert "43-2099-999999" in page and "No referral with this letter number" in page
    assert "выписка-март.csv" in page
    url = f"/payments/unmatched/{row.id}/resolve"
    empty = client.post(url, data={"csrf_token": token, "resolution": " "})
    assert empty.status_code == 422 and "Say how the row was settled." in empty.get_data(
        as_text=True)
    done = client.post(url, data={"csrf_token": token, "resolution": "возврат в банк"},
                       follow_redirects=True)
    assert "The row is settled." in done.get_data(as_text=True)
    assert _waiting(app, world["finance"]) == 0
    settled = client.get("/payments/unmatched?resolved=1").get_data(as_text=True)
    assert "возврат в банк" in settled
    with app.app_context():
        row = db.session.get(UnmatchedRow, row.id)
        assert row.resolved_by_id == world["finance"] and row.resolved_at is not None
        assert db.session.scalar(select(AuditEvent.user_id).where(
            AuditEvent.action == "payment.unmatched_resolve",
            AuditEvent.record_id == str(row.id))) == world["finance"]
    again = client.post(url, data={"csrf_token": token, "resolution": "ещё раз"})
    assert again.status_code == 422 and "already resolved" in again.get_data(as_text=True)


def test_a_corrected_file_takes_up_the_rows_it_records(app, client, world):
    token = csrf_from(login(client, "finance").get_data(as_text=True))
    _import(client, token, BAD)
    assert _waiting(app, world["finance"]) == 1
    corrected = BAD.replace("43-2099-999999", "43-2026-000302")
    assert _import(client, token, corrected, "bank-2.csv").status_code == 200
    assert _waiting(app, world["finance"]) == 0
    with app.app_context():
        second = db.session.scalars(select(BankImport).where(
            BankImport.file_name == "bank-2.csv")).one()
        assert (second.accepted, second.matched) == (True, 2)
        row = db.session.scalars(select(UnmatchedRow)).one()
        assert row.resolved_by_import_id == second.id and row.resolved_by_id is None
    settled = client.get("/payments/unmatched?resolved=1").get_data(as_text=True)
    assert "taken up by a later file" in settled


def test_the_queue_and_the_page_are_the_districts_finance_and_supervisor(app, client, world):
    token = csrf_from(login(client, "finance").get_data(as_text=True))
    _import(client, token, BAD)
    with app.app_context():
        other = f.user("finance.far", "finance", f.districts_of(KYZYLORDA)[1])
        caseworker = db.session.scalar(select(User).where(User.login == "caseworker"))
        supervisor = db.session.scalar(select(User).where(User.login == "supervisor"))
        db.session.commit()
        ids = (other.id, caseworker.id, supervisor.id)
    assert _waiting(app, ids[0]) == 0 and _waiting(app, ids[2]) == 1
    with app.test_request_context():
        assert "bank_unmatched" not in worklist.counts(db.session.get(User, ids[1]), TODAY)


def test_why_a_row_was_not_recorded_is_said_in_the_readers_language(app, client, world):
    """Kept as words when the file was imported in English, the reason reads in Kazakh on the
    Kazakh page and in the language an API call asks for."""
    token = csrf_from(login(client, "finance").get_data(as_text=True))
    assert _import(client, token, BAD).status_code == 422
    english = "No referral with this letter number in your district."
    kazakh = "Сіздің ауданыңызда осы нөмірлі жолдама жоқ."
    with app.app_context():
        row = db.session.scalars(select(UnmatchedRow)).one()
        assert english in row.reason  # the text as first said, kept as well
    assert english in client.get("/payments/unmatched").get_data(as_text=True)
    client.post("/language", data={"lang": "kk", "next": "/", "csrf_token": token})
    page = client.get("/payments/unmatched").get_data(as_text=True)
    assert kazakh in page and english not in page
