"""The money pages as their users see them: a referral's money with its forms, reversing with a
confirmation, the district's payments with filters and exports, the bank file import."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import Payment
from caseworker.payments import operations
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.money_world import (  # noqa: F401 (fixtures)
    KYZYLORDA, SHYMKENT, TODAY, referral, staff, subsidised_job, today)


@pytest.fixture
def world(app, today):  # noqa: F811
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        users = staff(kz[0])
        person = f.person(kz[0], last="Сейітқали", first="Айгерім", sex="F")
        job = subsidised_job(person, users["finance"], wage=100_000, letter="43-2026-000101")
        grant = referral(person, "state_grant", "completed", amount=1_729_600,
                         letter="43-2026-000102")
        twice = f.person(kz[0], last="Екеуов")
        referral(twice, "state_grant", "started", letter="43-2026-000103")
        referral(twice, "microcredit", "started", letter="43-2026-000104")
        single = f.person(kz[0], last="Жалғызов")
        referral(single, "microcredit", "started", letter="43-2026-000106")
        referral(single, "job_placement", "started")  # takes no payments
        elsewhere = f.person(kz[1], last="Басқаев")
        far = referral(elsewhere, "state_grant", "started", letter="43-2026-000105")
        db.session.commit()
        return {"job": job.id, "grant": grant.id, "far": far.id, "iin": single.iin,
                "twice_iin": twice.iin, "district": kz[0].id}


def signed_in(client, role: str) -> str:
    response = login(client, role)
    assert response.status_code == 200
    return csrf_from(response.get_data(as_text=True))


def payments() -> int:
    return db.session.scalar(select(func.count()).select_from(Payment))


def test_the_referral_money_page_records_a_timesheet_then_the_month_paid(app, client, world):
    token = signed_in(client, "finance")
    url = f"/referrals/{world['job']}/money"
    page = client.get(url).get_data(as_text=True)
    assert "Сейітқали Айгерім" in page and "Position" in page
    assert "43-2026-000101" in page and "Record the timesheet" in page
    sent = client.post(url + "/timesheets", data={"csrf_token": token, "sheet-month": "2026-03",
                                                  "sheet-days_worked": "19"})
    assert sent.status_code == 422
    assert "More days worked than the month has working days: 18." in sent.get_data(as_text=True)
    sent = client.post(url + "/timesheets", data={"csrf_token": token, "sheet-month": "2026-03",
                                                  "sheet-days_worked": "11"}, follow_redirects=True)
    assert "The timesheet is recorded." in sent.get_data(as_text=True)
    assert "61 111 ₸" in sent.get_data(as_text=True)
    data = {"csrf_token": token, "kind": "wage_subsidy", "month": "2026-03",
            "amount_kzt": "61 111,5", "paid_on": "2026-04-10", "document_number": "ПП-77"}
    refused = client.post(url + "/payments", data=data)
    assert refused.status_code == 422
    assert "Money is recorded in whole tenge" in refused.get_data(as_text=True)
    page = client.post(url + "/payments", data=data | {"amount_kzt": "61 111"},
                       follow_redirects=True).get_data(as_text=True)
    assert "The payment is recorded." in page and "ПП-77" in page
    with app.app_context():
        assert db.session.scalar(select(Payment.amount_kzt)) == 61_111
    again = client.post(url + "/payments", data=data | {"amount_kzt": "61111",
                                                        "document_number": "ПП-78"})
    assert "This month is already paid" in again.get_data(as_text=True)


def test_a_reversal_asks_for_a_confirmation_and_a_reason(app, client, world):
    with app.app_context():
        grant = db.session.get(operations.Referral, world["grant"])
        finance = db.session.scalar(select(operations.User).where(
            operations.User.login == "finance"))
        payment = operations.record_payment(grant, finance, amount=1_729_600,
                                            paid_on=date(2026, 3, 2), document_number="P-1",
                                            today=TODAY)
        db.session.commit()
        payment_id = payment.id
    token = signed_in(client, "finance")
    page = client.get(f"/payments/{payment_id}/reverse").get_data(as_text=True)
    assert "-1 729 600" in page and "I confirm" in page
    sent = client.post(f"/payments/{payment_id}/reverse", data={
        "csrf_token": token, "reason": "ошибка", "paid_on": TODAY.isoformat()})
    assert sent.status_code == 422 and "Tick the confirmation" in sent.get_data(as_text=True)
    with app.app_context():
        assert payments() == 1
    done = client.post(f"/payments/{payment_id}/reverse", data={
        "csrf_token": token, "reason": "ошибка в реквизитах", "paid_on": TODAY.isoformat(),
        "confirm": "y"}, follow_redirects=True).get_data(as_text=True)
    assert "The payment is reversed." in done and "Reversal: ошибка в реквизитах" in done
    assert re.search(r"Balance</dt><dd[^>]*><span[^>]*>1 729 600 ₸", done)
    twice = client.post(f"/payments/{payment_id}/reverse", data={
        "csrf_token": token, "reason": "ещё", "paid_on": TODAY.isoformat(), "confirm": "y"})
    assert "This payment is already reversed." in twice.get_data(as_text=True)


def test_a_caseworker_reads_the_money_but_records_nothing(app, client, world):
    signed_in(client, "caseworker")
    page = client.get(f"/referrals/{world['grant']}/money").get_data(as_text=True)
    assert "Commitment" in page and "1 729 600 ₸" in page
    assert "Record a payment" not in page and "Reverse" not in page
    assert client.get(f"/referrals/{world['far']}/money").status_code == 404


def _import(client, token: str, text: str, encoding="utf-8"):
    return client.post("/payments/import", data={
        "csrf_token": token, "file": (io.BytesIO(text.encode(encoding)), "bank.csv")},
        content_type="multipart/form-data")


def test_a_bank_file_is_all_or_nothing_and_the_same_file_again_changes_nothing(app, client,
                                                                             world):
    token = signed_in(client, "finance")
    good = ("letter_number;iin;date;amount;document_number\n"
            "43-2026-000102;;2026-03-02;1 000 000;БАНК-1\n"
            f";{world['iin']};2026-04-02T18:30:00Z;729600;БАНК-2\n")
    bad = good + ("43-2099-999999;;2026-03-02;100;БАНК-3\n"
                  f";{world['twice_iin']};2026-03-02;100;БАНК-4\n"
                  "43-2026-000102;;2026-13-02;10,5;\n"
                  "43-2026-000105;;2026-03-02;100;БАНК-5\n")
    refused = _import(client, token, bad)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "nothing was saved" in page
    for line, column, reason in (
            (4, "letter_number", "No referral with this letter number in your district."),
            (5, "iin", "several referrals that take payments"),
            (6, "date", "Not a date"), (6, "document_number", "document&#39;s number"),
            (7, "letter_number", "No referral with this letter number in your district.")):
        assert re.search(rf"<td>{line}</td><td>{column}</td><td[^>]*>[^<]*</td><td>[^<]*"
                         rf"{reason}", page), (line, column)
    with app.app_context():
        assert payments() == 0
    # the second row is a microcredit paid by IIN (the person's one referral that takes
    # payments) at 23:30 local time
    done = _import(client, token, good)
    assert done.status_code == 200 and "2 payments recorded." in done.get_data(as_text=True)
    with app.app_context():
        assert sorted(db.session.execute(select(Payment.document_number, Payment.paid_on,
                                                Payment.source)).all()) == [
            ("БАНК-1", date(2026, 3, 2), "import"), ("БАНК-2", date(2026, 4, 2), "import")]
    again = _import(client, token, good).get_data(as_text=True)
    assert "This file was imported before: nothing changed." in again
    with app.app_context():
        assert payments() == 2
    changed = good.replace("729600;БАНК-2", "729601;БАНК-2")
    assert "another amount or date" in _import(client, token, changed).get_data(as_text=True)


def test_an_import_that_cannot_be_read_says_why(client, world):
    token = signed_in(client, "finance")
    assert "The file lacks a column: amount_kzt" in _import(
        client, token, "letter_number,date,document_number\nx,2026-01-01,1\n").get_data(
        as_text=True)
    # an empty file: read as the import reads every file (imports.reading)
    assert "cannot be read as CSV or XLSX" in _import(client, token, "").get_data(as_text=True)
    ru = ("Номер направления;Дата;Сумма;Номер документа\n"
          "43-2026-000102;02.03.2026;0;Б-1\n")
    page = _import(client, token, ru, "cp1251").get_data(as_text=True)
    assert "<td>2</td><td>Сумма</td>" in page and "Enter an amount above zero" in page


def test_the_payments_list_filters_totals_and_exports_neutralised(app, client, world):
    with app.app_context():
        finance = db.session.scalar(select(operations.User).where(
            operations.User.login == "finance"))
        grant = db.session.get(operations.Referral, world["grant"])
        for n, (on, amount) in enumerate(((date(2026, 3, 2), 1_000_000),
                                          (date(2026, 5, 2), 700_000))):
            operations.record_payment(grant, finance, amount=amount, paid_on=on,
                                      document_number=f"=CMD|{n}", today=TODAY)
        db.session.commit()
    signed_in(client, "finance")
    page = client.get("/payments/").get_data(as_text=True)
    assert "1 700 000 ₸ in 2 payments" in page and "Сейітқали Айгерім" in page
    page = client.get("/payments/?date_from=2026-04-01").get_data(as_text=True)
    assert "700 000 ₸ in 1 payments" in page
    csv = client.get("/payments/?format=csv&date_to=2026-04-01").get_data(as_text=True)
    assert "'=CMD|0" in csv and "=CMD|1" not in csv and "Сейітқали Айгерім" in csv
    book = load_workbook(io.BytesIO(client.get("/payments/?format=xlsx").data))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "=CMD|1" in values and 700_000 in values
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)


def test_the_referral_page_block_shows_commitment_paid_and_balance(app, world):
    from flask import render_template_string
    from flask_login import login_user
    with app.test_request_context(headers={"Accept-Language": "en"}):
        users = {u.login: u for u in db.session.scalars(select(operations.User))}
        grant = db.session.get(operations.Referral, world["grant"])
        operations.record_payment(grant, users["finance"], amount=729_600,
                                  paid_on=date(2026, 3, 2), document_number="B-1", today=TODAY)
        block = '{% include "payments/_referral_money.html" %}'
        login_user(users["caseworker"])
        shown = render_template_string(block, referral=grant)
        assert re.search(r"Commitment</dt><dd[^>]*><span[^>]*>1 729 600 ₸", shown)
        assert re.search(r"Balance</dt><dd[^>]*><span[^>]*>1 000 000 ₸", shown)
        assert "1 payments" in shown and f"/referrals/{grant.id}/money" in shown
        far = db.session.get(operations.Referral, world["far"])
        assert render_template_string(block, referral=far).strip() == ""  # not in scope
        course = referral(grant.person, "bastau_business", "completed")
        assert render_template_string(block, referral=course).strip() == ""  # pays nothing
        db.session.rollback()


def test_rows_past_the_header_are_checked(app, client, world):
    """Control characters, an over-long letter number, a row with cells beyond the header:
    each reported on its line, nothing saved."""
    token = signed_in(client, "finance")
    text = ("letter_number;iin;date;amount;document_number\n"
            "43-2026-000102;;2026-03-02;1000;БАНК\x1b[31m-1\n"
            f"{'4' * 41};;2026-03-02;100;БАНК-2\n"
            "43-2026-000102;;2026-03-02;100;БАНК-3;extra\n")
    refused = _import(client, token, text)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "nothing was saved" in page
    for line, column, reason in ((2, "document_number", "invisible control characters"),
                                 (3, "letter_number", "at most 40 characters"),
                                 (4, "letter_number", "more cells than the header")):
        assert re.search(rf"<td>{line}</td><td>{column}</td><td[^>]*>[^<]*</td><td>[^<]*"
                         rf"{reason}", page), (line, column)
    with app.app_context():
        assert payments() == 0
