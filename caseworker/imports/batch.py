"""The batch form of an import's rows: many rows of a kind judged at once by the rules the
one-by-one path meets (the use case's own check, e.g. `casework.operations.checked_contact`,
and the refusal codes of `caseworker.refusals`), with what they look up read once per chunk
(the persons by IIN, the rows imported before) and what passes written in bulk by the
use case's batch form (`record_contacts`). A bad row is reported exactly as one by one, at
its line; the import stays all or nothing (the caller rolls back when a row was bad)."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseworker import clock, policy
from caseworker.bulk_writes import written
from caseworker.casework import facts, operations as casework
from caseworker.domain import iin as iin_rules
from caseworker.extensions import db
from caseworker.imports import queries
from caseworker.indicators import summary
from caseworker.imports.reading import Problem, Sheet
from caseworker.models import ImportedRow, Person, Referral
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.models.types import utcnow
from caseworker.people import forms as people_forms, operations as people
from caseworker.people import pages as people_pages
from caseworker.referrals import many, proposing
from caseworker.refusals import Refused

CHUNK = 5000  # rows judged and written together
DATE_OF = {"persons": "registered_on", "referrals": "on", "steps": "on",
           "outcomes": "start_on", "contacts": "at", "vacancies": "opened_on",
           "follow_ups": "on", "deregistrations": "on", "returns": "on"}
# refusals about when a row happened: said of the row's date column
DATED = {"future", "before_previous", "referral_before_registration", "before_referral",
         "before_registration", "contact_before_registration", "contact_future",
         "contact_year", "too_young"}


def problem_of(sheet: Sheet, line: int, row: dict, refused: Refused) -> Problem:
    """A refused row as a line of the report: the column the refusal is about, its value."""
    column = refused.field
    if refused.code in DATED and refused.field in (None, "on"):
        column = DATE_OF[sheet.kind]
    name = column if column in row else None
    value = row.get(name) if name else None
    if isinstance(value, list):
        value = ", ".join(value)
    return Problem(sheet.source, line, column, None if value is None else str(value),
                   refused.code, message=refused.message)  # translated when read


def choice(row: dict, name: str, allowed: tuple[str, ...]) -> None:
    if row[name] not in allowed:
        raise Refused("import_choice", _l("Not one of the values this column takes: "
                                          "%(names)s.", names=", ".join(allowed)), field=name)


def iin_info(row: dict) -> iin_rules.IINInfo:
    """The row's IIN judged on its registration day, as the registration form judges it."""
    try:
        return iin_rules.parse(row["iin"], row["registered_on"])
    except iin_rules.InvalidIIN as error:
        raise Refused("invalid_iin", people_forms.IIN_MESSAGES[error.code],
                      field="iin", status=422) from None


def profile(row: dict, district_id: int, info: iin_rules.IINInfo, form=None) -> dict:
    """The row's profile as the profile form cleans it, or the form's first refusal."""
    values, errors = people_pages.checked_profile(row, district_id, info.birth_date, form)
    if values is None:
        name, (_empty, messages) = next(iter(errors.items()))
        raise Refused("validation_error", messages[0], field=name)
    return values


def persons(run, rows: list, report, progress: Callable) -> None:
    """Persons in chunks: the same order, rules and report as `register` row by row."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        found = {p.iin: p for p in db.session.scalars(queries.persons_by_iin(
            {row["iin"] for _s, _l, row in chunk}))}
        problems: list[tuple[int, Problem]] = []
        items, places = [], []
        for index, (sheet, line, row) in enumerate(chunk):
            try:
                info = iin_info(row)
                district = run.district(row.get("district_id"), row["registered_on"])
                existing = found.get(info.iin)
                if existing is not None and policy.in_scope(run.user, existing):
                    report.unchanged += 1
                    continue
                values = profile(row, district.id, info, run.form(district.id))
                items.append((info, values, run.acting(district.id),
                              bool(row.get("confirm_duplicate")), row["registered_on"],
                              existing))
                places.append((index, sheet, line, row))
            except Refused as refused:
                problems.append((index, problem_of(sheet, line, row, refused)))
        results = people.register_many(items, run.today) if items else []
        for (index, sheet, line, row), result in zip(places, results):
            if isinstance(result, Refused):
                problems.append((index, problem_of(sheet, line, row, result)))
            else:
                report.new += 1
        _settle(chunk, problems, report, progress)


def _settle(chunk: list, problems: list[tuple[int, Problem]], report, progress) -> None:
    """A chunk's bad rows reported in the order of its rows, its rows counted as done."""
    report.problems += [problem for _index, problem in sorted(problems, key=lambda p: p[0])]
    report.done += len(chunk)
    progress(report.done, errors=len(report.problems))


def _persons(run, iins: set[str]) -> dict[str, Person | Refused]:
    """Each IIN's person in the user's scope, or the refusal the one-by-one path gives (read
    once an import: its persons are all written before its first history row, and kept by
    the run, so the session does not let them go between its chunks)."""
    found: dict[str, Person | Refused] = run.found_persons
    for person in db.session.scalars(queries.persons_by_iin(iins - found.keys())):
        found[person.iin] = person if policy.in_scope(run.user, person) else \
            Refused("import_other_district", field="iin")
    return found


def _unknown() -> Refused:
    return Refused("import_unknown_person", field="iin")


