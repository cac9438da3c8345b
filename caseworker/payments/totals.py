"""The running totals of an allocation's money, kept on its row: committed by its open
referrals (their whole amounts), paid on them, and paid on its closed ones. Each write that
changes one of them (a referral made, a referral closed, a payment or its reversal) changes
the totals in its own transaction, after taking the allocation's lock, so the totals are
what adding up the rows would give at every commit, and funds left = allocated - committed -
paid on closed ones is read from one row.

The lock is the row's (PostgreSQL: an UPDATE holds it to the end of the transaction; SQLite:
the first write takes the database's write lock). Whoever closes a referral and whoever pays
on it both take it before reading what decides their part (the payments made so far; whether
the referral is still open), so a payment made while its referral is closed lands on the
side the referral is on when it commits.

Writers that go around the operations (the demo's bulk rows) call `recount` afterwards."""
from __future__ import annotations

from sqlalchemy import Connection, bindparam, case, func, select, update
from sqlalchemy.orm.util import identity_key

from caseworker.extensions import db
from caseworker.measures.allocations import lock
from caseworker.models import Allocation, Payment, Referral
from caseworker.models.referral import OPEN_STATUSES

TOTALS = ("committed_kzt", "paid_open_kzt", "paid_closed_kzt")


def add(allocation_id: int, *, committed: int = 0, paid_open: int = 0,
        paid_closed: int = 0) -> None:
    """Add to the totals in the database (never a value read before: two writers at once
    both count), and forget the ones this session holds."""
    if not (committed or paid_open or paid_closed):
        return
    db.session.execute(
        update(Allocation).where(Allocation.id == allocation_id)
        .values(committed_kzt=Allocation.committed_kzt + committed,
                paid_open_kzt=Allocation.paid_open_kzt + paid_open,
                paid_closed_kzt=Allocation.paid_closed_kzt + paid_closed)
        .execution_options(synchronize_session=False))
    held = db.session.identity_map.get(identity_key(Allocation, allocation_id))
    if held is not None:
        db.session.expire(held, list(TOTALS))


def referral_made(referral: Referral) -> None:
    """A new (open) referral commits its amount, under the lock its maker took."""
    if referral.allocation_id is not None and referral.amount_kzt:
        add(referral.allocation_id, committed=referral.amount_kzt)


def referrals_made(referrals: list[Referral]) -> None:
    """`referral_made` of many (a batch): what they commit added once per allocation."""
    committed: dict[int, int] = {}
    for referral in referrals:
        if referral.allocation_id is not None and referral.amount_kzt:
            committed[referral.allocation_id] = (committed.get(referral.allocation_id, 0)
                                                 + referral.amount_kzt)
    for allocation_id, amount in committed.items():
        add(allocation_id, committed=amount)


def referral_closing(referral: Referral) -> None:
    """Before an open referral is closed (completed, rejected, declined, cancelled): it no
    longer commits its amount, and what was paid on it counts as paid on a closed one."""
    if referral.allocation_id is None or referral.status not in OPEN_STATUSES:
        return
    lock(referral.allocation_id)
    paid = int(db.session.scalar(select(func.coalesce(func.sum(Payment.amount_kzt), 0))
                                 .where(Payment.referral_id == referral.id)))
    add(referral.allocation_id, committed=-(referral.amount_kzt or 0), paid_open=-paid,
        paid_closed=paid)


def lock_for(referral: Referral) -> None:
    """Writes of one referral's money one after another: its allocation's lock, or (a referral
    without one) its own row's."""
    if referral.allocation_id is not None:
        lock(referral.allocation_id)
    else:
        db.session.execute(update(Referral).where(Referral.id == referral.id)
                           .values(status=Referral.status)
                           .execution_options(synchronize_session=False))


def status_for_payment(referral: Referral) -> str:
    """Take the lock of the referral's money (`lock_for`), then read its status as committed
    now: a payment is counted on the side of the referral it is made on."""
    lock_for(referral)
    return db.session.scalar(select(Referral.status).where(Referral.id == referral.id))


def paid(referral: Referral, amount: int, status: str) -> None:
    """A payment (a reversal: below zero) on a referral of `status`, read under the lock."""
    if referral.allocation_id is None:
        return
    if status in OPEN_STATUSES:
        add(referral.allocation_id, paid_open=amount)
    else:
        add(referral.allocation_id, paid_closed=amount)


# --- adding up the rows ----------------------------------------------------------------------

def counted(ids: list[int] | None = None) -> dict[int, tuple[int, int, int]]:
    """Allocation id -> (committed, paid on open, paid on closed) added up from the referrals
    and payments (what the totals must equal)."""
    is_open = Referral.status.in_(OPEN_STATUSES)
    committed = (select(func.coalesce(func.sum(Referral.amount_kzt), 0))
                 .where(Referral.allocation_id == Allocation.id, is_open)
                 .correlate(Allocation).scalar_subquery())

    def paid_where(condition):
        return (select(func.coalesce(func.sum(Payment.amount_kzt), 0))
                .join(Referral, Referral.id == Payment.referral_id)
                .where(Referral.allocation_id == Allocation.id, condition)
                .correlate(Allocation).scalar_subquery())

    stmt = select(Allocation.id, committed, paid_where(is_open), paid_where(~is_open))
    if ids is not None:
        stmt = stmt.where(Allocation.id.in_(ids))
    return {aid: (int(c), int(po), int(pc))
            for aid, c, po, pc in db.session.execute(stmt)}


def recount(conn: Connection | None = None) -> None:
    """Every allocation's totals made again from its rows (after rows written around the
    operations): the referrals and the payments added up once each, grouped by allocation
    (a statement per allocation summing its rows would read them through the index, one
    allocation after another), then each allocation's row set."""
    run = conn or db.session
    is_open = Referral.status.in_(OPEN_STATUSES)
    found = {aid: [0, 0, 0] for aid in run.scalars(select(Allocation.id))}
    for aid, committed in run.execute(
            select(Referral.allocation_id, func.sum(Referral.amount_kzt))
            .where(Referral.allocation_id.is_not(None), is_open)
            .group_by(Referral.allocation_id)):
        found[aid][0] = int(committed or 0)
    amount = case((is_open, Payment.amount_kzt), else_=0)
    for aid, paid_open, paid_all in run.execute(
            select(Referral.allocation_id, func.sum(amount), func.sum(Payment.amount_kzt))
            .join(Referral, Referral.id == Payment.referral_id)
            .where(Referral.allocation_id.is_not(None))
            .group_by(Referral.allocation_id)):
        found[aid][1:] = [int(paid_open or 0), int((paid_all or 0) - (paid_open or 0))]
    if found:
        table = Allocation.__table__
        run.execute(update(table).where(table.c.id == bindparam("aid")).values(
            committed_kzt=bindparam("c"), paid_open_kzt=bindparam("po"),
            paid_closed_kzt=bindparam("pc")),
            [{"aid": aid, "c": c, "po": po, "pc": pc} for aid, (c, po, pc) in found.items()])
    if conn is None:
        for held in [o for o in db.session.identity_map.values() if isinstance(o, Allocation)]:
            db.session.expire(held, list(TOTALS))
