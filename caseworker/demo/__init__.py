"""Demo data: users of every role in several regions and persons spread over all regions."""
from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from datetime import date, timedelta

from sqlalchemy import Connection, func, select, text

from caseworker import policy
from caseworker.auth.operations import hash_password, normalise
from caseworker.auth.second_factor import store_secret
from caseworker.demo.bulk import deferred_ddl, restore, write_persons, write_rows as write_bulk
from caseworker.demo.persons import expected_persons, rows
from caseworker.extensions import db
from caseworker.models import District, Person, Region, User

PASSWORD = "enbek-demo-2026"
# The demo's one user with a second factor enrolled (README, below the logins): an admin whose
# authenticator is set up with this key, to try the login's second step.
SECOND_FACTOR_LOGIN = "admin.2fa"
SECOND_FACTOR_SECRET = "DEMOADMINTOTPKZCASEWORKERENBEKQR"
# login suffix -> region KATO; each gets an officer, a supervisor and a caseworker in the
# region's first district (its centre).
DEMO_REGIONS = {
    "kyzylorda": "430000000", "shymkent": "790000000", "almaty": "750000000",
    "astana": "710000000", "turkistan": "610000000", "oral": "270000000",
}
PEOPLE = {
    policy.OFFICER: ("Жанна Әбенова", "Ерлан Досов", "Айнұр Смағұлова"),
    policy.SUPERVISOR: ("Гүлмира Сейітова", "Бауыржан Қалиев", "Ольга Ким", "Нұрлан Жақсыбеков"),
    policy.CASEWORKER: ("Әсел Нұрқасымова", "Данияр Бекенов", "Мадина Исаева", "Иван Петренко"),
}


def _pick(kind: str, index: int) -> str:
    options = PEOPLE[kind]
    return options[index % len(options)]


def _add_user(login: str, full_name: str, role: str, password_hash: str,
              region_id: int | None = None, district_id: int | None = None) -> User:
    """A demo user with the shared password hash (create_user would hash it once per user,
    and scrypt takes a tenth of a second)."""
    user = User(login=normalise(login), full_name=full_name, password_hash=password_hash,
                role=role, region_id=region_id, district_id=district_id, active=True,
                session_counter=0)
    db.session.add(user)
    return user


def create_users() -> dict[int, list[int]]:
    """The demo users; returns district id -> caseworker ids for assigning persons."""
    password = hash_password(PASSWORD)
    _add_user("admin", "Администратор системы", policy.ADMIN, password)
    _add_user("analyst", "Аналитик министерства", policy.ANALYST, password)
    enrolled = _add_user(SECOND_FACTOR_LOGIN, "Администратор (второй фактор)", policy.ADMIN,
                         password)
    db.session.flush()  # its id: the stored secret is encrypted for its row
    store_secret(enrolled, SECOND_FACTOR_SECRET)
    enrolled.totp_enabled = True
    workers: list[User] = []
    for i, (suffix, kato) in enumerate(DEMO_REGIONS.items()):
        region = db.session.scalar(select(Region).where(Region.kato == kato))
        districts = region.districts
        centre, other = districts[0], districts[1]
        specs = [
            (policy.OFFICER, f"officer.{suffix}", None),
            (policy.SUPERVISOR, f"supervisor.{suffix}", centre),
            (policy.CASEWORKER, f"caseworker.{suffix}", centre),
            (policy.CASEWORKER, f"caseworker2.{suffix}", centre),
            (policy.SUPERVISOR, f"supervisor2.{suffix}", other),
            (policy.CASEWORKER, f"caseworker3.{suffix}", other),
        ]
        for j, (role, login, district) in enumerate(specs):
            user = _add_user(login, _pick(role, i + j), role, password, region.id,
                             district.id if district else None)
            if policy.holds_cases(role):
                workers.append(user)
    workers += _staff_other_regions(password)
    db.session.flush()
    teams: dict[int, list[int]] = {}
    for user in workers:
        teams.setdefault(user.district_id, []).append(user.id)
    return teams


def _staff_other_regions(password: str) -> list[User]:
    """A caseworker (`cw01.<district KATO>`) in the first district of every region without
    demo users, so that every region has casework, facts against its plan, and its place
    among the leading and the lagging regions, as a real country would."""
    added = []
    for n, region in enumerate(db.session.scalars(
            select(Region).where(Region.kato.not_in(DEMO_REGIONS.values()))
            .order_by(Region.kato))):
        district = region.districts[0]
        added.append(_add_user(f"cw01.{district.kato}", _pick(policy.CASEWORKER, 40 + n),
                               policy.CASEWORKER, password, region.id, district.id))
    return added


