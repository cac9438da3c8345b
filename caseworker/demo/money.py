"""Demo money: a finance officer beside each demo district's users (`finance.kyzylorda` in
Kyzylorda City beside `supervisor.kyzylorda`, `finance2.X` beside `supervisor2.X`), and for
some referrals of those districts (those that record what they commit) what their dates call
for: a subsidised job's contract, a timesheet for each month gone by and its subsidy paid on
the 10th of the next month; a grant, a microcredit or an allowance paid a few days after the
person started; one payment reversed and paid again. Written through the money operations, as the finance officer."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from caseworker.domain import money
from caseworker import policy
from caseworker.extensions import db
from caseworker.models import Measure, Referral, User
from caseworker.models.person import Person
from caseworker.payments import operations, queries
from caseworker.refusals import Refused

PER_DISTRICT = 25  # referrals given money in each district with a finance officer
NAMES = ("Гүлнар Оспанова", "Сәуле Жұмабаева", "Елена Ковалёва", "Айжан Мұратова")


def add_finance_users() -> list[User]:
    """A finance officer for every district with a demo supervisor (`supervisor.X` gives
    `finance.X`, `supervisor2.X` gives `finance2.X`), with the demo password."""
    supervisors = db.session.scalars(select(User).where(
        User.role == policy.SUPERVISOR, User.login.like("supervisor%.%")).order_by(User.id)).all()
    made = []
    for n, supervisor in enumerate(supervisors):
        login = "finance" + supervisor.login.removeprefix("supervisor")
        if db.session.scalar(select(User.id).where(User.login == login)) is None:
            made.append(User(login=login, full_name=NAMES[n % len(NAMES)], role=policy.FINANCE,
                             password_hash=supervisor.password_hash,
                             region_id=supervisor.region_id,
                             district_id=supervisor.district_id, active=True,
                             session_counter=0))
    db.session.add_all(made)
    db.session.flush()
    return made


def add_money(today: date, seed: int = 22) -> int:
    """The finance officers and the money of their districts' referrals; returns the
    payments made."""
    rng = random.Random(seed)
    made = 0
    paying = sorted(m.code for m in db.session.scalars(select(Measure))
                    if queries.payment_kinds(m))
    users = add_finance_users()
    chosen = _payable([user.district_id for user in users], paying)
    for user in users:
        payable = chosen.get(user.district_id, [])
        for referral in payable:
            try:
                made += _pay(referral, user, today, rng)
            except Refused:
                continue  # a referral whose dates give nothing to pay yet
        made += _correct_one(payable, user, today)
    db.session.flush()
    return made


def _payable(districts: list[int], paying: list[str]) -> dict[int, list[Referral]]:
    """District id -> its first PER_DISTRICT referrals by id that may be paid and record what
    they commit: read for every district in one statement (one a district would read the
    person table once a district while its secondary indexes are away, as they are during a
    national build: 12 districts took 12 s)."""
    ranked = (select(Referral.id, Person.district_id, func.row_number().over(
        partition_by=Person.district_id, order_by=Referral.id).label("n"))
        .join(Person, Person.id == Referral.person_id)
        .where(Person.district_id.in_(districts),
               Referral.status.in_(queries.PAYABLE_STATUSES),
               Referral.measure_code.in_(paying),
               Referral.amount_kzt > 0)  # (what it commits is recorded)
        .subquery())
    found: dict[int, list[Referral]] = {}
    for referral, district in db.session.execute(
            select(Referral, ranked.c.district_id).join(ranked, ranked.c.id == Referral.id)
            .where(ranked.c.n <= PER_DISTRICT).order_by(Referral.id)):
        found.setdefault(district, []).append(referral)
    return found


def _started(referral: Referral) -> date:
    days = {e.to_status: e.happened_on for e in referral.events}
    return days.get("started") or referral.start_on or days.get("referred") or \
        referral.proposed_on


def _pay(referral: Referral, user: User, today: date, rng: random.Random) -> int:
    start = min(_started(referral), today)
    if referral.measure.kind not in money.SUBSIDISED_KINDS:
        amount = queries.commitment_of(referral)
        paid_on = min(start + timedelta(days=rng.randrange(2, 10)), today)
        if not amount or paid_on < referral.proposed_on:
            return 0
        operations.record_payment(referral, user, amount=amount, paid_on=paid_on,
                                  document_number=f"ПП-{referral.id:07d}", today=today)
        return 1
    months = min(referral.measure.max_months or 6, 6)
    ends = money.month_end(start.replace(day=1) + timedelta(days=31 * (months - 1)))
    contract = operations.save_contract(
        referral, user, position=rng.choice(("Оператор", "Көмекші жұмысшы", "Делопроизводитель",
                                             "Бағбан")),
        starts_on=start, ends_on=ends, monthly_wage_kzt=rng.randrange(90, 200) * 1000)
    commitment, paid, count = queries.commitment_of(referral, contract), 0, 0
    for month in money.months_of(contract.starts_on, contract.ends_on):
        if money.month_end(month) >= today:
            break  # the month is not over: its timesheet comes later
        working = queries.working_days(month.year, month.month)
        sheet = operations.record_timesheet(referral, user, month=month,
                                            days_worked=working - rng.choice((0, 0, 0, 1, 2)),
                                            today=today)
        pay_day = money.month_end(month) + timedelta(days=10)
        if pay_day > today or (commitment is not None and paid + sheet.subsidy_kzt
                               > commitment) or sheet.subsidy_kzt <= 0:
            continue
        operations.record_payment(referral, user, amount=sheet.subsidy_kzt, paid_on=pay_day,
                                  document_number=f"ЗП-{referral.id:07d}-{month:%Y%m}",
                                  month=month, today=today)
        paid, count = paid + sheet.subsidy_kzt, count + 1
    return count


def _correct_one(referrals: list[Referral], user: User, today: date) -> int:
    """A one-off payment reversed (a wrong account) and paid again a few days later."""
    for referral in referrals:
        payments = queries.payments_of(referral.id)
        if len(payments) == 1 and payments[0].month is None:
            first = payments[0]
            back_on = min(first.paid_on + timedelta(days=3), today)
            operations.reverse_payment(first, user, reason="Қате шот / неверный счёт",
                                       paid_on=back_on, today=today)
            operations.record_payment(referral, user, amount=first.amount_kzt,
                                      paid_on=back_on, document_number=f"{first.document_number}-2",
                                      today=today)
            return 2
    return 0
