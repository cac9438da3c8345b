"""Payments of the national build, written in bulk: for every referral of a measure that pays,
referred, started or completed, with an amount and no payment yet, what a year of its dates
calls for: a subsidised job's wage subsidy on the 10th of each month after a month worked (its
commitment spread over the measure's months, at most a year back), a grant, microcredit, fee
or allowance once, a few days after the start; about one payment in forty reversed a week
later. Rows go straight in, under the region and district of the person's centre; the
indicator summary is rebuilt afterwards (`demo.add_casework`)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, exists, func, insert, select

from caseworker.domain import money
from caseworker.models import Measure, Payment, Person, Referral
from caseworker.payments.queries import PAYABLE_STATUSES

CHUNK = 50_000  # referrals read at a time
REVERSED_EVERY = 40


def _monthly(rid: int, start: date, amount: int, months: int, today: date) -> list[dict]:
    """The wage subsidy of each month worked from `start` that is paid by `today`."""
    share, rows = max(amount // max(months, 1), 1), []
    for month in money.months_of(start, money.month_end(
            start.replace(day=1) + timedelta(days=31 * (months - 1)))):
        paid_on = money.month_end(month) + timedelta(days=10)
        if paid_on > today:
            break
        if paid_on >= today - timedelta(days=366):
            rows.append({"amount_kzt": share, "paid_on": paid_on, "month": month,
                         "month_round": 0, "document_number": f"ЗП-{rid}-{month:%Y%m}",
                         "kind": "wage_subsidy"})
    return rows


def _rows(found, kinds: dict[str, tuple[str, int, bool]], today: date, next_id: int
          ) -> tuple[list[dict], int]:
    rows = []
    for rid, code, amount, start, region, district in found:
        kind, months, monthly = kinds[code]
        if start + timedelta(days=5) > today:
            continue  # not started yet, or too lately for its money to be paid
        made = (_monthly(rid, start, amount, months, today) if monthly else
                [{"amount_kzt": amount, "paid_on": start + timedelta(days=5),
                  "month": None, "month_round": None, "document_number": f"ПП-{rid}",
                  "kind": kind}])
        for row in made:
            next_id += 1
            row.update(id=next_id, referral_id=rid, measure_code=code, region_id=region,
                       district_id=district, source="import", reverses_id=None, reason=None)
            rows.append(row)
            if next_id % REVERSED_EVERY == 0 and row["paid_on"] + timedelta(days=7) <= today:
                next_id += 1
                rows.append(row | {"id": next_id, "amount_kzt": -row["amount_kzt"],
                                   "paid_on": row["paid_on"] + timedelta(days=7),
                                   "reverses_id": row["id"], "reason": "Қате шот / неверный счёт",
                                   "document_number": f"{row['document_number']}-R",
                                   "month_round": None})
    return rows, next_id


def add_payments(conn: Connection, today: date, progress=None) -> int:
    """The payments of every payable referral that has none; returns the rows written."""
    kinds = {}
    for code, kind, months, period in conn.execute(select(
            Measure.code, Measure.kind, Measure.max_months, Measure.benefit_period)):
        if kind in money.PAYMENT_KINDS_OF and period != "course":
            kinds[code] = (money.PAYMENT_KINDS_OF[kind][0], min(months or 6, 12),
                           kind in money.SUBSIDISED_KINDS)
    low, high = conn.execute(select(func.min(Referral.id), func.max(Referral.id))).one()
    next_id = conn.execute(select(func.coalesce(func.max(Payment.id), 0))).scalar_one()
    written = 0
    for first in range(low or 0, (high or -1) + 1, CHUNK):
        found = conn.execute(
            select(Referral.id, Referral.measure_code, Referral.amount_kzt,
                   func.coalesce(Referral.start_on, Referral.status_on),
                   Person.region_id, Person.district_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Referral.id.between(first, first + CHUNK - 1),
                   Referral.status.in_(PAYABLE_STATUSES), Referral.amount_kzt > 0,
                   Referral.measure_code.in_(sorted(kinds)),
                   ~exists().where(Payment.referral_id == Referral.id))).all()
        rows, next_id = _rows(found, kinds, today, next_id)
        if rows:
            conn.execute(insert(Payment), rows)
        written += len(rows)
        if progress is not None:
            progress(min(first + CHUNK, (high or 0)) - (low or 0))
    return written
