"""Selects behind the indicators: facts as SQL aggregates grouped by region, district or
caseworker, and the referrals behind any figure (narrowed by the policy).

Every date cut-off is computed in Python and bound as a parameter: the period runs from
1 January of the year to the report date, both included.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement, Select, and_, case, distinct, exists, func, literal_column, or_, select,
    true)
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.selectable import Subquery

from caseworker import policy
from caseworker.indicators.definitions import COUNTED, Indicator
from caseworker.models import (
    Allocation, Outcome, Payment, Person, ProjectProgress, Referral, ReferralEvent, User,
    Vacancy)
from caseworker.payments.queries import paid_within
from caseworker.territories.queries import districts_of


@dataclass(frozen=True)
class Period:
    year: int
    as_of: date  # the report date, inside the year

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)


def _status_key(statuses: tuple[str, ...]) -> str:
    return "on_" + "_".join(statuses)


def _void_key(statuses: tuple[str, ...]) -> str:
    return "void_" + "_".join(statuses)


def referral_steps(period: Period, indicators=COUNTED,
                   where: ColumnElement | None = None) -> Subquery:
    """One row per referral with a step in the period: for each set of counting statuses the
    date of the first step into it, and for each set of voiding statuses the date of the
    first (none: NULL). A referral can only be voided after it reached a counting status, so the
    events of the period are all that is needed. `where` (on Person) narrows the events
    before they are grouped, so a region reads only its own."""
    ev = ReferralEvent
    columns, statuses = {}, set()
    for ind in indicators:
        if ind.basis in ("events", "funds"):
            columns[_status_key(ind.statuses)] = func.min(
                case((ev.to_status.in_(ind.statuses), ev.happened_on)))
            columns[_void_key(ind.voided_by)] = func.min(
                case((ev.to_status.in_(ind.voided_by), ev.happened_on)))
            statuses |= set(ind.statuses) | set(ind.voided_by)
    # Over all events of the period, "+ 0" keeps SQLite from walking them in referral_id
    # index order (a random read per event): a scan and a sort are several times faster.
    key = ev.referral_id if where is not None else ev.referral_id + literal_column("0")
    stmt = (select(key.label("referral_id"), *[c.label(k) for k, c in columns.items()])
            .where(ev.happened_on >= period.start, ev.happened_on <= period.as_of,
                   ev.to_status.in_(sorted(statuses))))
    if where is not None:
        stmt = (stmt.join(Referral, Referral.id == ev.referral_id)
                .join(Person, Person.id == Referral.person_id).where(where))
    return stmt.group_by(key).subquery("steps")


def _counted(ind: Indicator, steps: Subquery, period: Period,
             upto: date | None = None) -> ColumnElement:
    """The condition under which a row of `steps` joined to its referral counts for `ind`
    (at the end of the period, or at an earlier date `upto` inside it)."""
    reached, voided = steps.c[_status_key(ind.statuses)], steps.c[_void_key(ind.voided_by)]
    if upto is None:
        cond = and_(reached.is_not(None), voided.is_(None))
    else:
        cond = and_(reached <= upto, or_(voided.is_(None), voided > upto))
    if ind.measures:
        cond = and_(cond, Referral.measure_code.in_(ind.measures))
    if ind.projects_only:
        cond = and_(cond, Referral.project_id.is_not(None))
    if ind.vacancies_only:
        cond = and_(cond, Referral.vacancy_id.is_not(None))
    if ind.basis == "funds":
        cond = and_(cond, Allocation.year == period.year)
    return cond


def _outcome_counted(ind: Indicator) -> ColumnElement:
    """The condition under which an outcome joined to its referral counts for `ind`."""
    cond = Outcome.kind.in_(ind.outcome_kinds)
    return and_(cond, Referral.vacancy_id.is_not(None)) if ind.vacancies_only else cond


def _aggregates(ind: Indicator, cond: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
    """(value, units): the figure, and how many persons or referrals it rests on."""
    if ind.counts == "person":
        units = func.count(distinct(case((cond, Referral.person_id))))
    else:
        units = func.count(case((cond, Referral.id)))
    if ind.unit == "kzt":
        return func.coalesce(func.sum(case((cond, Referral.amount_kzt), else_=0)), 0), units
    return units, units


def _cancelled_by(as_of: date) -> ColumnElement:
    return exists().where(ReferralEvent.referral_id == Referral.id,
                          ReferralEvent.to_status == "cancelled",
                          ReferralEvent.happened_on <= as_of)


def event_facts(period: Period, group: ColumnElement, where: ColumnElement | None = None,
                indicators=COUNTED) -> Select | None:
    """Facts of the event- and funds-based indicators grouped by `group` (a Person column):
    columns `key`, then `<code>` and `<code>__units` per indicator."""
    chosen = [i for i in indicators if i.basis in ("events", "funds")]
    if not chosen:
        return None
    steps = referral_steps(period, chosen, where)
    columns = []
    for ind in chosen:
        value, units = _aggregates(ind, _counted(ind, steps, period))
        columns += [value.label(ind.key), units.label(ind.key + "__units")]
    stmt = (select(group.label("key"), *columns).select_from(steps)
            .join(Referral, Referral.id == steps.c.referral_id)
            .join(Person, Person.id == Referral.person_id))
    if any(i.basis == "funds" for i in chosen):
        stmt = stmt.outerjoin(Allocation, Allocation.id == Referral.allocation_id)
    return stmt.where(true() if where is None else where).group_by(group)


def outcome_facts(period: Period, group: ColumnElement, where: ColumnElement | None = None,
                  indicators=COUNTED) -> Select | None:
    """Facts of the outcome-based indicators, grouped like `event_facts`."""
    chosen = [i for i in indicators if i.basis == "outcomes"]
    if not chosen:
        return None
    columns = []
    for ind in chosen:
        value, units = _aggregates(ind, _outcome_counted(ind))
        columns += [value.label(ind.key), units.label(ind.key + "__units")]
    return (select(group.label("key"), *columns).select_from(Outcome)
            .join(Referral, Referral.id == Outcome.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Outcome.start_on >= period.start, Outcome.start_on <= period.as_of,
                   Outcome.voided_at.is_(None), ~_cancelled_by(period.as_of),
                   true() if where is None else where)
            .group_by(group))


def _paid_group(group: ColumnElement) -> ColumnElement:
    """A payment counts under the region and district of the centre that paid it: for a
    grouping by the person's region or district, the payment's own; else the person's column
    (a caseworker)."""
    if group is Person.region_id:
        return Payment.region_id
    return Payment.district_id if group is Person.district_id else group


def _payments(period: Period, *columns) -> Select:
    """Payments of the period's year up to its report date, with their referral and person."""
    return (paid_within(select(*columns).select_from(Payment), period.as_of, period.start)
            .join(Referral, Referral.id == Payment.referral_id)
            .join(Person, Person.id == Referral.person_id))


