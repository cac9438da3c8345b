"""The indicator summary: day and month sums per district and indicator (`IndicatorDay`),
from which the pages read every region's and district's fact at any report date in a few
thousand rows instead of grouping every referral event of the year. A cell's `region_id` is
its district's region today; reports group districts by the region that held them on the
report date (`territories.queries.region_map`), so a split or a move never rewrites the
summary.

What a person adds is `domain.tally.person_deltas` of their referrals. The summary is kept
current by the session: before a flush that changes a referral, a referral event, an outcome,
a payment or a person's district, what the persons concerned added is read from the database; after it,
read again, and the difference is added to the summary in the same transaction. A Roadmap
project's progress entry (only ever added) adds its own figures, under the project's region
and district (none: the whole region). Every version of an indicator is kept under its key
(`definitions.COUNTED`), so a report for a date before a definition changed reads the old
one. Bulk loads
(the national demo) and a summary that may have drifted (two transactions on the same person
at once) are mended by `flask indicators summary`, which rebuilds it; `flask indicators
summary --check` compares it with the figures computed from the events.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import chain

from sqlalchemy import Connection, and_, delete, event, func, insert, inspect, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from caseworker import collector
from caseworker.domain.tally import (
    Ref, difference, payment_deltas, person_deltas, progress_deltas, vacancy_deltas)
from caseworker.extensions import db
from caseworker.indicators.definitions import COUNTED
from caseworker.indicators.queries import Period
from caseworker.territories.queries import districts_of, region_map
from caseworker.models import (
    Allocation, IndicatorDay, Outcome, Payment, Person, ProjectProgress, Referral,
    ReferralEvent, Vacancy)

Cells = dict[tuple, list[int]]  # (code, year, region, district, grain, day) -> [value, units]
KEY = ("indicator_code", "year", "region_id", "district_id", "grain", "day")
CHUNK = 20_000  # persons read at a time by a rebuild
_PENDING = "indicator_summary_before"
_PROGRESS = "indicator_summary_progress"
_VACANCIES = "indicator_summary_vacancies"


def _histories(conn: Connection, which: Callable) -> dict[int, tuple[int, int, list[Ref]]]:
    """person id -> (region, district, referrals) for the persons `which(person_id column)`
    selects, read through the connection (the database's state, not the session's)."""
    persons = {pid: (region, district, []) for pid, region, district in conn.execute(
        select(Person.id, Person.region_id, Person.district_id).where(which(Person.id)))}
    events, outcomes = defaultdict(list), {}
    for rid, status, on in conn.execute(
            select(ReferralEvent.referral_id, ReferralEvent.to_status, ReferralEvent.happened_on)
            .join(Referral, Referral.id == ReferralEvent.referral_id)
            .where(which(Referral.person_id))):
        events[rid].append((status, on))
    for rid, kind, on in conn.execute(
            select(Outcome.referral_id, Outcome.kind, Outcome.start_on)
            .join(Referral, Referral.id == Outcome.referral_id)
            .where(which(Referral.person_id), Outcome.voided_at.is_(None))):
        outcomes[rid] = (kind, on)
    for rid, pid, measure, amount, year, project, vacancy in conn.execute(
            select(Referral.id, Referral.person_id, Referral.measure_code, Referral.amount_kzt,
                   Allocation.year, Referral.project_id, Referral.vacancy_id)
            .outerjoin(Allocation, Allocation.id == Referral.allocation_id)
            .where(which(Referral.person_id))):
        if pid in persons:
            persons[pid][2].append(Ref(measure, amount, year, tuple(events[rid]),
                                       outcomes.get(rid), project is not None,
                                       vacancy is not None))
    return persons


def _paid(conn: Connection, which: Callable) -> dict[tuple[int, int], list]:
    """(region, district) of the centre that paid -> (measure, day, tenge) of the payments
    on the selected persons' referrals."""
    found = defaultdict(list)
    for region, district, measure, day, amount in conn.execute(
            select(Payment.region_id, Payment.district_id, Payment.measure_code,
                   Payment.paid_on, Payment.amount_kzt)
            .join(Referral, Referral.id == Payment.referral_id)
            .where(which(Referral.person_id))):
        found[(region, district)].append((measure, day, amount))
    return found


def contribution(conn: Connection, which: Callable, payments: bool = True) -> Cells:
    """What the selected persons add to the summary, by district, day and month (payments
    under the district that paid them; `payments` False: leaves them out, for a flush that
    changes none: a payment is never edited and keeps the place it was paid in)."""
    deltas = [((region, district), person_deltas(COUNTED, refs))
              for region, district, refs in _histories(conn, which).values() if refs]
    if payments and any(i.basis == "payments" for i in COUNTED):
        deltas += [(place, payment_deltas(COUNTED, paid))
                   for place, paid in _paid(conn, which).items()]
    return _cells(deltas)


