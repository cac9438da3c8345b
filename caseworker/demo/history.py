"""Casework history at national scale, written through the driver (`demo.bulk`).

About two referrals per person in every status, each with its events, the letter of a referral
that reached "referred", and the outcome and 3/6/12-month follow-ups of a completed one; about
ten contacts per person, a fifth of them with a next action (some overdue); an employment plan
with steps for one person in ten. `demo.casework` makes the same kinds of rows one at a time
through the app's own operations; that is too slow for a million persons, so above
`BULK_FROM` persons the demo and the benchmark come here instead.

Rows follow the rules the operations keep: one open referral per person and measure, event
dates in order and never after today, approval first where the measure needs it, places taken
from this year's allocation only while it has some, letter numbers in sequence per region and
year (the counters continue from them), unique verification codes.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from sqlalchemy import Connection, delete, func, insert, or_, select

from caseworker import clock, collector, policy
from caseworker.demo import bulk, parts
from caseworker.demo.allocations import RegionFunds
from caseworker.demo.bulk import deferred_ddl, follow_sequences, restore
from caseworker.demo.projects import JOB_MEASURES
from caseworker.demo.casework import (
    ACTIONS, NOTES, PATHS, PLAN_GOAL, REASONS, STEPS, fitting_providers, plan_dates)
from caseworker.domain import letter_codes
from caseworker.calendar.queries import work_calendar
from caseworker.domain.dates import FIRST_PLAN_YEAR, age
from caseworker.domain.workdays import follow_up_days
from caseworker.domain.numbering import letter_number
from caseworker.domain.tally import Ref, person_deltas
from caseworker.domain.workflow import allowed
from caseworker.indicators import summary
from caseworker.indicators.definitions import COUNTED
from caseworker.measures import use as places_used
from caseworker.models import (
    EmploymentPlan, FollowUp, Interaction, Letter, LetterCounter, Measure, MeasureVersion,
    Outcome, Person, PlanStep, Referral, ReferralEvent, Region, ResettlementRate, User)
from caseworker.models.outcome import FOLLOW_UP_MONTHS, JOB_KINDS, SOURCES
from caseworker.models.referral import VOID_STATUSES

BULK_FROM = 100_000  # persons
PARALLEL_FROM = 100_000  # persons: on PostgreSQL, the history is made in parts at once
CHUNK = 20_000  # persons generated and written at a time
REFERRALS = ((0, 15), (1, 25), (2, 25), (3, 20), (4, 15))  # per person, and how often: mean 1.95
CONTACTS = tuple(range(6, 15))  # per person: mean 10
SHAPES = 4096  # referral courses and contacts drawn in advance
TASK_SHARE, PLAN_SHARE = 0.2, 0.1
OUTCOME_KINDS = ("permanent_job", "permanent_job", "temporary_job", "training_certificate",
                 "not_employed")
VERDICT = json.dumps({"status": "passed", "demo": True})
RAW = frozenset({"verdict"})  # serialised already
CHANNELS = ("visit", "phone", "phone", "sms", "egov")
TOPICS = ("job_search", "measure", "documents", "registration")

REFERRAL_COLUMNS = ("id", "person_id", "measure_code", "allocation_id", "amount_kzt", "start_on",
                    "reason", "status", "proposed_on", "status_on", "verdict", "rules_version",
                    "created_by_id", "created_at", "version", "provider_id",
                    "destination_region_id", "project_id")
EVENT_COLUMNS = ("referral_id", "from_status", "to_status", "happened_on", "recorded_at",
                 "user_id", "reason")
LETTER_COLUMNS = ("referral_id", "number", "code", "issued_on", "issued_by_id", "status",
                  "cancelled_at", "cancelled_by_id", "created_at")
OUTCOME_COLUMNS = ("id", "referral_id", "kind", "employer", "start_on", "wage_kzt",
                   "recorded_by_id", "recorded_at")
FOLLOW_UP_COLUMNS = ("outcome_id", "months", "due_on", "checked_on", "still_employed", "source",
                     "checked_by_id")
CONTACT_COLUMNS = ("person_id", "user_id", "at", "channel", "topic", "note", "next_action",
                   "due_on", "done_on", "created_at")
PLAN_COLUMNS = ("id", "person_id", "goal", "agreed_on", "review_every_days", "next_review_on",
                "created_by_id", "version")
STEP_COLUMNS = ("plan_id", "text", "due_on", "done_on")


@dataclass
class _Rows:
    """The rows of one chunk of persons, table by table."""
    referral: list = field(default_factory=list)
    referral_event: list = field(default_factory=list)
    letter: list = field(default_factory=list)
    outcome: list = field(default_factory=list)
    follow_up: list = field(default_factory=list)
    interaction: list = field(default_factory=list)
    employment_plan: list = field(default_factory=list)
    plan_step: list = field(default_factory=list)


TABLES = ((Referral, REFERRAL_COLUMNS, "referral"), (ReferralEvent, EVENT_COLUMNS, "referral_event"),
          (Letter, LETTER_COLUMNS, "letter"), (Outcome, OUTCOME_COLUMNS, "outcome"),
          (FollowUp, FOLLOW_UP_COLUMNS, "follow_up"), (Interaction, CONTACT_COLUMNS, "interaction"),
          (EmploymentPlan, PLAN_COLUMNS, "employment_plan"), (PlanStep, STEP_COLUMNS, "plan_step"))


@dataclass
class _Ids:
    referral: int
    outcome: int
    plan: int


class _World:
    """What the generator reads once: measures, this year's places, who acts in a district,
    letter counters, and the codes already given."""

    def __init__(self, conn: Connection, today: date, rng: random.Random,
                 projects: dict[int, int] | None = None):
        self.today, self.rng = today, rng
        # region id -> the Roadmap project this year's job referrals go to (`demo.projects`)
        self.projects = projects or {}
        self.year_start = date(today.year, 1, 1)
        # contacts up to yesterday's end of work, local time; stored timestamps are UTC
        self.now = datetime.combine(today - timedelta(days=1), time(18))
        self.utc_offset = clock.zone().utcoffset(self.now)
        self.measures = conn.execute(select(Measure.code, Measure.needs_approval,
                                            Measure.rules_version)
                                     .where(Measure.active.is_(True)).order_by(Measure.code)).all()
        self.funds = RegionFunds(conn, today)
        self.kato = dict(conn.execute(select(Region.id, Region.kato)).all())
        # follow-ups due on a day off move to the next working day, as when they are typed
        self.calendar = work_calendar(date(FIRST_PLAN_YEAR - 2, 1, 1), today + timedelta(400))
        # each measure's versions: a referral keeps the rules version of the day it was made
        self.versions: dict[str, list[tuple[date, date | None, int]]] = {}
        for code, start, end, number in conn.execute(select(
                MeasureVersion.measure_code, MeasureVersion.valid_from, MeasureVersion.valid_to,
                MeasureVersion.number).order_by(MeasureVersion.valid_from)):
            self.versions.setdefault(code, []).append((start, end, number))
        # where a resettled person may move: the regions receiving resettlers today
        self.receiving = sorted(conn.scalars(select(ResettlementRate.region_id).where(
            ResettlementRate.group == "resettler", ResettlementRate.valid_from <= today,
            or_(ResettlementRate.valid_to.is_(None), ResettlementRate.valid_to >= today))))
        self.moving = set(conn.scalars(select(Measure.code).where(Measure.kind == "mobility")))
        self.supervisor = dict(conn.execute(select(User.district_id, func.min(User.id)).where(
            User.role == policy.SUPERVISOR).group_by(User.district_id)).all())
        self.fallback = conn.scalar(select(func.min(User.id)).where(User.role == policy.ADMIN))
        self.counters = {(r, y): last for r, y, last in conn.execute(select(
            LetterCounter.region_id, LetterCounter.year, LetterCounter.last))}
        self.codes = set(conn.scalars(select(Letter.code)))
        self.firsts = letter_codes.ALPHABET
        if len(letter_codes.ALPHABET) != 32:  # `code` draws five bits a character
            raise ValueError("letter codes of an alphabet of 32 characters")
        self.pairs = [a + b for a in letter_codes.ALPHABET for b in letter_codes.ALPHABET]
        self.providers = fitting_providers(conn)
        # Drawn once: drawing every field of millions of rows anew would take minutes.
        self.shapes = [_shape(rng, rng.choice(self.measures)) for _ in range(SHAPES)]
        self.contacts = [_contact(rng) for _ in range(SHAPES)]
        # each drawn contact as `_contacts` writes it: its moment on the last day, the
        # channel, topic, note and next action, the wait for the action, whether it was done
        self.contact_parts = [
            (self.now - c.back, c.channel, c.topic, c.note, c.action,
             None if c.due_after is None else timedelta(days=c.due_after), c.done)
            for c in self.contacts]
        self.days = [timedelta(days=n) for n in range(700)]
        self.referral_counts = [n for n, weight in REFERRALS for _ in range(weight)]
        drawn = {shape.measure[0] for shape in self.shapes}
        self.ages = {code: (rules.get("min_age", 0), rules.get("max_age", 200)) for code, rules
                     in conn.execute(select(Measure.code, Measure.rules)) if code in drawn}
        self._fitting: dict[date, frozenset] = {}

    def fitting(self, born: date) -> frozenset:
        """The measures whose ages a person born on `born` is of (no youth practice at 47)."""
        found = self._fitting.get(born)
        if found is None:
            years = age(born, self.today)
            found = self._fitting[born] = frozenset(
                code for code, (low, high) in self.ages.items() if low <= years <= high)
        return found

    def code(self) -> str:
        """A letter code not given yet, whose first character is one of `firsts` (a part of
        the history made in a process of its own draws from its own: `_in_parts`); the rest
        drawn as random bits, two characters of the 32 from every ten of them."""
        firsts, pairs, rng = self.firsts, self.pairs, self.rng
        rest = letter_codes.LENGTH - 1
        bits = range(0, 10 * (rest // 2), 10)
        while True:
            n = rng.getrandbits(5 * rest)
            code = firsts[int(rng.random() * len(firsts))] + "".join(
                [pairs[(n >> shift) & 1023] for shift in bits]) + (
                letter_codes.ALPHABET[n >> 10 * (rest // 2)] if rest % 2 else "")
            if code not in self.codes:
                self.codes.add(code)
                return code

    def number(self, region_id: int, on: date) -> str:
        key = (region_id, on.year)
        self.counters[key] = seq = self.counters.get(key, 0) + 1
        return letter_number(self.kato[region_id], on.year, seq)


@dataclass(frozen=True)
class _Shape:
    """A referral's course, drawn in advance: its measure, the steps after "proposed" (only
    those the workflow allows) with the days before each, the time of day of its records, and
    what came of it if it is completed."""
    measure: tuple  # (code, needs approval, rules version)
    steps: tuple[str, ...]
    gaps: tuple[int, ...]
    clock: time
    outcome: str
    wage: int | None


@dataclass(frozen=True)
class _Contact:
    """A contact, drawn in advance but for its day."""
    back: timedelta  # before 18:00 of its day
    channel: str
    topic: str
    note: str
    action: str | None
    due_after: int | None  # days from the contact to the next action
    done: bool  # the next action, once due, was done


def _shape(rng: random.Random, measure) -> _Shape:
    target = rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0]
    steps = list(STEPS.get(target, []))
    if measure[1] and steps and steps[0] in ("referred", "declined"):
        steps = ["approved"] + steps
    taken, status = [], "proposed"
    for step in steps:
        if step not in allowed(status, measure[1]):
            break  # as the operations would refuse it ("approved" where none is needed)
        taken.append(step)
        status = step
    kind = rng.choice(OUTCOME_KINDS)
    return _Shape(measure, tuple(taken), tuple(rng.randrange(3, 40) for _ in taken),
                  time(rng.randrange(9, 18), rng.randrange(60)), kind,
                  None if kind == "not_employed" else rng.randrange(90, 300) * 1000)


def _contact(rng: random.Random) -> _Contact:
    task = rng.random() < TASK_SHARE
    return _Contact(timedelta(hours=rng.randrange(9), minutes=rng.randrange(60)),
                    rng.choice(CHANNELS), rng.choice(TOPICS), rng.choice(NOTES),
                    rng.choice(ACTIONS) if task else None,
                    rng.randrange(3, 30) if task else None, rng.random() < 0.8)


def _stored(world: _World, day: date, at: time) -> datetime:
    """A local moment of a day as a stored (UTC) timestamp."""
    return datetime.combine(day, at) - world.utc_offset


def _pick(world: _World, values):
    return values[int(world.rng.random() * len(values))]


def _referral(world: _World, rows: _Rows, ids: _Ids, person, shape: _Shape,
              refs: list[Ref] | None = None) -> None:
    today = world.today
    pid, region_id, district_id, worker, registered = person
    code, _approval, rules_version = shape.measure
    on = min(max(registered, today - timedelta(days=5 + int(world.rng.random() * 595))), today)
    rules_version = next((number for start, end, number in world.versions.get(code, ())
                          if start <= on and (end is None or on <= end)), rules_version)
    first, recorded = on, _stored(world, on, shape.clock)
    boss = world.supervisor.get(district_id, worker)
    ids.referral += 1
    rid = ids.referral
    events = [(rid, None, "proposed", on, recorded, worker, None)]
    status, issued = "proposed", None
    for step, gap in zip(shape.steps, shape.gaps):
        if on + timedelta(days=gap) > today:
            break  # the rest of its path is still to come
        on += timedelta(days=gap)
        who = boss if step in ("approved", "rejected") else worker
        events.append((rid, status, step, on, _stored(world, on, shape.clock), who,
                       REASONS.get(step)))
        status = step
        if step == "referred":
            issued = on
    allocation_id, amount = world.funds.draw(code, region_id, first, status)
    providers = world.providers.get((region_id, code))
    project = world.projects.get(region_id) if code in JOB_MEASURES and rid % 4 == 0 and (
        first >= world.year_start) else None  # as `demo.projects` attaches them
    # the start comes a week after the letter; before one is issued, it is planned further on
    start = issued + timedelta(days=7) if issued else first + timedelta(days=60)
    rows.referral.append((rid, pid, code, allocation_id, amount, start,
                          REASONS.get(status), status, first, on, VERDICT, rules_version,
                          worker, recorded, 1, providers[rid % len(providers)] if providers
                          else None, _destination(world, code, region_id), project))
    rows.referral_event.extend(events)
    if refs is not None:  # what the indicator summary counts of it (`domain.tally`)
        refs.append(Ref(code, amount, world.today.year if allocation_id is not None else None,
                        tuple((e[2], e[3]) for e in events),
                        (shape.outcome, on) if status == "completed" else None,
                        project is not None))
    if issued is not None:
        void = status in VOID_STATUSES
        rows.letter.append((rid, world.number(region_id, issued), world.code(), issued, worker,
                            "cancelled" if void else "genuine", events[-1][4] if void else None,
                            events[-1][5] if void else None, _stored(world, issued, shape.clock)))
    if status == "completed":
        _outcome(world, rows, ids, rid, worker, on, shape)


def _destination(world: _World, code: str, region_id: int) -> int | None:
    if code not in world.moving:
        return None
    return _pick(world, [r for r in world.receiving if r != region_id] or [None])


def _outcome(world: _World, rows: _Rows, ids: _Ids, rid: int, worker: int, on: date,
             shape: _Shape) -> None:
    rng = world.rng
    ids.outcome += 1
    rows.outcome.append((ids.outcome, rid, shape.outcome, "ТОО «Демо»", on, shape.wage, worker,
                         _stored(world, on, shape.clock)))
    if shape.outcome not in JOB_KINDS:
        return  # whether the person is still in the job is asked of a job only
    for months, due in follow_up_days(on, FOLLOW_UP_MONTHS, world.calendar):  # as typed
        checked = due <= world.today and rng.random() < 0.7
        rows.follow_up.append((
            ids.outcome, months, due, min(due + timedelta(days=rng.randrange(0, 20)), world.today)
            if checked else None, (rng.random() < 0.8) if checked else None,
            rng.choice(SOURCES) if checked else None, worker if checked else None))


def _contacts(world: _World, rows: _Rows, person) -> None:
    """About ten contacts, each a drawn one on a day drawn since the registration (700 days
    at most). Twelve million of them at national scale: what a contact's drawing fixes (its
    moment before the day, its wait for the next action) is worked out once per drawn one
    (`_World.contact_parts`), and the draws are made as `_pick` makes them, in its order."""
    today, offset, days = world.today, world.utc_offset, world.days
    random, drawn, append = world.rng.random, world.contact_parts, rows.interaction.append
    pid, _region, _district, worker, registered = person
    span = max(1, min((today - registered).days, 700))
    for _ in range(CONTACTS[int(random() * len(CONTACTS))]):
        start, channel, topic, note, action, after, done = drawn[int(random() * len(drawn))]
        at = start - days[int(random() * span)]
        due = at.date() + after if after is not None else None
        append((pid, worker, at, channel, topic, note, action, due,
                due if due is not None and due < today and done else None, at - offset))


def _plan(world: _World, rows: _Rows, ids: _Ids, person) -> None:
    rng, today = world.rng, world.today
    pid, _region, _district, worker, registered = person
    ids.plan += 1
    agreed, steps = plan_dates(registered, today, rng)
    rows.employment_plan.append((ids.plan, pid, PLAN_GOAL, agreed, 90,
                                 agreed + timedelta(days=90), worker, 1))
    for text, due in steps:
        rows.plan_step.append((ids.plan, text, due, due if due < today and rng.random() < 0.5
                               else None))


def _chunk(world: _World, ids: _Ids, persons, tally: dict | None = None) -> _Rows:
    """The rows of the persons' history; with `tally`, what each person adds to the
    indicator summary added to `tally[(region, district)]` (`person_deltas`'s `into`)."""
    rng, rows = world.rng, _Rows()
    for person in persons:
        refs: list[Ref] | None = [] if tally is not None else None
        fits = world.fitting(person[5])
        person = person[:3] + (person[3] or world.fallback,) + person[4:5]
        shapes: dict[str, _Shape] = {}  # one referral per measure, of the person's age
        for _ in range(min(_pick(world, world.referral_counts), len(fits))):
            while (code := (shape := _pick(world, world.shapes)).measure[0]) in shapes or (
                    code not in fits):
                pass
            shapes[shape.measure[0]] = shape
        for shape in shapes.values():
            _referral(world, rows, ids, person, shape, refs)
        if refs:
            place = (person[1], person[2])
            person_deltas(COUNTED, refs, tally[place] if place in tally else
                          tally.setdefault(place, {}))
        _contacts(world, rows, person)
        if rng.random() < PLAN_SHARE:
            _plan(world, rows, ids, person)
    return rows


def _persons(conn: Connection) -> list:
    return conn.execute(select(
        Person.id, Person.region_id, Person.district_id, Person.caseworker_id,
        Person.registered_on, Person.birth_date).order_by(Person.id)).all()


def _in_turn(conn: Connection, world: _World, ids: _Ids, everyone: list,
             written: dict[str, int], progress: Callable[[int], None] | None,
             tally: list | None) -> None:
    """The history made chunk by chunk in this process. On PostgreSQL a chunk's rows are
    written by a thread of their own while the next chunk is made (the server stores them
    meanwhile). The rows and their order are the same."""
    with bulk.Writer(conn, written, conn.dialect.name == "postgresql") as writer:
        for start in range(0, len(everyone), CHUNK):
            persons = everyone[start:start + CHUNK]
            found: dict | None = {} if tally is not None else None
            rows = _chunk(world, ids, persons, found)
            if found:
                summary.gather(tally, found.items())
            writer.write([(model.__table__, columns, name, getattr(rows, name), RAW)
                          for model, columns, name in TABLES], len(persons), progress)


def _in_parts(conn: Connection, world: _World, ids: _Ids, everyone: list,
              written: dict[str, int], progress: Callable[[int], None] | None,
              tally: list | None, seed: int) -> None:
    """The history made by `parts.PARTS` processes at once, each for the persons of some
    regions (`demo.parts`), with ids of its own: a share's referrals and outcomes are
    numbered from where the share before it could have ended (every person with as many
    referrals as they can have), so some ids are never given."""
    shares = parts.split(everyone, parts.PARTS)
    most, jobs, at = max(n for n, _ in REFERRALS), [], ids
    for number, share in enumerate(shares):
        jobs.append(partial(_part, world, at, share, number, len(shares), seed,
                            tally is not None))
        at = _Ids(at.referral + most * len(share), at.outcome + most * len(share),
                  at.plan + len(share))
    copyings = {name: bulk.copying(conn, model.__table__, columns, RAW)
                for model, columns, name in TABLES}
    for cells, counters in parts.run(conn, jobs, copyings, written, progress):
        if tally is not None:
            for key, (value, units) in cells.items():
                tally[key][0] += value
                tally[key][1] += units
        for key, last in counters.items():  # a share moved those of its own regions only
            world.counters[key] = max(world.counters.get(key, 0), last)


def _part(world: _World, ids: _Ids, persons: list, number: int, shares: int, seed: int,
          counting: bool, emit) -> tuple[dict, dict]:
    """One share's history, in a process of its own (`parts.run`): its own random draws, and
    letter codes whose first character no other share draws. Returns the indicator
    summary's cells of its persons and the letter counters."""
    world.rng = random.Random(seed * 1000 + number + 1)
    world.firsts = letter_codes.ALPHABET[number::shares]
    cells: summary.Cells = defaultdict(lambda: [0, 0])
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start:start + CHUNK]
        found: dict | None = {} if counting else None
        rows = _chunk(world, ids, chunk, found)
        if found:
            summary.gather(cells, found.items())
        emit(len(chunk), {name: getattr(rows, name) for _, _, name in TABLES})
    return dict(cells), world.counters