CASELOAD = 600  # persons per caseworker where the demo staffs every district


def staff_districts(teams: dict[int, list[int]], persons: int) -> dict[int, list[int]]:
    """Caseworkers for every district, enough for about CASELOAD of the persons `rows` puts
    there each (a national-scale demo: the demo's own caseworkers keep a caseload of a
    realistic size, and every person has someone who acts for them). Logins
    `cw<NN>.<district KATO>`, the demo password. Returns the teams with them added."""
    districts = _districts()
    expected = expected_persons(persons, districts)
    password = db.session.scalar(select(User.password_hash).limit(1)) or hash_password(PASSWORD)
    added: list[User] = []
    katos = dict(db.session.execute(select(District.id, District.kato)).all())
    for district_id, region_id, _region_kato, _urban in districts:
        kato = katos[district_id]
        have = len(teams.get(district_id, []))
        for n in range(have + 1, max(1, round(expected[district_id] / CASELOAD)) + 1):
            added.append(_add_user(f"cw{n:02d}.{kato}", f"{_pick(policy.CASEWORKER, n)} ({n})",
                                   policy.CASEWORKER, password, region_id, district_id))
    db.session.flush()
    staffed = {d: list(ids) for d, ids in teams.items()}
    for user in added:
        staffed.setdefault(user.district_id, []).append(user.id)
    return staffed


def _districts() -> list[tuple[int, int, str, bool]]:
    """(id, region id, region KATO, urban) of every district, in the order `rows` reads."""
    return [tuple(r) for r in db.session.execute(
        select(District.id, District.region_id, Region.kato, District.urban)
        .join(Region, Region.id == District.region_id).order_by(District.kato))]


def person_rows(count: int, today: date, teams: dict[int, list[int]], seed: int = 2026):
    """The generator of `count` person rows (tuples in persons.COLUMNS order) for this
    database's districts; IINs already present are avoided in small databases."""
    used = set(db.session.scalars(select(Person.iin))) if count < 100_000 else None
    return rows(count, _districts(), teams, today, seed=seed, used_iins=used)


def add_persons(count: int, today: date, teams: dict[int, list[int]],
                progress: Callable[[int], None] | None = None, seed: int = 2026) -> int:
    """Insert `count` persons in big batches through the driver; the caller commits."""
    return write_persons(db.session.connection(), person_rows(count, today, teams, seed),
                         progress)


