"""Reads of money: a referral's commitment, payments and balance; the district's payments;
funds used (paid by a date) and funds left of an allocation. Functions return a Select or
a figure; nothing here writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, joinedload

from caseworker import policy
from caseworker.calendar.queries import work_calendar
from caseworker.domain import money, workdays
from caseworker.domain.names import fold, prefix_range, search_key
from caseworker.extensions import db
from caseworker.measures import resettlement, versions
from caseworker.measures.versions import mci_on
from caseworker.models import (
    Allocation, BankImport, CommitmentChange, Contract, Letter, Measure, Payment, Person,
    Referral, ReferralEvent, Timesheet, UnmatchedRow, User)
from caseworker.paging import narrowed

# A referral that took place (or is taking place): payments are recorded on it.
PAYABLE_STATUSES = ("referred", "started", "completed")


def working_days(year: int, month: int) -> int:
    """The working days of a month: a five-day week with the calendar's public holidays and
    transferred days off (Monday to Friday in a year nobody has entered). The one place a
    subsidy asks for them."""
    first = date(year, month, 1)
    return workdays.working_days_in_month(year, month, work_calendar(first, first))


def benefit_of(referral: Referral) -> money.Benefit:
    """What the referral's measure pays: under the version the referral was judged under
    (for a move, at the rate of the region moved to)."""
    version = referral.measure_version or referral.measure.current
    rate = (resettlement.rate_to(referral.person.target_groups, referral.destination,
                                 referral.proposed_on)
            if referral.measure.moves_person else None)
    return versions.benefit(referral.measure, version, referral.destination, rate)


def payment_kinds(measure: Measure) -> tuple[str, ...]:
    """The kinds of payment a measure makes (none for one that pays nothing)."""
    if measure.pays_nothing:
        return ()
    return money.PAYMENT_KINDS_OF.get(measure.kind, ())


def decision_date(referral: Referral) -> date:
    """The day the referral was decided: approved, or else referred, or else proposed."""
    days = {e.to_status: e.happened_on for e in referral.events}
    return days.get("approved") or days.get("referred") or referral.proposed_on


def commitment_of(referral: Referral, contract: Contract | None = None) -> int | None:
    """The referral's whole amount: what it stores where set, else worked out from the
    measure and the MCI of the decision date (a subsidised job over its contract's months at
    its wage, where the contract is known)."""
    if referral.amount_kzt:  # (0: set by nobody, e.g. an allocation without funds)
        return referral.amount_kzt
    months = len(money.months_of(contract.starts_on, contract.ends_on)) if contract else None
    return money.commitment(
        benefit_of(referral), months, referral.person.household_size,
        mci_on(decision_date(referral)),
        wage_kzt=contract.monthly_wage_kzt if contract else None)


def referred_on(referral: Referral) -> date:
    """The day the person was referred (the first letter's day): nothing is paid before it.
    A referral written without its steps counts from the day it was proposed."""
    days = [e.happened_on for e in referral.events if e.to_status == "referred"]
    return min(days) if days else referral.proposed_on


def approved_by(referral_id: int, user: User) -> bool:
    """Whether the user approved the referral (a supervisor never pays what they approved)."""
    return db.session.scalar(select(ReferralEvent.id).where(
        ReferralEvent.referral_id == referral_id, ReferralEvent.to_status == "approved",
        ReferralEvent.user_id == user.id).limit(1)) is not None


def contract_of(referral_id: int) -> Contract | None:
    return db.session.scalar(select(Contract).where(Contract.referral_id == referral_id)
                             .options(joinedload(Contract.timesheets)))


def payments_of(referral_id: int) -> list[Payment]:
    return db.session.scalars(select(Payment).where(Payment.referral_id == referral_id)
                              .options(joinedload(Payment.entered_by))
                              .order_by(Payment.paid_on, Payment.id)).all()


def live_month_payment(referral_id: int, month: date) -> Payment | None:
    """The payment of a month that no reversal took back, if any."""
    reversal = aliased(Payment)
    taken_back = select(reversal.reverses_id).where(reversal.referral_id == referral_id,
                                                    reversal.reverses_id.is_not(None))
    return db.session.scalar(select(Payment).where(
        Payment.referral_id == referral_id, Payment.month == money.month_start(month),
        Payment.reverses_id.is_(None), Payment.id.not_in(taken_back)).limit(1))


def month_rounds(referral_id: int, month: date) -> int:
    """How many payments of the month were made before (the next one's round)."""
    return db.session.scalar(select(func.count()).select_from(Payment).where(
        Payment.referral_id == referral_id, Payment.month == money.month_start(month),
        Payment.reverses_id.is_(None))) or 0


def has_payments(referral_id: int) -> bool:
    return db.session.scalar(select(Payment.id).where(Payment.referral_id == referral_id)
                             .limit(1)) is not None


@dataclass
class Money:
    """What the referral's money block shows."""
    referral: Referral
    commitment: int | None
    payments: list[Payment]
    contract: Contract | None
    reversed_ids: set[int] = field(default_factory=set)

    @property
    def paid(self) -> int:
        return sum(p.amount_kzt for p in self.payments)

    @property
    def balance(self) -> int | None:
        return None if self.commitment is None else self.commitment - self.paid

    @property
    def paid_months(self) -> set[date]:
        return {p.month for p in self.payments if p.month and p.reverses_id is None
                and p.id not in self.reversed_ids}


def money_of(referral: Referral) -> Money:
    payments = payments_of(referral.id)
    contract = contract_of(referral.id) if referral.measure.kind in money.SUBSIDISED_KINDS \
        else None
    return Money(referral, commitment_of(referral, contract), payments, contract,
                 {p.reverses_id for p in payments if p.reverses_id})


def summary(referral: Referral) -> tuple[int | None, int, int]:
    """(commitment, paid, count of payments) in two statements: the block on the referral
    page, which shows them without loading each payment."""
    paid, count = db.session.execute(select(
        func.coalesce(func.sum(Payment.amount_kzt), 0), func.count(Payment.id)).where(
        Payment.referral_id == referral.id)).one()
    contract = (db.session.scalar(select(Contract).where(Contract.referral_id == referral.id))
                if not referral.amount_kzt
                and referral.measure.kind in money.SUBSIDISED_KINDS else None)
    return commitment_of(referral, contract), int(paid), int(count)


# --- lists -----------------------------------------------------------------------------------

@dataclass
class Filters:
    """What a list of payments is narrowed to; an empty text or None: any."""
    region_id: int | None = None
    district_id: int | None = None
    measure_code: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _filtered(stmt: Select, filters: Filters) -> Select:
    stmt = narrowed(stmt, (Payment.region_id, filters.region_id),
                    (Payment.district_id, filters.district_id),
                    (Payment.measure_code, filters.measure_code or None),
                    (Payment.kind, filters.kind or None))
    if filters.date_from is not None:
        stmt = stmt.where(Payment.paid_on >= filters.date_from)
    if filters.date_to is not None:
        stmt = stmt.where(Payment.paid_on <= filters.date_to)
    return stmt


def payment_rows(user: User, filters: Filters) -> Select:
    """Payments the user may see, newest first, with the names the list shows (the person's
    name, the measure, the referral's letter number), in one statement."""
    letter = (select(func.max(Letter.number)).where(Letter.referral_id == Payment.referral_id)
              .correlate(Payment).scalar_subquery())
    stmt = (select(Payment, Person.last_name, Person.first_name, Person.patronymic,
                   letter.label("letter_number"))
            .join(Referral, Referral.id == Payment.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .order_by(Payment.paid_on.desc(), Payment.id.desc()))
    return policy.scope_money(_filtered(stmt, filters), user)


def payments_total(user: User, filters: Filters) -> tuple[int, int]:
    """(sum in tenge, count) of the payments the filter shows."""
    stmt = (select(func.coalesce(func.sum(Payment.amount_kzt), 0), func.count(Payment.id))
            .join(Referral, Referral.id == Payment.referral_id)
            .join(Person, Person.id == Referral.person_id))
    total, count = db.session.execute(policy.scope_money(_filtered(stmt, filters), user)).one()
    return int(total), int(count)


def payable_referrals(user: User, q: str | None = None,
                      measure_code: str | None = None) -> Select:
    """The referrals of the user's scope that take payments (referred, started, completed, of
    a measure that pays), newest first, with the person's name, the letter number and what
    was paid; `q` finds a letter number or the beginning of a name."""
    paid = (select(func.coalesce(func.sum(Payment.amount_kzt), 0))
            .where(Payment.referral_id == Referral.id).correlate(Referral).scalar_subquery())
    letter = (select(func.max(Letter.number)).where(Letter.referral_id == Referral.id)
              .correlate(Referral).scalar_subquery())
    stmt = (select(Referral, Person.last_name, Person.first_name, Person.patronymic,
                   letter.label("letter_number"), paid.label("paid"))
            .join(Person, Person.id == Referral.person_id)
            .join(Measure, Measure.code == Referral.measure_code)
            .where(Referral.status.in_(PAYABLE_STATUSES),
                   Measure.kind.in_(tuple(money.PAYMENT_KINDS_OF)),
                   Measure.benefit_period.is_(None) | (Measure.benefit_period != "course"))
            .options(joinedload(Referral.measure))
            .order_by(Referral.proposed_on.desc(), Referral.id.desc()))
    if measure_code:
        stmt = stmt.where(Referral.measure_code == measure_code)
    text = (q or "").strip()
    if any(c.isdigit() for c in text):
        stmt = stmt.where(Referral.id.in_(select(Letter.referral_id).where(
            Letter.number == text)))
    elif text:
        low, high = prefix_range(fold(search_key(text)))
        stmt = stmt.where(Person.name_fold >= low)
        if high is not None:
            stmt = stmt.where(Person.name_fold < high)
    return policy.scope_money(stmt, user)


def payable_by_letter(number: str, user: User) -> Referral | None:
    """The referral of a letter number (a reissued letter's old number too), in scope."""
    stmt = (select(Referral).join(Letter, Letter.referral_id == Referral.id)
            .join(Person, Person.id == Referral.person_id).where(Letter.number == number))
    return db.session.scalar(policy.scope_money(stmt, user))


def payable_by_iin(iin: str, user: User) -> list[Referral]:
    """The person's referrals that take payments, in scope (an import row by IIN matches
    only where there is exactly one)."""
    stmt = (select(Referral).join(Person, Person.id == Referral.person_id)
            .where(Person.iin == iin, Referral.status.in_(PAYABLE_STATUSES))
            .options(joinedload(Referral.measure)))
    found = db.session.scalars(policy.scope_money(stmt, user)).all()
    return [r for r in found if payment_kinds(r.measure)]


# --- funds used and funds left ---------------------------------------------------------------

def paid_within(stmt: Select, on_date: date, since: date | None = None) -> Select:
    """The payments (reversals too) paid on or before `on_date` and on or after `since`."""
    stmt = stmt.where(Payment.paid_on <= on_date)
    return stmt if since is None else stmt.where(Payment.paid_on >= since)


def paid_by(on_date: date, *, allocation: Allocation | None = None,
            region_id: int | None = None, district_id: int | None = None,
            measure_code: str | None = None, since: date | None = None) -> int:
    """Funds used: the sum of payments (reversals subtract) whose paid_on, a local day, is on
    or before `on_date` (and on or after `since`), of an allocation's referrals, or paid by a
    region's or district's centres (where they stood when they paid) for a measure."""
    stmt = paid_within(select(func.coalesce(func.sum(Payment.amount_kzt), 0)), on_date, since)
    if allocation is not None:
        stmt = stmt.join(Referral, Referral.id == Payment.referral_id).where(
            Referral.allocation_id == allocation.id)
    return int(db.session.scalar(narrowed(
        stmt, (Payment.region_id, region_id), (Payment.district_id, district_id),
        (Payment.measure_code, measure_code))))


@dataclass(frozen=True)
class Funds:
    allocated: int
    committed: int  # by open referrals
    paid_closed: int  # paid on closed referrals
    paid_open: int = 0  # paid on open referrals (a part of what they committed)

    @property
    def left(self) -> int:
        return money.remaining_funds(self.allocated, self.committed, self.paid_closed)

    @property
    def paid(self) -> int:
        return self.paid_open + self.paid_closed

    @property
    def unpaid(self) -> int:
        """Committed by open referrals and not paid yet."""
        return max(self.committed - self.paid_open, 0)


def funds_of(allocation: Allocation) -> Funds:
    """Allocated, committed by open referrals (their whole amounts) and paid on them and on
    closed ones: the allocation's running totals (`payments.totals`), read as committed."""
    return funds_by_allocation([allocation])[allocation.id]


def funds_by_allocation(allocations: list[Allocation]) -> dict[int, Funds]:
    """`funds_of` for many allocations in one statement (the allocation page)."""
    ids = [a.id for a in allocations]
    if not ids:
        return {}
    return {aid: Funds(int(allocated), int(committed), int(paid_closed), int(paid_open))
            for aid, allocated, committed, paid_closed, paid_open in db.session.execute(
                select(Allocation.id, Allocation.funds_kzt, Allocation.committed_kzt,
                       Allocation.paid_closed_kzt, Allocation.paid_open_kzt)
                .where(Allocation.id.in_(ids)))}


def timesheet_of(contract_id: int, month: date) -> Timesheet | None:
    return db.session.scalar(select(Timesheet).where(
        Timesheet.contract_id == contract_id, Timesheet.month == money.month_start(month)))


def commitment_changes(referral_id: int) -> list[CommitmentChange]:
    """The times the referral's commitment was raised, oldest first."""
    return db.session.scalars(select(CommitmentChange).where(
        CommitmentChange.referral_id == referral_id)
        .options(joinedload(CommitmentChange.entered_by))
        .order_by(CommitmentChange.id)).all()


# --- bank files and their rows that were not recorded ----------------------------------------

def _district_of(user: User):
    """The district whose bank files the user keeps (its finance officer, its supervisor), or
    None."""
    return user.district_id if policy.can(user, "bank_import.view") else None


def unmatched_rows(user: User, resolved: bool = False) -> Select:
    """The rows of the district's bank files that were not recorded: those waiting (oldest
    first), or those settled (latest first); with who settled each, and who had settled and
    who opened again one settled by mistake."""
    stmt = (select(UnmatchedRow).where(UnmatchedRow.district_id == _district_of(user))
            .options(joinedload(UnmatchedRow.bank_import).joinedload(BankImport.user),
                     joinedload(UnmatchedRow.resolved_by), joinedload(UnmatchedRow.reopened_by),
                     joinedload(UnmatchedRow.reopened_resolved_by)))
    if resolved:
        return stmt.where(UnmatchedRow.resolved_at.is_not(None)).order_by(
            UnmatchedRow.resolved_at.desc(), UnmatchedRow.id.desc())
    return stmt.where(UnmatchedRow.resolved_at.is_(None)).order_by(
        UnmatchedRow.import_id, UnmatchedRow.line)


def open_unmatched(user: User) -> Select:
    """What the finance queue counts: the district's rows waiting to be settled."""
    return select(UnmatchedRow.id).where(UnmatchedRow.district_id == _district_of(user),
                                         UnmatchedRow.resolved_at.is_(None))


def bank_imports(user: User, limit: int = 20) -> list[BankImport]:
    """The district's latest bank files, as imported."""
    return db.session.scalars(select(BankImport).where(
        BankImport.district_id == _district_of(user))
        .options(joinedload(BankImport.user))
        .order_by(BankImport.id.desc()).limit(limit)).all()
