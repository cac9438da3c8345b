"""In Russian, as a finance officer meets them: a payment beyond what is left of the referral's
commitment is refused with what is left, and a bank file's rows that were not recorded wait in
the work queue and on their page."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Referral
from caseworker.payments import bank_imports, operations
from caseworker.refusals import Refused
from tests import factories as f
from tests.e2e.conftest import axe_violations, screenshot
from tests.money_world import TODAY, bank_file, referral, today  # noqa: F401 (fixture)

pytestmark = pytest.mark.once
FILE = bank_file(("43-2026-000401", "10.11.2026", "50 000", "ПП-7001"),
                 ("43-2026-999999", "11.11.2026", "75 000", "ПП-7002"),
                 header="Номер направления;Дата;Сумма;Номер документа")


@pytest.fixture
def world(app, today):  # noqa: F811
    with app.test_request_context():
        district = f.districts_of("430000000")[0]
        finance = f.user("finance.kyzylorda", "finance", district)
        person = f.person(district, last="Жумабекова", first="Салтанат", sex="F")
        grant = referral(person, "state_grant", "started", amount=1_000_000,
                         letter="43-2026-000401")
        operations.record_payment(grant, finance, amount=900_000, paid_on=TODAY,
                                  document_number="ПП-7000", today=TODAY)
        db.session.commit()
        try:
            bank_imports.import_payments(FILE.encode("cp1251"), finance, TODAY,
                                         "выписка-ноябрь.csv")
        except Refused:
            db.session.commit()  # the file and its row not recorded are kept
        return {"grant": db.session.scalar(select(Referral.id).where(
            Referral.id == grant.id))}


def log_in_russian(page, live_server: str, login: str) -> None:
    from tests.factories import PASSWORD
    page.context.clear_cookies()
    page.goto(live_server + "/login")
    page.get_by_role("button", name="Русский").click()
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(live_server + "/")


def test_an_over_commitment_payment_and_the_rows_not_recorded(live_server, page, world):
    log_in_russian(page, live_server, "finance.kyzylorda")
    queue = page.get_by_role("link", name="Строки банковских файлов, не проведённые").first
    assert queue.is_visible()
    page.goto(f"{live_server}/referrals/{world['grant']}/money")
    page.locator("summary", has_text="Записать выплату").click()
    page.locator("#amount_kzt").fill("200 000")
    page.locator("#paid_on").fill("2026-11-20")
    page.locator("#document_number").fill("ПП-7003")
    page.locator("form[action$='/money/payments'] button[type=submit]").click()
    assert page.get_by_text("осталось 100 000 тенге").first.is_visible()
    screenshot(page, "payments-over-commitment-ru")
    assert axe_violations(page) == []
    page.goto(live_server + "/")
    page.get_by_role("link", name="Строки банковских файлов, не проведённые").first.click()
    expect(page.get_by_text("43-2026-999999")).to_be_visible()  # once the page has come
    assert page.get_by_text("выписка-ноябрь.csv").first.is_visible()
    screenshot(page, "payments-unmatched-ru")
    assert axe_violations(page) == []
