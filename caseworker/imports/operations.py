"""The import of persons and their histories: each row through the operation a typed entry
calls (`people.operations.register`, `referrals.operations.refer` and `transition`,
`referrals.outcomes.record_outcome`, `casework.operations.record_contact`), so the same rules
and refusal codes apply, each in a savepoint of its own so that every bad row is found.

All or nothing: when a row is bad, or the import only checks, everything it wrote is rolled
back at the end; otherwise the caller commits once (the job with its end, the command at its
top). Rows are applied kind by kind (persons, referrals, steps, outcomes, contacts), each kind
in the order of its dates, so that letters are numbered in the order of the referred dates.
A row seen before (a person by IIN, a history row by its external id in the district) changes
nothing and is counted as such."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import false, update

from caseworker import audit, clock, policy
from caseworker.casework import facts, operations as casework
from caseworker.domain import iin as iin_rules
from caseworker.extensions import db
from caseworker.imports import cells, columns, queries
from caseworker.indicators import summary
from caseworker.imports.reading import Problem, Sheet
from caseworker.models import District, ImportedRow, Person, Referral, User
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.people import forms as people_forms
from caseworker.people import operations as people, pages as people_pages
from caseworker.people import queries as people_queries
from caseworker.referrals import operations as referrals, outcomes
from caseworker.providers import queries as provider_queries
from caseworker.refusals import REFUSALS, Refused
from caseworker.vacancies import operations as vacancies, pages as vacancy_pages
from caseworker.vacancies import queries as vacancy_queries

DATE_OF = {"persons": "registered_on", "referrals": "on", "steps": "on",
           "outcomes": "start_on", "contacts": "at", "vacancies": "opened_on"}


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


def message_of(problem: Problem) -> str:
    """What a problem says, in the language of the moment."""
    if problem.message:
        return problem.message
    known = REFUSALS.get(problem.code)
    text = str(known.message) if known else problem.code
    return text % problem.values if problem.values and "%(" in text else text


class Run:
    """One import's state: its user, its day, the persons and referrals it has met."""

    def __init__(self, user: User, today: date, job_id: int | None):
        self.user, self.today, self.job_id = user, today, job_id
        self.districts: dict[str, District | None] = {}

    def district(self, value: str | None) -> District:
        if not value:
            if self.user.district is None:
                raise Refused("import_required", field="district_id")
            return self.user.district
        if value not in self.districts:
            self.districts[value] = db.session.scalar(queries.district(value))
        found = self.districts[value]
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
        acting = policy.acting_for(self.user, district_id)
        if acting is None:
            raise Refused("import_no_supervisor")
        return acting

    def person(self, iin: str) -> Person:
        found = db.session.scalar(people_queries.by_iin(self.user, iin))
        if found is not None:
            return found
        elsewhere = db.session.execute(people_queries.iin_anywhere(iin)).first()
        raise Refused("import_other_district" if elsewhere else "import_unknown_person",
                      field="iin")

    def seen(self, kind: str, external_id: str) -> ImportedRow | None:
        return db.session.scalar(queries.imported(self.user, kind, external_id))

    def referral(self, external_id: str) -> Referral:
        row = self.seen("referrals", external_id)
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
    try:
        info = iin_rules.parse(row["iin"], on)
    except iin_rules.InvalidIIN as error:
        raise Refused("invalid_iin", people_forms.IIN_MESSAGES[error.code],
                      field="iin", status=422) from None
    district = run.district(row.get("district_id"))
    if db.session.scalar(people_queries.by_iin(run.user, info.iin)) is not None:
        return False
    values, errors = people_pages.checked_profile(row, district.id, info.birth_date)
    if values is None:
        name, (_empty, messages) = next(iter(errors.items()))
        raise Refused("validation_error", str(messages[0]), field=name)
    people.register(info, values, run.acting(district.id), run.today,
                    confirm_duplicate=bool(row.get("confirm_duplicate")), on=on)
    return True


def _referral(run: Run, row: dict) -> bool:
    person = run.person(row["iin"])
    if run.seen("referrals", row["external_id"]) is not None:
        return False
    referral = referrals.refer(
        person, row["measure_code"], run.acting(person.district_id), on=row["on"],
        provider_id=row.get("provider_id"), project_id=row.get("project_id"),
        destination_region_id=row.get("destination_region_id"),
        amount_kzt=row.get("amount_kzt"), start_on=row.get("start_on"),
        comment=row.get("comment"), override_reason=row.get("override_reason"))
    run.remember("referrals", person.district_id, row["external_id"], referral.id)
    return True