def _next_id(conn: Connection, column) -> int:
    return conn.scalar(select(func.coalesce(func.max(column), 0)))


def add_history(conn: Connection, today: date, seed: int = 17,
                progress: Callable[[int], None] | None = None,
                projects: dict[int, int] | None = None,
                tally: list | None = None,
                remake: Callable[[list[tuple[str, str]]], Connection] | None = None,
                ) -> dict[str, int]:
    """Write the history of every person in the connection's transaction; returns rows per
    table. The caller commits. `projects` (region id -> project id): this year's job
    referrals go to them as `demo.projects` attaches them. With `tally` (indicator summary
    cells, `summary.gather`), what the persons add to the indicator summary is added to it,
    computed from the rows as they are made rather than read back afterwards. The tables'
    indexes and constraints, dropped while the rows are written, are made again in the same
    transaction; or, with `remake`, by it: it is given their (drop, create) statements,
    commits what is written, makes them (in several connections at once, say) and returns
    the connection to go on in. The places used that referral's triggers keep (`measures.use`)
    are counted again from the rows once the triggers are back."""
    world = _World(conn, today, random.Random(seed), projects)
    ids = _Ids(_next_id(conn, Referral.id), _next_id(conn, Outcome.id),
               _next_id(conn, EmploymentPlan.id))
    written = {name: 0 for _, _, name in TABLES}
    if conn.dialect.name == "sqlite":  # a page cache that holds the indexes being made
        conn.exec_driver_sql("PRAGMA cache_size=-1000000")
    # Every row would fill the secondary indexes one entry at a time (and on PostgreSQL fire its
    # foreign-key checks): they are dropped meanwhile and made again once, over all the rows
    # (on SQLite, 100,000 persons: 11.1 s with them, 10.2 s without).
    deferred = [
        pair for model, _, _ in TABLES for pair in deferred_ddl(conn, model.__table__.name)]
    for drop, _ in deferred:
        conn.exec_driver_sql(drop)
    everyone = _persons(conn)
    with collector.paused():  # millions of rows, none in a cycle
        if conn.dialect.name == "postgresql" and len(everyone) >= PARALLEL_FROM:
            _in_parts(conn, world, ids, everyone, written, progress, tally, seed)
        else:
            _in_turn(conn, world, ids, everyone, written, progress, tally)
    _keep_counters(conn, world.counters)
    follow_sequences(conn, (Referral, Outcome, EmploymentPlan))
    if remake is None:
        restore(conn, deferred)
    else:
        conn = remake(deferred)
    # the places used that referral's triggers, dropped meanwhile, would have kept
    places_used.recount(conn)
    # the planner's statistics of the new rows: the operations that follow (offers, money)
    # and the indicator summary's reads of the persons they change would otherwise be
    # planned as if the tables were empty
    conn.exec_driver_sql("ANALYZE " + ", ".join(
        [model.__table__.name for model, _, _ in TABLES] + ["allocation_use"])
        if conn.dialect.name == "postgresql" else "ANALYZE")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-2000")  # SQLite's default again
    return written


def _keep_counters(conn: Connection, counters: dict[tuple[int, int], int]) -> None:
    conn.execute(delete(LetterCounter))
    if counters:
        conn.execute(insert(LetterCounter), [{"region_id": r, "year": y, "last": last}
                                             for (r, y), last in counters.items()])

