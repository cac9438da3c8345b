"""Bank and treasury files: the import (all or nothing, each row through `record_payment`),
kept as it was imported (who, when, the file's name and hash, its rows and how many matched)
with each row that was not recorded and why; those rows wait in the district's finance
queue until someone settles them with a reason, or a later file of the district that names
the same document number takes them up. A row settled by mistake is opened again (`reopen`)
and waits once more."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from caseworker import audit, clock, policy, spoken
from caseworker.domain import money
from caseworker.extensions import db
from caseworker.models import BankImport, Payment, Referral, UnmatchedRow, User
from caseworker.models.types import utcnow
from caseworker.payments import bank_file, queries
from caseworker.payments.operations import savepoint, record_payment
from caseworker.refusals import Refused
from caseworker.voiding import reason_given


@dataclass
class Imported:
    rows: int = 0
    added: int = 0
    already: int = 0
    total_kzt: int = 0
    payments: list[Payment] = field(default_factory=list)
    bank_import: BankImport | None = None

    @property
    def unchanged(self) -> bool:
        """The same file again: every row was recorded before."""
        return self.rows > 0 and self.added == 0


class _Rejected(Exception):
    def __init__(self, bad: list[dict]):
        super().__init__("rejected")
        self.bad = bad


def import_payments(data: bytes, user: User, today: date, file_name: str = "") -> Imported:
    """A bank or treasury file of payments, all or nothing: every row is matched (a letter
    number, or an IIN whose person has exactly one payable referral) and recorded through
    `record_payment`; a row recorded before (same referral and document number, amount and
    day) is counted, not added again. Any bad row refuses the whole file with the report of
    every bad row (line, column, value, reason); the file is kept either way, with the rows
    that were not recorded (the refusal keeps that much)."""
    rows = bank_file.read(data)
    if not rows:
        raise Refused("import_unreadable", message=_l("The file has no payment rows."))
    kept = BankImport(district_id=user.district_id, user_id=user.id,
                      file_name=(file_name or "").strip()[:200] or "-",
                      file_hash=hashlib.sha256(data).hexdigest(), rows=len(rows), matched=0)
    try:
        with savepoint():
            result = _record(rows, user, today)
    except _Rejected as rejected:
        _keep(kept, rows, rejected.bad)
        audit.record("payment.import_rejected", "bank_import", kept.id, user=user)
        raise Refused("import_rejected", detail={"rows": rejected.bad, "count": len(rows),
                                                 "import_id": kept.id}, keep=True) from None
    kept.accepted, kept.matched = True, len(rows)
    _keep(kept, rows, [])
    result.bank_import = kept
    audit.record("payment.import", "bank_import", kept.id, user=user)
    return result


def _record(rows: list[bank_file.Row], user: User, today: date) -> Imported:
    result, bad, seen = Imported(rows=len(rows)), [], set()
    for row in rows:
        if row.problems:
            bad.extend(row.problems)
            continue
        referral, problem = _match(row, user)
        if problem:
            bad.append(problem)
            continue
        key = (referral.id, row.document_number)
        if key in seen:
            bad.append(row.bad("document_number", _l("The same document twice in the file.")))
            continue
        seen.add(key)
        before = db.session.scalar(select(Payment).where(
            Payment.referral_id == referral.id, Payment.document_number == row.document_number))
        if before is not None:
            if before.amount_kzt == row.amount and before.paid_on == row.paid_on:
                result.already += 1
            else:
                bad.append(row.bad("document_number", _l(
                    "This document number is recorded on the referral with another amount or "
                    "date.")))
            continue
        month = row.month or _unpaid_month(referral, row.amount)
        if month is None and referral.measure.kind in money.SUBSIDISED_KINDS:
            bad.append(row.bad("amount_kzt", _l(
                "No month of the contract with a timesheet giving this amount is left unpaid: "
                "check the amount, or name the month in a month column.")))
            continue
        try:
            with savepoint():
                payment = record_payment(
                    referral, user, amount=row.amount, paid_on=row.paid_on,
                    document_number=row.document_number, today=today, month=month,
                    source="import")
        except Refused as refused:
            bad.append(row.bad(bank_file.column_of(refused.field), refused.message))
            continue
        result.added += 1
        result.total_kzt += payment.amount_kzt
        result.payments.append(payment)
    if bad:
        raise _Rejected(bad)
    return result


def _keep(kept: BankImport, rows: list[bank_file.Row], bad: list[dict]) -> None:
    """The import and its rows not recorded (one per line, its reasons together); rows of the
    district's earlier files that name a document number of this file are taken up by it."""
    db.session.add(kept)
    db.session.flush()
    numbers = {row.document_number for row in rows if row.document_number}
    if numbers:
        db.session.execute(
            update(UnmatchedRow).where(
                UnmatchedRow.district_id == kept.district_id,
                UnmatchedRow.resolved_at.is_(None),
                UnmatchedRow.document_number.in_(numbers))
            .values(resolved_at=utcnow(), resolved_by_import_id=kept.id)
            .execution_options(synchronize_session=False))
    by_line = {row.line: row for row in rows}
    reasons: dict[int, list[dict]] = {}
    for item in bad:
        reasons.setdefault(item["line"], []).append(item)
    kept.matched = len(rows) - len(reasons)
    for line, items in sorted(reasons.items()):
        row = by_line.get(line)
        texts = [f"{item['column']}: {item['reason']}" for item in items]
        db.session.add(UnmatchedRow(
            import_id=kept.id, district_id=kept.district_id, line=line,
            reference=_reference(row), document_number=row.document_number if row else None,
            paid_on=row.paid_on if row else None,
            amount_kzt=int(row.amount) if row and row.amount is not None
            and money.is_whole_tenge(row.amount) and abs(row.amount) < 10**15 else None,
            reason="; ".join(texts)[:2000],
            reasons_said=[[item["column"], item["words"]] for item in items]))
    db.session.flush()