def _cells(deltas: list) -> Cells:
    """((region, district), deltas by code, year and day) as cells by day and by month."""
    cells: Cells = defaultdict(lambda: [0, 0])
    gather(cells, deltas)
    return cells


def gather(cells: Cells, deltas: list) -> None:
    """Adds ((region, district), deltas by code, year and day) to `cells` (a defaultdict of
    [0, 0]), by day, by month and by year (grain "y", dated the 1st of January)."""
    for (region, district), found in deltas:
        for (code, year, day), (value, units) in found.items():
            for grain, on in (("d", day), ("m", day.replace(day=1)),
                              ("y", day.replace(month=1, day=1))):
                cell = cells[(code, year, region, district, grain, on)]
                cell[0] += value
                cell[1] += units


FIGURES = ("funds_used_kzt", "jobs_created", "permanent_jobs")


def progress_cells(entries) -> Cells:
    """What Roadmap projects' progress entries add to the summary, under the region and
    district (None: the whole region) the project stood in when each was entered."""
    by_place = defaultdict(list)
    for entry in entries:
        by_place[(entry.region_id, entry.district_id)].append(
            (entry.on, {name: getattr(entry, name) for name in FIGURES}))
    return _cells([(place, progress_deltas(COUNTED, found))
                   for place, found in by_place.items()])


def vacancy_cells(conn: Connection, which: Callable | None = None) -> Cells:
    """What the vacancies `which(Vacancy.id)` selects (None: all) add to the summary, under
    their region and district, read through the connection (the database's state)."""
    stmt = select(Vacancy.region_id, Vacancy.district_id, Vacancy.opened_on, Vacancy.status,
                  Vacancy.status_on)
    by_place = defaultdict(list)
    for region, district, opened, status, status_on in conn.execute(
            stmt if which is None else stmt.where(which(Vacancy.id))):
        by_place[(region, district)].append(
            (opened, status_on if status == "cancelled" else None))
    return _cells([(place, vacancy_deltas(COUNTED, found))
                   for place, found in by_place.items()])


# the unique key of a district's rows, and of a whole region's rows (no district), which
# NULL keeps out of the first: each has its own index, and an add its own conflict target
DISTRICT_KEY = ("year", "indicator_code", "district_id", "grain", "day")
REGION_KEY = ("year", "indicator_code", "region_id", "grain", "day")


def _upsert(conn: Connection, whole_region: bool):
    maker = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = maker(IndicatorDay)
    return stmt.on_conflict_do_update(
        index_elements=list(REGION_KEY if whole_region else DISTRICT_KEY),
        index_where=IndicatorDay.district_id.is_(None) if whole_region else None,
        set_={"value": IndicatorDay.value + stmt.excluded.value,
              "units": IndicatorDay.units + stmt.excluded.units})


def add(conn: Connection, cells: Cells) -> None:
    """Add the cells to the summary, row by row atomically (concurrent adds both count): the
    districts' cells in one statement, the whole regions' in another."""
    rows: dict[bool, list[dict]] = {False: [], True: []}
    for key, (v, u) in cells.items():
        row = dict(zip(KEY, key), value=v, units=u)
        rows[row["district_id"] is None].append(row)
    for whole_region, found in rows.items():
        if found:
            conn.execute(_upsert(conn, whole_region), found)


def rebuild(conn: Connection, chunk: int = CHUNK) -> int:
    """The summary anew from every person's history; returns its rows."""
    conn.execute(delete(IndicatorDay))
    low, high = conn.execute(select(func.min(Person.id), func.max(Person.id))).one()
    total: Cells = defaultdict(lambda: [0, 0])
    for start in range(low or 0, (high or -1) + 1, chunk):
        with collector.paused():  # a chunk's histories: many objects, none in a cycle
            cells = contribution(conn, lambda column, s=start: column.between(s, s + chunk - 1))
        for key, (value, units) in cells.items():
            total[key][0] += value
            total[key][1] += units
    progress = conn.execute(select(ProjectProgress.region_id, ProjectProgress.district_id,
                                   ProjectProgress.on, *[getattr(ProjectProgress, name)
                                                         for name in FIGURES])).all()
    for key, (value, units) in chain(progress_cells(progress).items(),
                                     vacancy_cells(conn).items()):
        total[key][0] += value
        total[key][1] += units
    rows = [dict(zip(KEY, key), value=v, units=u) for key, (v, u) in total.items()
            if (v, u) != (0, 0)]
    for start in range(0, len(rows), 10_000):
        conn.execute(insert(IndicatorDay), rows[start:start + 10_000])
    return len(rows)


