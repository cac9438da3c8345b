"""The import of persons and their histories: each row through the operation a typed entry
calls (`people.operations.register`, `referrals.operations.refer` and `transition`,
`referrals.outcomes.record_outcome`, `casework.operations.record_contact`), so the same rules
and refusal codes apply, each in a savepoint of its own so that every bad row is found.

All or nothing: when a row is bad, or the import only checks, everything it wrote is rolled
back at the end; otherwise the caller commits once (the job with its end, the command at its
top). The persons are registered first; then the history rows are applied in the order of
their days (a day's referrals, then its steps, outcomes and contacts), so that each meets the
history of its day and letters are numbered in the order of the referred dates.
A row seen before (a person by IIN, a history row by its external id in the district) changes
nothing and is counted as such."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import false, update

from caseworker import audit, clock, collector, policy
from caseworker.casework import facts, operations as casework
from caseworker.extensions import db
from caseworker.imports import batch, cells, columns, episodes, queries, said
from caseworker.indicators import summary
from caseworker.imports.reading import Problem, Sheet
from caseworker.models import District, ImportedRow, Person, Referral, User
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.people import operations as people, pages as people_pages
from caseworker.people import queries as people_queries
from caseworker.referrals import operations as referrals, outcomes
from caseworker.providers import queries as provider_queries
from caseworker.refusals import Refused
from caseworker.territories import queries as territories
from caseworker.vacancies import operations as vacancies, pages as vacancy_pages
from caseworker.vacancies import queries as vacancy_queries

DATE_OF = batch.DATE_OF


@dataclass
class Report:
    check_only: bool
    rows: int = 0
    done: int = 0
    new: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.check_only and not self.problems and self.new > 0


message_of = said.message_of  # what a problem says, in the language of the moment


class Run:
    """One import's state: its user, its day, the persons and referrals it has met."""

    def __init__(self, user: User, today: date, job_id: int | None):
        self.user, self.today, self.job_id = user, today, job_id
        self.districts: dict[tuple, District | None] = {}
        self.later: set[str] = set()  # the import's referrals not applied yet
        self.actors: dict[int, User | None] = {}
        self.forms: dict[int, object] = {}
        self.people: dict[str, Person | str] = {}
        # what the batch forms read once: persons by IIN, referrals by external id
        self.found_persons: dict[str, Person | Refused] = {}
        self.found_referrals: dict[str, Referral] = {}
        self.before: dict[str, set[str]] = {}

    def form(self, district_id: int):
        """The district's profile form, made once and filled again for each row."""
        if district_id not in self.forms:
            self.forms[district_id] = people_pages.profile_form(district_id, said.LATER)
        return self.forms[district_id]

    def district(self, value: str | None, on: date) -> District:
        """The row's district: the user's when left out; else by id, or by the KATO code it
        had on the row's day `on` (a district renamed or moved since keeps its old code for
        the days before)."""
        if not value:
            if self.user.district is None:
                raise Refused("import_required", field="district_id")
            return self.user.district
        key = (value, on) if queries.is_kato(value) else (value, None)
        if key not in self.districts:
            self.districts[key] = (territories.district_by_kato(value, on) if key[1]
                                   else db.session.scalar(queries.district_by_id(value)))
        found = self.districts[key]
        if found is None:
            raise Refused("import_district")
        scope = policy.import_scope(self.user)
        if scope == "district" and found.id != self.user.district_id:
            raise Refused("import_other_district" if found.region_id == self.user.region_id
                          else "import_other_region", field="district_id")
        if scope == "region" and found.region_id != self.user.region_id:
            raise Refused("import_other_region", field="district_id")
        return found

    def acting(self, district_id: int) -> User:
        if district_id not in self.actors:  # read once per district
            self.actors[district_id] = policy.acting_for(self.user, district_id)
        acting = self.actors[district_id]
        if acting is None:
            raise Refused("import_no_supervisor")
        return acting

    def person(self, iin: str) -> Person:
        """The person of a history row's IIN in the user's scope (read once an IIN: the
        persons are all written before the first history row)."""
        if iin not in self.people:
            found = db.session.scalar(people_queries.by_iin(self.user, iin))
            if found is None:
                elsewhere = db.session.execute(people_queries.iin_anywhere(iin)).first()
                found = "import_other_district" if elsewhere else "import_unknown_person"
            self.people[iin] = found
        found = self.people[iin]
        if isinstance(found, str):
            raise Refused(found, field="iin")
        return found

    def read_before(self, kind: str, external_ids: set[str]) -> None:
        """Which of a kind's external ids were imported before, read for all its rows at
        once (the rows of this import are checked before they are remembered)."""
        ids = sorted(external_ids)
        self.before[kind] = {found for start in range(0, len(ids), batch.CHUNK)
                             for found in db.session.scalars(queries.imported_ids(
                                 self.user, kind, set(ids[start:start + batch.CHUNK])))}

    def seen(self, kind: str, external_id: str) -> ImportedRow | bool | None:
        if kind in self.before:
            return external_id in self.before[kind] or None
        return db.session.scalar(queries.imported(self.user, kind, external_id))

    def referral(self, external_id: str) -> Referral:
        row = db.session.scalar(queries.imported(self.user, "referrals", external_id))
        if row is None and external_id in self.later:  # in this import, on a later day
            raise Refused("before_referral", field="on")
        if row is None:
            raise Refused("import_unknown_referral")
        return db.session.get(Referral, row.record_id)

    def remember(self, kind: str, district_id: int, external_id: str, record_id: int) -> None:
        db.session.add(ImportedRow(district_id=district_id, kind=kind, external_id=external_id,
                                   record_id=record_id, job_id=self.job_id))
        db.session.flush()