def payment_facts(period: Period, group: ColumnElement, where: ColumnElement | None = None,
                  indicators=COUNTED) -> Select | None:
    """Facts of the payment-based indicators (money paid by the report date), grouped like
    `event_facts`: the sum of the payments, and how many payments."""
    chosen = [i for i in indicators if i.basis == "payments"]
    if not chosen:
        return None
    key = _paid_group(group)
    columns = []
    for ind in chosen:
        cond = Payment.measure_code.in_(ind.measures) if ind.measures else true()
        columns += [func.coalesce(func.sum(case((cond, Payment.amount_kzt), else_=0)), 0)
                    .label(ind.key), func.count(case((cond, Payment.id))).label(
                        ind.key + "__units")]
    return (_payments(period, key.label("key"), *columns)
            .where(true() if where is None else where).group_by(key))


def _progress_group(group: ColumnElement) -> ColumnElement | None:
    """A progress entry counts under its project's region and district; it has no person,
    so a grouping by anything else (a caseworker) has none."""
    if group is Person.region_id:
        return ProjectProgress.region_id
    return ProjectProgress.district_id if group is Person.district_id else None


def progress_facts(period: Period, group: ColumnElement, where: ColumnElement | None = None,
                   indicators=COUNTED) -> Select | None:
    """Facts of the indicators of Roadmap projects (their progress entries in the year by
    the report date), grouped by region or district; `where` (a condition on persons)
    selects none."""
    chosen = [i for i in indicators if i.basis == "projects"]
    key = _progress_group(group)
    if not chosen or key is None or where is not None:
        return None
    columns = []
    for ind in chosen:
        figure = getattr(ProjectProgress, ind.progress)
        columns += [func.coalesce(func.sum(figure), 0).label(ind.key),
                    func.coalesce(func.sum(case((figure > 0, 1), (figure < 0, -1), else_=0)), 0)
                    .label(ind.key + "__units")]
    return (select(key.label("key"), *columns)
            .where(ProjectProgress.on >= period.start, ProjectProgress.on <= period.as_of)
            .group_by(key))