def _step(run: Run, row: dict) -> bool:
    referral = run.referral(row["referral_external_id"])
    if run.seen("steps", row["external_id"]) is not None:
        return False
    district_id = referral.person.district_id
    referrals.transition(referral, row["to"], row["on"], run.acting(district_id),
                         reason=row.get("reason"), note=row.get("note"),
                         letter_number=row.get("letter_number"))
    run.remember("steps", district_id, row["external_id"], referral.events[-1].id)
    return True


def _outcome(run: Run, row: dict) -> bool:
    referral = run.referral(row["referral_external_id"])
    if run.seen("outcomes", row["external_id"]) is not None:
        return False
    district_id = referral.person.district_id
    outcome = outcomes.record_outcome(referral, run.acting(district_id), kind=row["kind"],
                                      on=row["start_on"], employer=row.get("employer"),
                                      wage_kzt=row.get("wage_kzt"))
    run.remember("outcomes", district_id, row["external_id"], outcome.id)
    return True


def _choice(row: dict, name: str, allowed: tuple[str, ...]) -> None:
    if row[name] not in allowed:
        raise Refused("import_choice", str(REFUSALS["import_choice"].message)
                      % {"names": ", ".join(allowed)}, field=name)


def _contact(run: Run, row: dict) -> bool:
    person = run.person(row["iin"])
    if run.seen("contacts", row["external_id"]) is not None:
        return False
    _choice(row, "channel", CHANNELS)
    _choice(row, "topic", TOPICS)
    item = casework.record_contact(
        person, run.acting(person.district_id), at=row["at"], channel=row["channel"],
        topic=row["topic"], note=row.get("note"), next_action=row.get("next_action"),
        due_on=row.get("due_on"), now=clock.now())
    run.remember("contacts", person.district_id, row["external_id"], item.id)
    return True


def _vacancy(run: Run, row: dict) -> bool:
    """A vacancy of the labour exchange's extract, found again by its number there."""
    if db.session.scalar(vacancy_queries.by_external_id(row["external_id"])) is not None:
        return False
    district = run.district(row.get("district_id"))
    acting = run.acting(district.id)
    employer = db.session.scalar(provider_queries.by_bin(acting, row["bin"]))
    if employer is None:
        raise Refused("import_unknown_employer")
    values = vacancy_pages.checked({**row, "organisation_id": employer.id}, acting)
    vacancies.create(values, acting, district_id=district.id, external_id=row["external_id"])
    return True


APPLY: dict[str, Callable[[Run, dict], bool]] = {
    "persons": _person, "referrals": _referral, "steps": _step, "outcomes": _outcome,
    "contacts": _contact, "vacancies": _vacancy}


# ---- the whole import ----------------------------------------------------------------------

# refusals about when a row happened: said of the row's date column
DATED = {"future", "before_previous", "referral_before_registration", "before_referral",
         "before_registration", "contact_before_registration", "contact_future",
         "contact_year", "too_young"}


def _refused(sheet: Sheet, line: int, row: dict, refused: Refused) -> Problem:
    column = refused.field
    if refused.code in DATED and refused.field in (None, "on"):
        column = DATE_OF[sheet.kind]
    name = column if column in row else None
    value = row.get(name) if name else None
    if isinstance(value, list):
        value = ", ".join(value)
    return Problem(sheet.source, line, column, None if value is None else str(value),
                   refused.code, message=str(refused))


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


def _apply(state: Run, by_kind: dict[str, list], report: Report, outer, progress) -> None:
    for kind in columns.ORDER:
        rows = _once(kind, by_kind[kind], report.problems)
        report.done += len(by_kind[kind]) - len(rows)
        rows.sort(key=lambda item: (item[2][DATE_OF[kind]], item[0].source, item[1]))
        for sheet, line, row in rows:
            try:
                with db.session.begin_nested():
                    wrote = APPLY[kind](state, row)
            except Refused as refused:
                report.problems.append(_refused(sheet, line, row, refused))
                if not outer.is_active:  # an operation rolled everything back: stop here
                    return
            else:
                report.new += wrote
                report.unchanged += not wrote
            report.done += 1
            progress(report.done, errors=len(report.problems))


def run(sheets: list[Sheet], problems: list[Problem], user: User, *, check_only: bool,
        progress: Callable | None = None, job_id: int | None = None) -> Report:
    """Check and apply every row; written only when no row is bad and it is not a check.
    `progress(done, total=..., errors=...)` is told as it goes."""
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
        _apply(Run(user, today, job_id), by_kind, report, outer, progress)
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