# ---- one row of each kind: the operation a typed entry calls -------------------------------
# Each returns True when it wrote something, False when the row was imported before.

def _person(run: Run, row: dict) -> bool:
    on = row["registered_on"]
    info = batch.iin_info(row)
    district = run.district(row.get("district_id"), on)
    if db.session.scalar(people_queries.by_iin(run.user, info.iin)) is not None:
        return False
    values = batch.profile(row, district.id, info, run.form(district.id))
    people.register(info, values, run.acting(district.id), run.today,
                    confirm_duplicate=bool(row.get("confirm_duplicate")), on=on)
    return True


def _history(run: Run, row: dict, kind: str, write: Callable) -> bool:
    """A history row: the person (by IIN) or the referral (by its external id) it names, in
    the user's scope; nothing when its external id was imported before; else `write(named,
    acting)` records it through the use case (as the user `acting()`, the district's) and
    gives the new record's id."""
    if kind in ("referrals", "contacts"):
        named = run.person(row["iin"])
        district_id = named.district_id
    else:
        named = run.referral(row["referral_external_id"])
        district_id = named.person.district_id
    if run.seen(kind, row["external_id"]) is not None:
        return False
    record_id = write(named, lambda: run.acting(district_id))
    run.remember(kind, district_id, row["external_id"], record_id)
    return True


def _referral(run: Run, row: dict) -> bool:
    return _history(run, row, "referrals", lambda person, acting: referrals.refer(
        person, row["measure_code"], acting(), on=row["on"], provider_id=row.get("provider_id"),
        project_id=row.get("project_id"),
        destination_region_id=row.get("destination_region_id"),
        amount_kzt=row.get("amount_kzt"), start_on=row.get("start_on"),
        comment=row.get("comment"), override_reason=row.get("override_reason")).id)


def _step(run: Run, row: dict) -> bool:
    def write(referral: Referral, acting: Callable) -> int:
        referrals.transition(referral, row["to"], row["on"], acting(), reason=row.get("reason"),
                             note=row.get("note"), letter_number=row.get("letter_number"))
        return referral.events[-1].id
    return _history(run, row, "steps", write)