def up_to(as_of: date, year: int | None = None):
    """The summary's rows that add up to a year's figures at `as_of` (the year of `as_of`
    unless given), fewest first: the year's row (grain "y") of each district and indicator
    when the summary holds no day of that year after `as_of` (the live pages, a closed year),
    else `months_up_to`. Reads the year's last day in the summary (one index entry)."""
    last = db.session.scalar(select(func.max(IndicatorDay.day)).where(
        IndicatorDay.year == (year or as_of.year), IndicatorDay.grain == "d"))
    if last is None or last <= as_of:
        return IndicatorDay.grain == "y"
    return months_up_to(as_of)


def months_up_to(as_of: date):
    """The summary's rows that add up to a year's figures at `as_of`, month by month: the
    months before its month (grain "m"), then that month's days up to it (grain "d")."""
    month = as_of.replace(day=1)
    return or_(and_(IndicatorDay.grain == "m", IndicatorDay.day < month),
               and_(IndicatorDay.grain == "d", IndicatorDay.day >= month,
                    IndicatorDay.day <= as_of))


def facts(period: Period, by_district: bool = False, region_id: int | None = None) -> dict:
    """Region (or district) id -> code -> (value, units) at the period's report date: the
    months before the report date's month, then its days up to the report date. A district's
    figures count under the region that held it on the report date (`region_id`: the
    districts that region held then)."""
    held = region_map(period.as_of).subquery("held")
    # a row of a whole region (a Roadmap project in no district) stays with the region it
    # was entered for, as a plan does
    region = func.coalesce(held.c.region_id, IndicatorDay.region_id)
    key = IndicatorDay.district_id if by_district else region
    stmt = (select(key, IndicatorDay.indicator_code, func.sum(IndicatorDay.value),
                   func.sum(IndicatorDay.units))
            .where(IndicatorDay.year == period.year, up_to(period.as_of, period.year))
            .group_by(key, IndicatorDay.indicator_code))
    if not by_district or region_id is not None:
        stmt = stmt.outerjoin(held, held.c.district_id == IndicatorDay.district_id).where(
            or_(held.c.district_id.is_not(None), IndicatorDay.district_id.is_(None)))
    if region_id is not None:
        stmt = stmt.where(region == region_id)
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for owner, code, value, units in db.session.execute(stmt):
        found.setdefault(owner, {})[code] = (int(value or 0), int(units or 0))
    return found


def _of_region(region_id: int, on: date):
    """The rows a region counts on a report date: its districts then, and its own rows of no
    district (Roadmap projects of the whole region)."""
    return or_(IndicatorDay.district_id.in_(districts_of(region_id, on)),
               and_(IndicatorDay.district_id.is_(None), IndicatorDay.region_id == region_id))


def month_ends(period: Period, ends: list[date], code: str, region_id: int | None = None,
               district_id: int | None = None) -> list[int]:
    """The fact of one indicator at each of `ends` (inside the period): running sums of the
    days of the year (of a region: the districts it held on the report date)."""
    stmt = (select(IndicatorDay.day, func.sum(IndicatorDay.value))
            .where(IndicatorDay.year == period.year, IndicatorDay.grain == "d",
                   IndicatorDay.indicator_code == code, IndicatorDay.day <= period.as_of)
            .group_by(IndicatorDay.day).order_by(IndicatorDay.day))
    if region_id is not None:
        stmt = stmt.where(_of_region(region_id, period.as_of))
    if district_id is not None:
        stmt = stmt.where(IndicatorDay.district_id == district_id)
    days = db.session.execute(stmt).all()
    return [sum(int(v) for d, v in days if d <= end) for end in ends]


def by_month(period: Period, code: str, region_id: int) -> list[int]:
    """The fact of one indicator added in each month of the period up to its report date (the
    last month up to the report date), for a region: its months' rows, then the report
    month's days."""
    stmt = (select(IndicatorDay.grain, IndicatorDay.day, func.sum(IndicatorDay.value))
            .where(IndicatorDay.year == period.year, IndicatorDay.indicator_code == code,
                   _of_region(region_id, period.as_of), months_up_to(period.as_of))
            .group_by(IndicatorDay.grain, IndicatorDay.day))
    added = [0] * period.as_of.month
    for _grain, day, value in db.session.execute(stmt):
        added[day.month - 1] += int(value or 0)
    return added


# --- kept current by the session ----------------------------------------------------------