def add_casework(today: date, progress: Callable[[int], None] | None = None,
                 phases: dict[str, float] | None = None, refresh_facts: bool = True,
                 remake_history: Callable[[list[tuple[str, str]]], Connection] | None = None,
                 ) -> int:
    """What the demo adds once the persons are in: allocations, episodes, segments,
    providers, referrals, contacts and employment plans, and the indicator plans; returns the
    referrals made, and adds the seconds of each part to `phases` when given. Up to
    `history.BULK_FROM` persons the referrals and contacts go through the app's own operations
    (for the demo caseworkers' persons); above it every person gets a history written in bulk
    (`demo.history`). `flask demo` and the benchmark both call this; tests/test_bench_smoke.py
    checks both paths fill the same tables. Without `refresh_facts` the casework facts on
    `person` are left to the caller (the benchmark refreshes them once this is committed, in
    several connections at once). `remake_history` is given the bulk history's indexes and
    constraints to make again (`history.add_history`'s `remake`)."""
    from caseworker.casework import facts
    from caseworker.demo import casework, history, money, offers, partners, payments_bulk
    from caseworker.demo.allocations import add_allocations
    from caseworker.demo.persons import POPULATION
    from caseworker.demo.plans import add_plans
    from caseworker.demo.projects import add_projects, create_projects, project_of_region
    from caseworker.domain.tally import payment_deltas
    from caseworker.indicators.definitions import COUNTED
    from caseworker.demo.transfers import add_transfers
    from caseworker.demo.vacancies import add_vacancies
    from caseworker.indicators import summary
    from caseworker.payments import totals
    timed = partial(_timed, phases)
    built: summary.Cells = defaultdict(lambda: [0, 0])  # the summary's cells, in a bulk build
    # The facts are refreshed once at the end: kept current row by row meanwhile, they would
    # cost more than the rows themselves (the operations after the history, offers and money,
    # read none of them; kept current there they were a fifth of the offers' time). So is the
    # indicator summary: rebuilt at the end from every person's rows, or in a bulk build added
    # up from the rows as they are made.
    with facts.deferred(db.session):
        with summary.paused(db.session):
            with timed("setup"):
                add_allocations(today, POPULATION)
                casework.add_episodes()
                casework.add_segments(today)
                casework.add_providers(random.Random(7))
                add_vacancies(today, random.Random(17))
                bulk = db.session.scalar(select(func.count(Person.id))) >= history.BULK_FROM
                if bulk:  # its history's job referrals go to them as they are written
                    create_projects(today)
            with timed("history"):
                if bulk:
                    made = history.add_history(db.session.connection(), today,
                                               progress=progress,
                                               projects=project_of_region(today),
                                               tally=built,
                                               remake=remake_history)["referral"]
                else:
                    made = casework.add_referrals(today, random.Random(11))
                    partners.answer_some(today, random.Random(17))  # through the letters' links
                    casework.add_contacts(today, random.Random(13))
                    add_transfers()
        if bulk:  # the vacancies made while the summary paused; what follows is kept current
            _add_cells(built, summary.vacancy_cells(db.session.connection()))
        keeping = summary.deferred(db.session) if bulk else summary.paused(db.session)
        with keeping as settle:
            with timed("offers"):
                offers.add_offers(today)
            with timed("money"):
                add_projects(today, attach=not bulk)
                money.add_money(today)  # finance officers; contracts, timesheets and payments
                if bulk:
                    # what the operations changed since the history, added (before the bulk
                    # payments, which a person's contribution read now would count again)
                    db.session.flush()
                    settle()
                    # every other payable referral's year of payments, written in bulk
                    paid: dict[tuple, list] = defaultdict(list)
                    payments_bulk.add_payments(
                        db.session.connection(), today,
                        paid=lambda place, code, day, tenge: paid[place].append(
                            (code, day, tenge)))
                    summary.gather(built, [(place, payment_deltas(COUNTED, found))
                                           for place, found in paid.items()])
        with timed("money"):
            totals.recount()  # the allocations' money, after the rows written in bulk
        with timed("indicators"):
            if bulk:
                _write_summary(db.session.connection(), built)
            else:
                summary.rebuild(db.session.connection())
            add_plans(today)
        with timed("snapshots"):
            freeze_closed_months(today)
    with timed("analyze"):
        db.session.execute(text("ANALYZE"))  # the query planner's statistics for the new rows
    if refresh_facts:
        with timed("facts"):
            facts.refresh(db.session.connection())  # (with them) the facts the rows give
    return made


def _write_summary(conn, built) -> int:
    """The indicator summary of a bulk build, which added up most of its cells from the rows
    as it made them rather than reading them back (`summary.rebuild`): `built` added to what
    the summary holds (what the session kept current meanwhile), written anew through the
    driver; returns its rows."""
    from caseworker.indicators.summary import KEY
    from caseworker.models import IndicatorDay
    table = IndicatorDay.__table__
    _add_cells(built, {tuple(row[:-2]): row[-2:] for row in conn.execute(
        select(*[table.c[name] for name in KEY], table.c.value, table.c.units))})
    conn.execute(table.delete())
    # hundreds of thousands of rows: its indexes and foreign keys are made once, after them,
    # rather than entry by entry and checked row by row (with them, the COPY of 324,000 rows
    # of 200,000 persons took 6 s)
    deferred = deferred_ddl(conn, table.name)
    for drop, _ in deferred:
        conn.exec_driver_sql(drop)
    written = write_bulk(conn, table, (*KEY, "value", "units"),
                         ((*key, v, u) for key, (v, u) in built.items() if (v, u) != (0, 0)))
    restore(conn, deferred)
    return written


def _add_cells(total, cells) -> None:
    for key, (value, units) in cells.items():
        total[key][0] += value
        total[key][1] += units


def freeze_closed_months(today: date) -> None:
    """The figures of each closed month of this year frozen, as the month-end job would have
    left them, so that the indicators page shows frozen months beside the live one."""
    from caseworker.domain.indicators import last_month_end
    from caseworker.indicators.operations import take_snapshot
    end = last_month_end(today)
    while end.year == today.year:
        take_snapshot(end, today)
        end = end.replace(day=1) - timedelta(days=1)


@contextmanager
def _timed(phases: dict[str, float] | None, part: str) -> Iterator[None]:
    """Adds the seconds the block took to `phases[part]` (when phases are kept)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if phases is not None:
            phases[part] = phases.get(part, 0.0) + time.perf_counter() - start


def is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None