def _outcome(run: Run, row: dict) -> bool:
    return _history(run, row, "outcomes", lambda referral, acting: outcomes.record_outcome(
        referral, acting(), kind=row["kind"], on=row["start_on"], employer=row.get("employer"),
        wage_kzt=row.get("wage_kzt")).id)


def _contact(run: Run, row: dict) -> bool:
    def write(person: Person, acting: Callable) -> int:
        batch.choice(row, "channel", CHANNELS)
        batch.choice(row, "topic", TOPICS)
        return casework.record_contact(
            person, acting(), at=row["at"], channel=row["channel"], topic=row["topic"],
            note=row.get("note"), next_action=row.get("next_action"),
            due_on=row.get("due_on"), now=clock.now()).id
    return _history(run, row, "contacts", write)


def _vacancy(run: Run, row: dict) -> bool:
    """A vacancy of the labour exchange's extract, found again by its number there."""
    if db.session.scalar(vacancy_queries.by_external_id(row["external_id"])) is not None:
        return False
    district = run.district(row.get("district_id"), row["opened_on"])
    acting = run.acting(district.id)
    employer = db.session.scalar(provider_queries.by_bin(acting, row["bin"]))
    if employer is None:
        raise Refused("import_unknown_employer")
    values = vacancy_pages.checked({**row, "organisation_id": employer.id}, acting)
    vacancies.create(values, acting, district_id=district.id, external_id=row["external_id"])
    return True


APPLY: dict[str, Callable[[Run, dict], bool]] = {
    "persons": _person, "referrals": _referral, "steps": _step, "outcomes": _outcome,
    "contacts": _contact, "vacancies": _vacancy, **episodes.APPLY}


# ---- the whole import ----------------------------------------------------------------------

def _once(kind: str, rows: list, problems: list[Problem]) -> list:
    """The rows whose key (a person's IIN, a history row's external id) is new in the file;
    a repeated one is a bad row naming the line it repeats."""
    key = "iin" if kind == "persons" else "external_id"
    first: dict[str, int] = {}
    kept = []
    for sheet, line, row in rows:
        if row[key] in first:
            code = "import_duplicate_iin" if key == "iin" else "import_duplicate_id"
            problems.append(Problem(sheet.source, line, key, row[key], code,
                                    {"line": first[row[key]]}))
            continue
        first[row[key]] = line
        kept.append((sheet, line, row))
    return kept


def _in_order(by_kind: dict[str, list], report: Report) -> list:
    """Every row once: the persons, then the history in the order its days happened (a day's
    referrals, steps, outcomes and contacts, each kind by its date or time, then by file and
    line). So each row meets the history as it stood that day, as a typed entry would: a state
    grant after the training it needs was completed, a step after the one before it, letters
    numbered in the order of the referred dates."""
    ordered = []
    for rank, kind in enumerate(columns.ORDER):
        rows = _once(kind, by_kind[kind], report.problems)
        report.done += len(by_kind[kind]) - len(rows)
        for sheet, line, row in rows:
            when = row[DATE_OF[kind]]
            day = when.date() if isinstance(when, datetime) else when
            # the persons first: a history row dated before its person's registration is
            # refused as such, not as a person unknown
            key = (kind != "persons", day, rank, when, sheet.source, line)
            ordered.append((key, kind, sheet, line, row))
    ordered.sort(key=lambda item: item[0])
    return ordered


# the kinds with a batch form (the same rules, written in bulk)
BATCH: dict[str, Callable] = {"persons": batch.persons, "referrals": batch.referrals,
                              "steps": batch.steps, "outcomes": batch.outcomes,
                              "contacts": batch.contacts}