def reasons_of(row: UnmatchedRow) -> str:
    """Why the row was not recorded, in the reader's language (a row kept before its reasons
    were kept as words: as it was first said)."""
    if not row.reasons_said:
        return row.reason
    return "; ".join(f"{column}: {spoken.said(words)}" for column, words in row.reasons_said)


def _reference(row: bank_file.Row | None) -> str | None:
    """What the row named: its letter number, or the IIN masked as lists show it."""
    if row is None:
        return None
    if row.letter_number:
        return row.letter_number[:60]
    return f"{row.iin[:6]}******" if row.iin else None


def resolve(row: UnmatchedRow, user: User, resolution: str | None) -> UnmatchedRow:
    """Settle a row that was not recorded, with what was done about it (paid by hand, a
    bank's mistake, ...): once, by the district's finance officer or supervisor."""
    if not policy.can(user, "bank_import.resolve", row):
        raise Refused("forbidden")
    text = (resolution or "").strip()
    if not text:
        raise Refused("resolution_required")
    done = db.session.execute(
        update(UnmatchedRow).where(UnmatchedRow.id == row.id,
                                   UnmatchedRow.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=user.id, resolution=text[:1000])
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise Refused("unmatched_resolved")
    db.session.expire(row)
    audit.record("payment.unmatched_resolve", "unmatched_row", row.id, user=user)
    return row


def reopen(row: UnmatchedRow, user: User, reason: str | None, confirmed: bool) -> UnmatchedRow:
    """A row settled by mistake, open again with a reason and a tick: it waits in the queue
    once more (a later file may take it up, or someone settle it again), and keeps who had
    settled it, when and what they had said, beside who opened it, when and why. Whoever may
    settle it may open it; a row a later file took up is not opened. One UPDATE that matches
    the settlement this call read (when, who, what), so of two at once the second is refused
    as not settled, and a settlement made since is not taken for the one it read."""
    if not policy.can(user, "bank_import.resolve", row):
        raise Refused("forbidden")
    reason = reason_given(reason, confirmed, "reopen")
    if row.resolved_by_import_id is not None:
        raise Refused("unmatched_taken_up")
    if row.resolved_at is None:
        raise Refused("unmatched_not_settled")
    opened = db.session.execute(
        update(UnmatchedRow).where(UnmatchedRow.id == row.id,
                                   UnmatchedRow.resolved_at == row.resolved_at,
                                   UnmatchedRow.resolved_by_id == row.resolved_by_id,
                                   UnmatchedRow.resolution == row.resolution,
                                   UnmatchedRow.resolved_by_import_id.is_(None))
        .values(resolved_at=None, resolved_by_id=None, resolution=None,
                reopened_resolution=row.resolution, reopened_resolved_by_id=row.resolved_by_id,
                reopened_done_on=clock.local(row.resolved_at).date(),
                reopened_at=utcnow(), reopened_by_id=user.id, reopen_reason=reason[:1000])
        .execution_options(synchronize_session=False)).rowcount
    if opened != 1:
        raise Refused("unmatched_not_settled")
    db.session.expire(row)
    audit.record("payment.unmatched_reopen", "unmatched_row", row.id, user=user)
    return row


def _match(row: bank_file.Row, user: User):
    """(referral, None) or (None, the bad row) for an import row."""
    if row.letter_number:
        referral = queries.payable_by_letter(row.letter_number, user)
        if referral is None:
            return None, row.bad("letter_number", _l(
                "No referral with this letter number in your district."))
        return referral, None
    found = queries.payable_by_iin(row.iin, user)
    if len(found) == 1:
        return found[0], None
    return None, row.bad("iin", _l(
        "No referral of this IIN in your district takes payments: give the letter number.")
        if not found else _l(
        "This IIN has several referrals that take payments: give the letter number."))


def _unpaid_month(referral: Referral, amount: int | None) -> date | None:
    """A wage subsidy row without a month: the earliest month of the contract whose
    timesheet gives that amount and that is not paid yet."""
    if referral.measure.kind not in money.SUBSIDISED_KINDS or amount is None:
        return None
    contract = queries.contract_of(referral.id)
    for sheet in contract.timesheets if contract else ():
        if sheet.subsidy_kzt == amount and queries.live_month_payment(
                referral.id, sheet.month) is None:
            return sheet.month
    return None
