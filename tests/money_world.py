"""What the money tests build: a district with its staff (a finance officer among them), persons
with referrals in a given status, letters, contracts and timesheets; and a fixed "today"."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Letter, Referral, ReferralEvent
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import operations, totals
from tests import factories as f

KYZYLORDA, SHYMKENT = "430000000", "790000000"
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc)  # 11:00 in Kyzylorda


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)
    return TODAY


@pytest.fixture
def request_ctx(app, today):
    """An app and request context (messages are read in a language), "today" fixed."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield
        db.session.rollback()


def staff(district, suffix: str = "") -> dict:
    return {role: f.user(f"{role}{suffix}", role, district)
            for role in ("caseworker", "supervisor", "finance")}


def referral(person, measure_code: str, status: str = "started", *, amount=None,
             proposed_on=date(2026, 1, 10), approved_by=None, letter: str | None = None,
             allocation_id=None) -> Referral:
    made = Referral(person_id=person.id, measure_code=measure_code, status=status,
                    proposed_on=proposed_on, status_on=proposed_on, verdict={},
                    amount_kzt=amount, allocation_id=allocation_id,
                    rules_version=f.version_number(measure_code, proposed_on))
    db.session.add(made)
    db.session.flush()
    if status in OPEN_STATUSES:
        totals.referral_made(made)  # its commitment on the allocation, as `refer` counts it
    if approved_by is not None:
        db.session.add(ReferralEvent(referral_id=made.id, from_status="proposed",
                                     to_status="approved", happened_on=proposed_on,
                                     user_id=approved_by.id))
    if letter:
        db.session.add(Letter(referral_id=made.id, number=letter, code=letter[-6:] + "CODE",
                              issued_on=proposed_on))
    db.session.flush()
    return made


def subsidised_job(person, user, *, starts=date(2026, 1, 12), ends=date(2026, 12, 31),
                   wage=200_000, measure="youth_practice", **kw) -> Referral:
    made = referral(person, measure, **kw)
    operations.save_contract(made, user, position="Бухгалтер-стажёр", starts_on=starts,
                             ends_on=ends, monthly_wage_kzt=wage)
    return made


def bank_file(*rows: tuple[str, str, str, str],
              header: str = "letter_number;date;amount;document_number") -> str:
    """A bank file's text: the header, then (letter number, date, amount, document) rows."""
    return "\n".join([header, *(";".join(row) for row in rows)]) + "\n"