def _runs(ordered: list) -> list[tuple[str, list]]:
    """The ordered rows cut into runs of one kind: (kind, [(sheet, line, row), ...])."""
    runs: list[tuple[str, list]] = []
    for _key, kind, sheet, line, row in ordered:
        if not runs or runs[-1][0] != kind:
            runs.append((kind, []))
        runs[-1][1].append((sheet, line, row))
    return runs


def _apply(state: Run, by_kind: dict[str, list], report: Report, outer, progress,
           batched: bool) -> None:
    """The rows in the order their days happened (`_in_order`), each run of one kind through
    its batch form where it has one (`batched`), else row by row."""
    ordered = _in_order(by_kind, report)
    state.later = {row["external_id"] for _key, kind, _s, _l, row in ordered
                   if kind == "referrals"}
    for kind, rows in _runs(ordered):
        if batched and kind in BATCH:
            BATCH[kind](state, rows, report, progress)
            continue
        if batched and kind != "persons":
            state.read_before(kind, {row["external_id"] for _s, _l, row in rows})
        for sheet, line, row in rows:
            if kind == "referrals":
                state.later.discard(row["external_id"])
            try:
                with db.session.begin_nested():
                    wrote = APPLY[kind](state, row)
            except Refused as refused:
                report.problems.append(batch.problem_of(sheet, line, row, refused))
                if not outer.is_active:  # an operation rolled everything back: stop here
                    return
            else:
                report.new += wrote
                report.unchanged += not wrote
            report.done += 1
            progress(report.done, errors=len(report.problems))


def run(sheets: list[Sheet], problems: list[Problem], user: User, *, check_only: bool,
        progress: Callable | None = None, job_id: int | None = None,
        batched: bool = True) -> Report:
    """Check and apply every row; written only when no row is bad and it is not a check.
    `progress(done, total=..., errors=...)` is told as it goes. `batched` False: every row
    through its use case one by one (what the batch forms are tested against). The cyclic
    garbage collector pauses meanwhile: the rows, their records and the session's objects hold
    no cycles, and its full collections would go through all of them again and again."""
    with collector.paused():
        return _run(sheets, problems, user, check_only, progress, job_id, batched)


def _run(sheets: list[Sheet], problems: list[Problem], user: User, check_only: bool,
         progress: Callable | None, job_id: int | None, batched: bool) -> Report:
    progress = progress or (lambda *args, **kwargs: None)
    report = Report(check_only, problems=list(problems))
    today = clock.today()
    report.rows = sum(len(sheet.rows) for sheet in sheets)
    progress(0, total=report.rows, errors=len(report.problems))
    by_kind: dict[str, list] = {kind: [] for kind in columns.ORDER}
    for sheet in sheets:
        for line, values in sheet.rows:
            row, bad = cells.read_row(sheet, line, values, today)
            report.problems += bad
            if row is None:
                report.done += 1
            else:
                by_kind[sheet.kind].append((sheet, line, row))
    # One savepoint around the import, one inside it per row: a bad row's writes go, the
    # others stay until the end decides. (The outer one also keeps SQLite's driver, which
    # begins a transaction only before a write, from committing at each row's release.)
    outer = db.session.begin_nested()
    # The write lock taken at once, before any read: on SQLite a transaction that read first
    # cannot write after another connection did (the job's progress), and fails "locked".
    db.session.execute(update(ImportedRow).where(false()).values(kind=ImportedRow.kind))
    # the casework facts and the indicator summary kept current once, at the end
    with facts.deferred(db.session) as settle_facts, \
            summary.deferred(db.session) as settle_summary:
        _apply(Run(user, today, job_id), by_kind, report, outer, progress, batched)
        written = not (report.problems or check_only or not report.new)
        if written:
            settle_facts()
            settle_summary()
    if not written:
        if outer.is_active:
            outer.rollback()
        db.session.rollback()  # all or nothing: a bad row or a check keeps nothing
    else:
        audit.record("import.run", "job", job_id, user=user)
        outer.commit()
    progress(report.done, errors=len(report.problems), force=True)
    return report
