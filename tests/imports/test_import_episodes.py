"""The import's kinds of what follows: a job's follow-up checks, deregistrations and returns,
each row through the operation the page and the API call, found again by its external id,
applied in the order of the days with the other kinds, refused with line, column and value."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseworker.extensions import db
from caseworker.imports import columns
from caseworker.models import AuditEvent, FollowUp, Person, RegistrationEpisode
from tests.imports import world as w
from tests.imports.test_import_history import snapshot


def episodes_of(iin: str) -> list[tuple]:
    person = db.session.scalar(select(Person).where(Person.iin == iin))
    return [(e.registered_on, e.deregistered_on, e.reason) for e in db.session.scalars(
        select(RegistrationEpisode).where(RegistrationEpisode.person_id == person.id)
        .order_by(RegistrationEpisode.id))]


def later_files(provider_id: int) -> dict[str, bytes]:
    """Two persons with a job (from 2025-05-01) and a third without: the jobs checked at 3
    months, the third leaves the register and comes back, the first returns after the job."""
    files = w.history(2, provider_id)
    files["persons.csv"] = w.table("persons", [w.person_row(0), w.person_row(1),
                                               w.person_row(2)])
    files["follow_ups.csv"] = w.table("follow_ups", [
        {"external_id": "F0", "outcome_external_id": "R0-O", "months": 3, "on": "2025-08-04",
         "still_employed": "1", "source": "employer"},
        {"external_id": "F1", "outcome_external_id": "R1-O", "months": 3, "on": "2025-08-05",
         "source": "could_not_verify"}])
    files["deregistrations.csv"] = w.table("deregistrations", [
        {"external_id": "D2", "iin": w.iin(102), "reason": "moved", "on": "2025-06-02"}])
    files["returns.csv"] = w.table("returns", [
        {"external_id": "B2", "iin": w.iin(102), "on": "2025-09-01"},
        {"external_id": "B0", "iin": w.iin(100), "on": "2025-10-01"}])
    return files


def test_checks_deregistrations_and_returns_go_in_as_the_api_records_them(at):
    files = later_files(at["provider"].id)
    report = w.run(files, at["sup"])
    assert not report.problems, report.problems
    assert (report.rows, report.new) == (18, 18)
    checks = {(c.months, c.checked_on, c.still_employed, c.source, c.checked_by_id)
              for c in db.session.scalars(select(FollowUp).where(FollowUp.checked_on.is_not(
                  None)))}
    assert checks == {(3, date(2025, 8, 4), True, "employer", at["sup"].id),
                      (3, date(2025, 8, 5), None, "could_not_verify", at["sup"].id)}
    assert episodes_of(w.iin(102)) == [(date(2025, 2, 3), date(2025, 6, 2), "moved"),
                                       (date(2025, 9, 1), None, None)]
    assert episodes_of(w.iin(100)) == [(date(2025, 2, 3), date(2025, 5, 1), "placed"),
                                       (date(2025, 10, 1), None, None)]
    statuses = dict(db.session.execute(select(Person.iin, Person.status)).all())
    assert statuses == {w.iin(100): "active", w.iin(101): "employed", w.iin(102): "active"}
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"follow_up.check", "person.deregister", "person.reregister"} <= actions

    before = snapshot()
    again = w.run(files, at["sup"])
    assert not again.problems and (again.new, again.unchanged) == (0, 18)
    assert snapshot() == before
    assert w.work.summary(again) == "Nothing changed: all 18 rows were imported before."


def test_a_file_of_each_new_kind_is_told_by_its_header():
    for kind in ("follow_ups", "deregistrations", "returns", "referrals"):
        assert columns.kind_of(columns.names(kind), "upload.csv") == kind


def test_bad_rows_of_the_new_kinds_are_refused_with_line_column_and_value(at):
    files = later_files(at["provider"].id)
    files["follow_ups.csv"] = w.table("follow_ups", [
        {"external_id": "F0", "outcome_external_id": "R0-O", "months": 5, "on": "2025-08-04",
         "still_employed": "1", "source": "employer"},
        {"external_id": "F1", "outcome_external_id": "R1-O", "months": 3, "on": "2025-08-05",
         "still_employed": "1", "source": "neighbour"},
        {"external_id": "F2", "outcome_external_id": "nope", "months": 3, "on": "2025-08-05",
         "source": "employer"},
        {"external_id": "F3", "outcome_external_id": "R1-O", "months": 6, "on": "2025-08-05",
         "source": "employer"}])
    files["deregistrations.csv"] = w.table("deregistrations", [
        {"external_id": "D2", "iin": w.iin(102), "reason": "bored", "on": "2025-06-02"},
        {"external_id": "D3", "iin": w.iin(102), "reason": "moved", "on": "2025-01-10"}])
    files["returns.csv"] = w.table("returns", [
        {"external_id": "B2", "iin": w.iin(102), "on": "2025-09-01"}])
    report = w.run(files, at["sup"])
    found = {(p.source, p.line, p.column, p.value, p.code) for p in report.problems}
    assert found == {
        ("follow_ups.csv", 2, "months", "5", "import_no_follow_up"),
        ("follow_ups.csv", 3, "source", "neighbour", "import_choice"),
        ("follow_ups.csv", 4, "outcome_external_id", "nope", "import_unknown_outcome"),
        ("follow_ups.csv", 5, "still_employed", None, "answer_required"),
        ("deregistrations.csv", 2, "reason", "bored", "import_choice"),
        ("deregistrations.csv", 3, "on", "2025-01-10", "before_registration"),
        ("returns.csv", 2, None, None, "on_register")}, report.problems
    # nothing of the files is kept: all or nothing
    assert snapshot() == (0,) * 9


def test_one_by_one_and_batched_the_new_kinds_make_the_same_records(at):
    files = later_files(at["provider"].id)
    first = w.run(files, at["sup"], batched=False)
    assert not first.problems and first.new == 18
    made = snapshot()
    again = w.run(files, at["sup"], batched=True)  # the rows imported before read at once
    assert (again.new, again.unchanged) == (0, 18) and snapshot() == made