def _vacancy_counted(period: Period, upto: date | None = None) -> ColumnElement:
    """A vacancy counts from the day it opened until the day it was cancelled."""
    end = upto or period.as_of
    return and_(Vacancy.opened_on >= period.start, Vacancy.opened_on <= end,
                or_(Vacancy.status != "cancelled", Vacancy.status_on > end))


def vacancy_facts(period: Period, group: ColumnElement, where: ColumnElement | None = None,
                  indicators=COUNTED) -> Select | None:
    """Facts of the indicators of vacancies, grouped by region or district (a vacancy has no
    person: a grouping by anything else, or `where` on persons, selects none)."""
    chosen = [i for i in indicators if i.basis == "vacancies"]
    key = (Vacancy.region_id if group is Person.region_id else
           Vacancy.district_id if group is Person.district_id else None)
    if not chosen or key is None or where is not None:
        return None
    count = func.count(Vacancy.id)
    columns = [c for ind in chosen for c in (count.label(ind.key),
                                             count.label(ind.key + "__units"))]
    return (select(key.label("key"), *columns).where(_vacancy_counted(period))
            .group_by(key))


def vacancies_behind(period: Period, user: User, region_id: int | None = None,
                     district_id: int | None = None) -> Select:
    """The vacancies a figure of vacancies counts in a region or district (where the job
    is), narrowed to those the user sees; the latest opened first."""
    stmt = select(Vacancy).where(_vacancy_counted(period)).options(
        joinedload(Vacancy.occupation), joinedload(Vacancy.organisation),
        joinedload(Vacancy.district))
    if district_id is not None:
        stmt = stmt.where(Vacancy.district_id == district_id)
    elif region_id is not None:
        stmt = stmt.where(Vacancy.region_id == region_id)
    return policy.scope_vacancies(stmt, user).order_by(Vacancy.opened_on.desc(),
                                                       Vacancy.id.desc())


def fact_selects(period: Period, group: ColumnElement, where: ColumnElement | None = None,
                 indicators=COUNTED) -> list[Select]:
    return [s for s in (event_facts(period, group, where, indicators),
                        outcome_facts(period, group, where, indicators),
                        payment_facts(period, group, where, indicators),
                        progress_facts(period, group, where, indicators),
                        vacancy_facts(period, group, where, indicators)) if s is not None]


