"""Payments of the national build, written in bulk: for every referral of a measure that pays,
referred, started or completed, with an amount and no payment yet, what a year of its dates
calls for: a subsidised job's wage subsidy on the 10th of each month after a month worked (its
commitment spread over the measure's months, at most a year back), a grant, microcredit, fee
or allowance once, a few days after the start; about one payment in forty reversed a week
later. Rows go straight in through the driver (`demo.bulk`: COPY on PostgreSQL), under the
region and district of the person's centre, with the payment table's secondary indexes and
constraints dropped meanwhile and made again once. What they add to the indicator summary is
handed to `paid` (place -> (measure, day, tenge)) when given, so that the summary is settled
from the rows made rather than read back (`demo.add_casework`)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Connection, func, select

from caseworker.demo.bulk import deferred_ddl, follow_sequences, restore, write_rows
from caseworker.domain import money
from caseworker.models import Measure, Payment, Person, Referral
from caseworker.payments.queries import PAYABLE_STATUSES

CHUNK = 50_000  # referrals read at a time
REVERSED_EVERY = 40
REASON = "Қате шот / неверный счёт"
COLUMNS = ("id", "referral_id", "kind", "amount_kzt", "paid_on", "document_number", "month",
           "month_round", "reverses_id", "reason", "measure_code", "region_id", "district_id",
           "source")
Paid = Callable[[tuple[int, int], str, date, int], None]


def _monthly(rid: int, start: date, amount: int, months: int, today: date
             ) -> list[tuple[int, date, date | None, str]]:
    """(tenge, paid on, month, document) of the wage subsidy of each month worked from
    `start` that is paid by `today`."""
    share, rows = max(amount // max(months, 1), 1), []
    for month in money.months_of(start, money.month_end(
            start.replace(day=1) + timedelta(days=31 * (months - 1)))):
        paid_on = money.month_end(month) + timedelta(days=10)
        if paid_on > today:
            break
        if paid_on >= today - timedelta(days=366):
            rows.append((share, paid_on, month, f"ЗП-{rid}-{month:%Y%m}"))
    return rows


def _rows(found, kinds: dict[str, tuple[str, int, bool]], today: date, next_id: int,
          rows: list[tuple], paid: Paid | None = None) -> int:
    """Appends the payments of the referrals found to `rows` (in COLUMNS order); returns the
    last id given."""
    last_week = today - timedelta(days=7)
    for rid, code, amount, start, region, district in found:
        kind, months, monthly = kinds[code]
        if start + timedelta(days=5) > today:
            continue  # not started yet, or too lately for its money to be paid
        if monthly:
            made = _monthly(rid, start, amount, months, today)
            round_ = 0
        else:
            made = [(amount, start + timedelta(days=5), None, f"ПП-{rid}")]
            round_ = None
        for tenge, paid_on, month, document in made:
            next_id += 1
            rows.append((next_id, rid, "wage_subsidy" if monthly else kind, tenge, paid_on,
                         document, month, round_, None, None, code, region, district, "import"))
            if paid is not None:
                paid((region, district), code, paid_on, tenge)
            if next_id % REVERSED_EVERY == 0 and paid_on <= last_week:
                back_on = paid_on + timedelta(days=7)
                rows.append((next_id + 1, rid, "wage_subsidy" if monthly else kind, -tenge,
                             back_on, f"{document}-R", month, None, next_id, REASON, code,
                             region, district, "import"))
                next_id += 1
                if paid is not None:
                    paid((region, district), code, back_on, -tenge)
    return next_id


def add_payments(conn: Connection, today: date, progress=None, paid: Paid | None = None) -> int:
    """The payments of every payable referral that has none; returns the rows written."""
    kinds = {}
    for code, kind, months, period in conn.execute(select(
            Measure.code, Measure.kind, Measure.max_months, Measure.benefit_period)):
        if kind in money.PAYMENT_KINDS_OF and period != "course":
            kinds[code] = (money.PAYMENT_KINDS_OF[kind][0], min(months or 6, 12),
                           kind in money.SUBSIDISED_KINDS)
    low, high = conn.execute(select(func.min(Referral.id), func.max(Referral.id))).one()
    next_id = conn.execute(select(func.coalesce(func.max(Payment.id), 0))).scalar_one()
    # paid already (through the money operations): read once, before the bulk rows, whose
    # referrals are never these
    have = set(conn.scalars(select(Payment.referral_id).distinct()))
    deferred = deferred_ddl(conn, Payment.__table__.name)
    for drop, _ in deferred:
        conn.exec_driver_sql(drop)
    written = 0
    for first in range(low or 0, (high or -1) + 1, CHUNK):
        found = conn.execute(
            select(Referral.id, Referral.measure_code, Referral.amount_kzt,
                   func.coalesce(Referral.start_on, Referral.status_on),
                   Person.region_id, Person.district_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Referral.id.between(first, first + CHUNK - 1),
                   Referral.status.in_(PAYABLE_STATUSES), Referral.amount_kzt > 0,
                   Referral.measure_code.in_(sorted(kinds)))
            .order_by(Referral.id)).all()
        rows: list[tuple] = []
        next_id = _rows([f for f in found if f[0] not in have], kinds, today, next_id, rows,
                        paid)
        if rows:
            written += write_rows(conn, Payment.__table__, COLUMNS, rows)
        if progress is not None:
            progress(min(first + CHUNK, (high or 0)) - (low or 0))
    restore(conn, deferred)
    follow_sequences(conn, (Payment,))
    return written
