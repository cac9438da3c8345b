"""Places and funds: which allocation a referral draws on, and what is left of it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from caseworker.extensions import db
from caseworker.models import Allocation, AllocationUse, District, Referral
from caseworker.models.allocation import USING_STATUSES


@dataclass
class Left:
    allocation: Allocation
    used_places: int
    used_funds: int  # committed by its open referrals and paid on its closed ones

    @property
    def places(self) -> int:
        return self.allocation.places - self.used_places

    @property
    def funds(self) -> int:
        """Allocated - committed by open referrals - paid on closed ones."""
        return self.allocation.funds_kzt - self.used_funds


def lock(allocation_id: int) -> None:
    """Take the allocation's lock for the rest of the transaction (a write that changes
    nothing: PostgreSQL's row lock, SQLite's write lock) before reading what it has left, so
    that two writers never both take its last place or its last tenge."""
    db.session.execute(update(Allocation).where(Allocation.id == allocation_id)
                       .values(places=Allocation.places)
                       .execution_options(synchronize_session=False))


def _covering(district: District, year: int):
    """The allocations covering the district (its own and the region's) of the year."""
    return (Allocation.region_id == district.region_id, Allocation.year == year,
            (Allocation.district_id == district.id) | Allocation.district_id.is_(None))


def _by_measure(allocations) -> dict[str, list[Allocation]]:
    """measure code -> the allocations, the district's own first, then the region's."""
    found: dict[str, list[Allocation]] = {}
    for allocation in sorted(allocations, key=lambda a: a.district_id is None):
        found.setdefault(allocation.measure_code, []).append(allocation)
    return found


def levels_of(district: District, year: int) -> dict[str, list[Allocation]]:
    """measure code -> the allocations covering the district, its own first, then the
    region's."""
    return _by_measure(db.session.scalars(select(Allocation).where(*_covering(district, year))))


def _places_used(counted: bool = False):
    """The places an allocation's referrals take: the rows the database keeps for it added
    up (`measures.use`, a few rows); `counted`, its referrals counted (thousands for a
    region's allocation), for a reader that gives places by what it reads."""
    if counted:
        return (select(func.count()).select_from(Referral)
                .where(Referral.allocation_id == Allocation.id,
                       Referral.status.in_(USING_STATUSES))
                .correlate(Allocation).scalar_subquery())
    return (select(func.coalesce(func.sum(AllocationUse.n), 0))
            .where(AllocationUse.allocation_id == Allocation.id)
            .correlate(Allocation).scalar_subquery())


def _funds_used():
    return Allocation.committed_kzt + Allocation.paid_closed_kzt


def usage(allocations: list[Allocation], counted: bool = False) -> dict[int, Left]:
    """Places used (kept, or with `counted` counted: see `_places_used`) and funds used (the
    allocation's running totals, see `payments.totals`) of each allocation, in one
    statement. Under the allocation's lock, where what is read decides whether a referral
    may take a place (or the places may be cut), the referrals are counted: the limit rests
    on them alone, whatever a bulk write without the triggers left of the kept rows."""
    ids = [a.id for a in allocations]
    used = {aid: (int(n), int(funds)) for aid, n, funds in db.session.execute(
        select(Allocation.id, _places_used(counted), _funds_used())
        .where(Allocation.id.in_(ids)))} if ids else {}
    return {a.id: Left(a, *used.get(a.id, (0, 0))) for a in allocations}


def left_for_district(district: District, year: int) -> dict[str, Left]:
    """measure code -> what is left of the allocation a referral of the district draws on: the
    district's own while it has places left, then the region's. The allocations and their
    use are read in one statement."""
    rows = db.session.execute(select(Allocation, _places_used(), _funds_used())
                              .where(*_covering(district, year))).all()
    left = {a.id: Left(a, int(n), int(funds)) for a, n, funds in rows}
    return drawn(_by_measure(a for a, _n, _funds in rows), left)


def drawn(levels: dict[str, list[Allocation]], left: dict[int, Left]) -> dict[str, Left]:
    """measure code -> the allocation of `levels` (see `levels_of`) a referral draws on, with
    what `left` says is left of it: the first with places left, else the first."""
    return {code: next((left[a.id] for a in chain if left[a.id].places > 0), left[chain[0].id])
            for code, chain in levels.items()}


def for_district(district: District, year: int) -> dict[str, Allocation]:
    """measure code -> the allocation a referral of the district draws on (as above)."""
    return {code: left.allocation for code, left in left_for_district(district, year).items()}


def region_table(region_id: int, year: int) -> list[Left]:
    """The region's allocations of the year with their use, the measure and district of each
    read with them (a page of many rows in a few statements)."""
    rows = db.session.scalars(select(Allocation).where(
        Allocation.region_id == region_id, Allocation.year == year)
        .options(joinedload(Allocation.measure), joinedload(Allocation.district))
        .order_by(Allocation.measure_code, Allocation.district_id.is_not(None),
                  Allocation.district_id)).all()
    left = usage(rows)
    return [left[a.id] for a in rows]


class AllocationRefused(ValueError):
    """An allocation not saved: `current` is what is saved now (None: nothing yet)."""

    def __init__(self, code: str, current: Left | None):
        super().__init__(code)
        self.code, self.current = code, current


def find(measure_code: str, region_id: int, district_id: int | None,
         year: int) -> Allocation | None:
    return db.session.scalar(select(Allocation).where(
        Allocation.measure_code == measure_code, Allocation.region_id == region_id,
        Allocation.year == year,
        Allocation.district_id.is_(None) if district_id is None
        else Allocation.district_id == district_id))


def set_allocation(measure_code: str, region_id: int, district_id: int | None, year: int,
                   places: int, funds: int, version: int | None = None) -> Allocation:
    """Set the places and funds of one allocation. `version` is the one the form was filled
    from (None: the form began empty); a save over a different one, or one that leaves fewer
    places or funds than referrals already use, is refused with what is saved now."""
    allocation = find(measure_code, region_id, district_id, year)
    if allocation is None:
        if version is not None:
            raise AllocationRefused("gone", None)
        allocation = Allocation(measure_code=measure_code, region_id=region_id,
                                district_id=district_id, year=year, places=places,
                                funds_kzt=funds)
        db.session.add(allocation)
        db.session.flush()
        return allocation
    lock(allocation.id)
    current = usage([allocation], counted=True)[allocation.id]
    if version != allocation.version:
        raise AllocationRefused("changed" if version is not None else "exists", current)
    if places < current.used_places:
        raise AllocationRefused("places_used", current)
    if funds < current.used_funds:
        raise AllocationRefused("funds_used", current)
    allocation.places, allocation.funds_kzt = places, funds
    db.session.flush()
    return allocation