def trend(ind: Indicator, period: Period, ends: list[date],
          where: ColumnElement | None = None) -> Select:
    """One row: the fact of `ind` at each of the dates `ends` (inside the period), columns
    m0, m1, ...: the month-by-month course of a year in one statement. `where` is a condition
    on persons, or for an indicator of projects on their progress entries, of vacancies on
    the vacancies."""
    if ind.basis == "projects":
        figure = getattr(ProjectProgress, ind.progress)
        columns = [func.coalesce(func.sum(case((ProjectProgress.on <= end, figure), else_=0)), 0)
                   for end in ends]
        return (select(*[c.label(f"m{n}") for n, c in enumerate(columns)])
                .where(ProjectProgress.on >= period.start, ProjectProgress.on <= period.as_of,
                       true() if where is None else where))
    if ind.basis == "vacancies":
        columns = [func.count(case((_vacancy_counted(period, end), Vacancy.id))) for end in ends]
        return (select(*[c.label(f"m{n}") for n, c in enumerate(columns)])
                .where(true() if where is None else where))
    if ind.basis == "payments":
        columns = [func.coalesce(func.sum(case((Payment.paid_on <= end, Payment.amount_kzt),
                                               else_=0)), 0) for end in ends]
        return _payments(period, *[c.label(f"m{n}") for n, c in enumerate(columns)]).where(
            true() if where is None else where)
    if ind.basis == "outcomes":
        cancels = (select(ReferralEvent.referral_id, func.min(ReferralEvent.happened_on).label("on"))
                   .where(ReferralEvent.to_status == "cancelled",
                          ReferralEvent.happened_on <= period.as_of)
                   .group_by(ReferralEvent.referral_id).subquery("cancels"))
        columns = [_aggregates(ind, and_(_outcome_counted(ind),
                                         Outcome.start_on <= end,
                                         or_(cancels.c.on.is_(None), cancels.c.on > end)))[0]
                   for end in ends]
        stmt = (select(*[c.label(f"m{n}") for n, c in enumerate(columns)]).select_from(Outcome)
                .join(Referral, Referral.id == Outcome.referral_id)
                .join(Person, Person.id == Referral.person_id)
                .outerjoin(cancels, cancels.c.referral_id == Referral.id)
                .where(Outcome.start_on >= period.start, Outcome.start_on <= period.as_of,
                       Outcome.voided_at.is_(None)))
    else:
        steps = referral_steps(period, (ind,), where)
        columns = [_aggregates(ind, _counted(ind, steps, period, end))[0] for end in ends]
        stmt = (select(*[c.label(f"m{n}") for n, c in enumerate(columns)]).select_from(steps)
                .join(Referral, Referral.id == steps.c.referral_id)
                .join(Person, Person.id == Referral.person_id))
        if ind.basis == "funds":
            stmt = stmt.outerjoin(Allocation, Allocation.id == Referral.allocation_id)
    return stmt.where(true() if where is None else where)


# --- the referrals behind a figure -------------------------------------------------------

def behind(ind: Indicator, period: Period, user: User, region_id: int | None = None,
           district_id: int | None = None, caseworker_id: int | None = None,
           scoped: bool = True) -> Select:
    """The referrals (with their persons) that a figure counts, in the user's scope: rows of
    (Referral, Person, counted_on), ordered by person. `caseworker_id` 0: persons without
    a caseworker. Not `scoped`: all of them, for counting those a user may not list (persons
    whose district belongs to another region now than on the report date)."""
    scope = policy.scope_persons if scoped else (lambda stmt, _user: stmt)
    worker = caseworker_id is not None and (
        Person.caseworker_id == caseworker_id if caseworker_id else Person.caseworker_id.is_(None))
    # a region: the districts it held on the report date
    held = districts_of(region_id, period.as_of) if region_id is not None else None
    place = [c for c in (region_id is not None and Person.district_id.in_(held),
                         district_id is not None and Person.district_id == district_id,
                         worker) if c is not False]
    if ind.basis == "payments":
        paid_place = [c for c in (region_id is not None and Payment.district_id.in_(held),
                                  district_id is not None and Payment.district_id == district_id)
                      if c is not False]
        last = (paid_within(select(func.max(Payment.paid_on)), period.as_of, period.start)
                .where(Payment.referral_id == Referral.id, *paid_place)
                .correlate(Referral).scalar_subquery())
        stmt = (select(Referral, Person, last.label("counted_on"))
                .join(Person, Person.id == Referral.person_id).where(last.is_not(None)))
        stmt = stmt.where(worker) if worker is not False else stmt
        return scope(stmt.order_by(Person.name_order, Person.id, Referral.id), user)
    if ind.basis == "outcomes":
        stmt = (select(Referral, Person, Outcome.start_on.label("counted_on"))
                .join(Outcome, Outcome.referral_id == Referral.id)
                .join(Person, Person.id == Referral.person_id)
                .where(Outcome.start_on >= period.start, Outcome.start_on <= period.as_of,
                       _outcome_counted(ind), Outcome.voided_at.is_(None),
                       ~_cancelled_by(period.as_of)))
    else:
        steps = referral_steps(period, (ind,), and_(*place) if place else None)
        stmt = (select(Referral, Person, steps.c[_status_key(ind.statuses)].label("counted_on"))
                .join(steps, steps.c.referral_id == Referral.id)
                .join(Person, Person.id == Referral.person_id)
                .where(_counted(ind, steps, period)))
        if ind.basis == "funds":
            stmt = stmt.join(Allocation, Allocation.id == Referral.allocation_id)
    stmt = stmt.where(*place).order_by(Person.name_order, Person.id, Referral.id)
    return scope(stmt, user)