def _concerned(session: Session) -> set[int]:
    """The persons whose indicator contributions this flush may change."""
    persons, referrals = set(), set()
    new = session.new  # (a set made anew at each reading)
    for obj in chain(new, session.dirty, session.deleted):
        if isinstance(obj, Referral) and obj.person_id is not None:
            persons.add(obj.person_id)
        elif (isinstance(obj, (ReferralEvent, Outcome, Payment))
              and obj.referral_id is not None):
            referrals.add(obj.referral_id)
        elif isinstance(obj, Person) and obj.id is not None and obj not in new:
            state = inspect(obj)
            if (state.attrs.district_id.history.has_changes()
                    or state.attrs.region_id.history.has_changes()):
                persons.add(obj.id)
    if referrals:
        persons |= set(session.connection().scalars(
            select(Referral.person_id).where(Referral.id.in_(referrals))))
    return persons


def _which(ids: set[int]) -> Callable:
    return lambda column: column.in_(sorted(ids))


_DEFERRED = "indicator_summary_deferred"


@contextmanager
def deferred(session: Session) -> Iterator[Callable[[], None]]:
    """A bulk write (an import) keeps the summary current once, at its end, rather than at
    each flush: a person's contribution is read before its first change only, and `settle()`
    adds the difference of them all (not called: nothing is added, as when the write is
    rolled back)."""
    seen: set[int] = set()
    before: Cells = defaultdict(lambda: [0, 0])
    session.info[_DEFERRED] = (seen, before)

    def settle() -> None:
        if seen:
            conn = session.connection()
            add(conn, difference(contribution(conn, _which(seen)), before))
    try:
        yield settle
    finally:
        session.info.pop(_DEFERRED, None)


def _defer(session: Session, ids: set[int]) -> None:
    seen, before = session.info[_DEFERRED]
    new = ids - seen
    if new:
        for key, (value, units) in contribution(session.connection(), _which(new)).items():
            before[key][0] += value
            before[key][1] += units
        seen |= new


@contextmanager
def changing(session: Session, ids: set[int]) -> Iterator[None]:
    """Statements that change the referrals of the persons `ids` where no flush sees them (a
    batch written through the driver): what the persons added is read before them (under
    `deferred`: before their first change only) and the difference added after them."""
    if not ids or _PAUSED in session.info:
        yield
    elif _DEFERRED in session.info:
        _defer(session, ids)
        yield
    else:
        conn = session.connection()
        before = contribution(conn, _which(ids))
        yield
        add(conn, difference(contribution(conn, _which(ids)), before))


_PAUSED = "indicator_summary_paused"


@contextmanager
def paused(session: Session) -> Iterator[None]:
    """Writes that a `rebuild` follows (the demo's data): the summary is not kept current while
    they are made, and whatever they leave unflushed is flushed before it is kept again."""
    session.info[_PAUSED] = True
    try:
        yield
        session.flush()
    finally:
        session.info.pop(_PAUSED, None)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    if _PAUSED in session.info:
        return
    # a progress entry is only ever added (a reversal is another entry): it adds itself
    entries = [obj for obj in session.new if isinstance(obj, ProjectProgress)]
    if entries:
        session.info.setdefault(_PROGRESS, []).extend(entries)
    # a vacancy opened, moved or cancelled: what it added before, and (after) what it adds
    vacancies = [obj for obj in chain(session.new, session.dirty)
                 if isinstance(obj, Vacancy)]
    if vacancies:
        known = {v.id for v in vacancies if v.id is not None}
        before = vacancy_cells(session.connection(), _which(known)) if known else {}
        session.info[_VACANCIES] = (vacancies, before)
    ids = _concerned(session)
    if ids and _DEFERRED in session.info:
        _defer(session, ids)
    elif ids:
        paying = any(isinstance(obj, Payment)
                     for obj in chain(session.new, session.dirty, session.deleted))
        before = contribution(session.connection(), _which(ids), paying)
        # one flush at a time; a failed one is dropped
        session.info[_PENDING] = (ids, before, paying)


@event.listens_for(Session, "after_flush_postexec")
def _after_flush(session: Session, _context) -> None:
    entries = session.info.pop(_PROGRESS, None)
    if entries:
        add(session.connection(), progress_cells(entries))
    vacancies = session.info.pop(_VACANCIES, None)
    if vacancies is not None:
        changed, before = vacancies
        conn = session.connection()
        add(conn, difference(vacancy_cells(conn, _which({v.id for v in changed})), before))
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        ids, before, paying = pending
        conn = session.connection()
        add(conn, difference(contribution(conn, _which(ids), paying), before))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PROGRESS, None)
    session.info.pop(_VACANCIES, None)
