"""A finance officer finds a youth practice referral of the district, enters the employer's
contract and March's timesheet, pays March's subsidy, reverses a mistaken grant payment with a
reason, and reads the district's payments; the caseworker sees the money read-only."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from caseworker.extensions import db
from caseworker.payments import operations
from tests import factories as f
from tests.e2e.conftest import axe_violations, log_in, screenshot
from tests.money_world import TODAY, referral, today  # noqa: F401 (fixture)

pytestmark = pytest.mark.once


@pytest.fixture
def world(app, today):  # noqa: F811
    with app.app_context():
        district = f.districts_of("430000000")[0]
        finance = f.user("finance.kyzylorda", "finance", district)
        f.user("caseworker.kyzylorda", "caseworker", district)
        person = f.person(district, last="Серікова", first="Айгерім", patronymic="Маратқызы",
                          sex="F")
        job = referral(person, "youth_practice", "started", letter="43-2026-000301")
        other = f.person(district, last="Омаров", first="Бекзат")
        grant = referral(other, "state_grant", "completed", amount=1_729_600,
                         letter="43-2026-000302")
        operations.record_payment(grant, finance, amount=1_729_600, paid_on=date(2026, 5, 4),
                                  document_number="ПП-5521", today=TODAY)
        db.session.commit()
        return {"job": job.id, "grant": grant.id}


def send(page, fields: dict[str, str], button: str, done: str) -> None:
    """Fill the fields by their labels, press the button, and see the page say `done`."""
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(done)).to_be_visible()
    page.wait_for_load_state()  # the page that says it, whole, before the next click on it


def test_contract_timesheet_payment_reversal_and_the_list(live_server, page, world):
    log_in(page, live_server, "finance.kyzylorda", english=True)
    page.get_by_role("link", name="Referrals that take payments").click()
    page.get_by_role("link", name="Серікова Айгерім Маратқызы").click()
    page.wait_for_url(re.compile(r"/referrals/\d+/money$"))
    send(page, {"Position": "Помощник бухгалтера", "First day of the contract": "2026-02-02",
                "Last day of the contract": "2026-07-31", "Monthly wage, tenge": "180 000"},
         "Save the contract", "The contract is saved.")
    send(page, {"Month": "2026-03", "Days worked": "15"}, "Record the timesheet",
         "The timesheet is recorded.")
    # 30 MCI x 4 325 = 129 750 cap; x 15 / 18 working days (9 and 23-25 March off) = 108 125
    assert page.get_by_role("cell", name="108 125 ₸").is_visible()
    page.get_by_text("Record a payment").click()
    send(page, {"Month of the subsidy": "2026-03", "Amount, tenge": "108 125",
                "Date paid": "2026-04-10", "Payment document number": "ЗП-0310"},
         "Record the payment", "The payment is recorded.")
    assert page.get_by_text("The contract is no longer changed").is_visible()
    screenshot(page, "payments-referral-money")
    assert axe_violations(page) == []

    page.goto(f"{live_server}/referrals/{world['grant']}/money")
    page.get_by_role("link", name="Reverse").click()
    page.get_by_label("Why the payment is reversed").fill("Неверный счёт получателя")
    page.get_by_role("button", name="Reverse the payment").click()
    assert page.get_by_text("Tick the confirmation to reverse the payment.").is_visible()
    page.get_by_label("Why the payment is reversed").fill("Неверный счёт получателя")
    page.get_by_label("I confirm").check()
    page.get_by_role("button", name="Reverse the payment").click()
    assert page.get_by_text("The payment is reversed.").is_visible()
    assert page.get_by_text("Reversal: Неверный счёт получателя").is_visible()
    assert page.get_by_role("cell", name="-1 729 600 ₸").is_visible()
    screenshot(page, "payments-reversal")

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Payments").click()
    assert page.get_by_text("Total of the filter: 108 125 ₸ in 3 payments").is_visible()
    page.get_by_label("Paid from").fill("2026-04-01")
    page.get_by_label("Paid to").fill("2026-04-30")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_text("Total of the filter: 108 125 ₸ in 1 payments").is_visible()
    assert page.get_by_role("link", name="XLSX").is_visible()
    screenshot(page, "payments-list")
    assert axe_violations(page) == []

    log_in(page, live_server, "caseworker.kyzylorda", english=True)
    page.goto(f"{live_server}/referrals/{world['job']}/money")
    assert page.get_by_text("108 125 ₸").first.is_visible()
    assert page.get_by_role("button", name="Record the payment").count() == 0