def _batch(kind: str, naming: Callable, make: Callable, write: Callable):
    """The batch of a kind of history row: the chunk's rows imported before, and what its
    rows name (`naming(run, chunk)`: a function giving a row's person or referral and its
    district, or raising the refusal the one-by-one path gives), read once; each row's use
    case item made by `make(run, named, row)` (or its refusal), and `write(items)` giving
    each item's record or refusal, as the one-by-one path would at that row."""
    def rows_of(run, rows: list, report, progress: Callable) -> None:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            named_by = naming(run, chunk)
            seen = set(db.session.scalars(queries.imported_ids(
                run.user, kind, {row["external_id"] for _s, _l, row in chunk})))
            problems: list[tuple[int, Problem]] = []
            items, places = [], []
            for index, (sheet, line, row) in enumerate(chunk):
                try:
                    named, district_id = named_by(row)
                    if row["external_id"] in seen:
                        report.unchanged += 1
                        continue
                    items.append(make(run, named, row))
                    places.append((index, sheet, line, row, district_id))
                except Refused as refused:
                    problems.append((index, problem_of(sheet, line, row, refused)))
            _written(run, kind, write(items) if items else [], places, problems, report)
            _settle(chunk, problems, report, progress)
    return rows_of


def _by_iin(run, chunk: list) -> Callable:
    """A row's person by its IIN (the chunk's read at once)."""
    persons = _persons(run, {row["iin"] for _s, _l, row in chunk})

    def named_by(row: dict) -> tuple[Person, int]:
        person = persons.get(row["iin"]) or _unknown()
        if isinstance(person, Refused):
            raise person
        return person, person.district_id
    return named_by


def _by_referral(run, chunk: list) -> Callable:
    """A row's referral by its external id (the chunk's read at once)."""
    referrals = _referrals(run, {row["referral_external_id"] for _s, _l, row in chunk})

    def named_by(row: dict) -> tuple[Referral, int]:
        referral = referrals.get(row["referral_external_id"])
        if referral is None and row["referral_external_id"] in run.later:
            raise Refused("before_referral", field="on")  # later in this import
        if referral is None:
            raise Refused("import_unknown_referral")
        return referral, referral.person.district_id
    return named_by


def _written(run, kind: str, results: list, places: list, problems: list, report) -> None:
    """Each written row remembered by its external id; each refused one reported."""
    remembered = []
    for (index, sheet, line, row, district_id), result in zip(places, results):
        if isinstance(result, Refused):
            problems.append((index, problem_of(sheet, line, row, result)))
            continue
        report.new += 1
        remembered.append({"district_id": district_id, "kind": kind,
                           "external_id": row["external_id"],
                           "record_id": getattr(result, "id", result), "job_id": run.job_id,
                           "imported_at": utcnow()})
    if remembered:
        written(ImportedRow.__table__, remembered)


def _contact(run, person: Person, row: dict) -> tuple:
    choice(row, "channel", CHANNELS)
    choice(row, "topic", TOPICS)
    return (person, run.acting(person.district_id), {
        "at": row["at"], "channel": row["channel"], "topic": row["topic"],
        "note": row.get("note"), "next_action": row.get("next_action"),
        "due_on": row.get("due_on")})


def _referral(run, person: Person, row: dict) -> tuple:
    return (person, row["measure_code"], run.acting(person.district_id), proposing.Proposal(
        row["on"], row.get("provider_id"), row.get("project_id"),
        row.get("destination_region_id"), row.get("amount_kzt"), row.get("start_on"),
        row.get("comment"), row.get("override_reason")))


contacts = _batch("contacts", _by_iin, _contact,
                  lambda items: casework.record_contacts(items, clock.now()))
def _changing(write: Callable, person_of: Callable) -> Callable:
    """A batch form whose statements pass no flush (`many.refer_many`, `transition_many`),
    with the indicator summary and the casework facts of the persons whose referrals it
    writes (`person_of(item)`) kept current, as a flush would keep them."""
    def run(items: list) -> list:
        persons = {person_of(item) for item in items}
        with summary.changing(db.session, persons):
            results = write(items)
        facts.touch(db.session, persons)
        return results
    return run


_referrals_of = _batch("referrals", _by_iin, _referral, _changing(
    many.refer_many, lambda item: item[0].id))


def referrals(run, rows: list, report, progress: Callable) -> None:
    """Referrals in chunks: the same order, rules and report as `refer` row by row (the
    run's referrals stop being "later in this import" as the one-by-one path reaches them)."""
    run.later -= {row["external_id"] for _s, _l, row in rows}
    _referrals_of(run, rows, report, progress)


def _referrals(run, external_ids: set[str]) -> dict[str, Referral]:
    """The referrals the rows name by their external ids, with their persons, in two
    statements; each read once an import (kept by the run, as its persons are)."""
    known: dict[str, Referral] = run.found_referrals
    unread = external_ids - known.keys()
    if unread:
        ids = dict(db.session.execute(queries.imported_records(run.user, "referrals",
                                                               unread)).all())
        found = {r.id: r for r in db.session.scalars(select(Referral).where(
            Referral.id.in_(set(ids.values()))).options(selectinload(Referral.person)))}
        known.update({external: found[record] for external, record in ids.items()
                      if record in found})
    return {external: known[external] for external in external_ids if external in known}


steps = _batch("steps", _by_referral, lambda run, referral, row: many.Step(
    referral, row["to"], row["on"], run.acting(referral.person.district_id), row.get("reason"),
    row.get("note"), row.get("letter_number")), _changing(
        many.transition_many, lambda step: step.referral.person_id))
outcomes = _batch("outcomes", _by_referral, lambda run, referral, row: (
    referral, run.acting(referral.person.district_id), {
        "kind": row["kind"], "start_on": row["start_on"], "employer": row.get("employer"),
        "wage_kzt": row.get("wage_kzt")}), _changing(
            many.record_outcomes, lambda item: item[0].person_id))
