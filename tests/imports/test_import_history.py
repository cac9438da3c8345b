"""A history imported: its records through the typed entry's operations, the same file again
changing nothing, a check that writes nothing, whose rows an import takes, and the letters'
numbers (kept from the file, or given in the order of the referred dates)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import (
    AuditEvent, FollowUp, ImportedRow, Interaction, Letter, Outcome, Person, Referral,
    ReferralEvent, RegistrationEpisode)
from tests.imports import world as w


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot() -> tuple:
    return tuple(count(m) for m in (Person, RegistrationEpisode, Referral, ReferralEvent,
                                    Letter, Outcome, FollowUp, Interaction, ImportedRow))


def test_a_history_goes_in_as_typed_entries_would(at):
    report = w.run(w.history(3, at["provider"].id), at["sup"])
    assert not report.problems and (report.rows, report.new, report.unchanged) == (18, 18, 0)
    person = db.session.scalar(select(Person).where(Person.iin == w.iin(100)))
    assert (person.district_id, person.registered_on, person.status) == (
        at["district"].id, date(2025, 2, 3), "employed")
    referral = db.session.scalar(select(Referral).where(Referral.person_id == person.id))
    assert [(e.to_status, e.happened_on) for e in referral.events] == [
        ("proposed", date(2025, 3, 1)), ("referred", date(2025, 3, 2)),
        ("started", date(2025, 3, 5))]
    assert referral.events[1].user_id == at["sup"].id
    outcome = db.session.scalar(select(Outcome).where(Outcome.referral_id == referral.id))
    assert (outcome.kind, outcome.wage_kzt, len(outcome.follow_ups)) == ("temporary_job", 95000,
                                                                         3)
    assert snapshot() == (3, 3, 3, 9, 3, 3, 9, 3, 15)
    assert count(AuditEvent) > 0 and db.session.scalar(select(func.count()).where(
        AuditEvent.action == "import.run")) == 1


def test_the_same_files_twice_change_nothing_the_second_time_and_say_so(at):
    files = w.history(3, at["provider"].id)
    w.run(files, at["sup"])
    before = snapshot()
    again = w.run(files, at["sup"])
    assert not again.problems and (again.new, again.unchanged) == (0, 18)
    assert snapshot() == before
    assert w.work.summary(again) == "Nothing changed: all 18 rows were imported before."


def test_a_later_file_adds_only_its_new_rows(at):
    w.run(w.history(2, at["provider"].id), at["sup"])
    bigger = w.run(w.history(3, at["provider"].id), at["sup"])
    assert (bigger.new, bigger.unchanged) == (6, 12)
    assert count(Person) == 3 and count(Referral) == 3


def test_a_check_gives_the_same_report_and_writes_nothing(at):
    files = w.history(2, at["provider"].id)
    files["persons.csv"] = files["persons.csv"].replace(b"written", b"handshake", 1)
    checked = w.run(files, at["sup"], check_only=True)
    imported = w.run(files, at["sup"])
    key = lambda r: [(p.source, p.line, p.column, p.code) for p in r.problems]  # noqa: E731
    assert key(checked) == key(imported) and key(checked)
    assert snapshot() == (0,) * 9
    good = w.history(2, at["provider"].id)
    checked = w.run(good, at["sup"], check_only=True)
    assert not checked.problems and checked.new == 12 and snapshot() == (0,) * 9
    assert "nothing written" in w.work.summary(checked)


def test_a_regional_officer_checks_the_regions_files_and_writes_nothing(at):
    files = w.history(1, at["provider"].id)
    files["persons.csv"] = w.table("persons", [
        w.person_row(0, district_id=at["district"].kato)])
    checked = w.run(files, at["off"], check_only=True)
    assert not checked.problems, checked.problems
    assert snapshot() == (0,) * 9
    from tests import factories as f
    shymkent = f.districts_of("790000000")[0]
    files["persons.csv"] = w.table("persons", [w.person_row(0, district_id=shymkent.kato)])
    checked = w.run(files, at["off"], check_only=True)
    assert [p.code for p in checked.problems][:1] == ["import_other_region"]


def test_rows_of_persons_of_another_district_are_refused(at):
    from tests import factories as f
    theirs = f.person(at["other"])
    db.session.commit()
    report = w.run({"contacts.csv": w.table("contacts", [
        {"external_id": "C1", "iin": theirs.iin, "at": "2026-03-05 10:00", "channel": "phone",
         "topic": "other", "note": "Позвонили"}])}, at["sup"])
    assert [(p.column, p.code) for p in report.problems] == [("iin", "import_other_district")]
    registered = w.run({"persons.csv": w.table("persons", [
        w.person_row(0, iin=theirs.iin)])}, at["sup"])
    assert [p.code for p in registered.problems] == ["registered_elsewhere"]
    assert count(Interaction) == 0


def test_a_letter_number_in_the_file_is_kept_and_the_count_moves_past_it(at):
    files = w.history(3, at["provider"].id)
    prefix = at["district"].region.kato[:2]
    kept = f"{prefix}-2025-000050"
    files["steps.csv"] = files["steps.csv"].replace(
        b"R1-1,R1,referred,2025-03-03,,,", f"R1-1,R1,referred,2025-03-03,,,{kept}".encode())
    report = w.run(files, at["sup"])
    assert not report.problems, report.problems
    numbers = db.session.scalars(select(Letter.number).join(Referral).join(Person)
                                 .order_by(Letter.issued_on)).all()
    assert numbers == [f"{prefix}-2025-000001", kept, f"{prefix}-2025-000051"]


def test_a_letter_number_taken_already_is_refused(at):
    w.run(w.history(1, at["provider"].id), at["sup"])
    taken = db.session.scalar(select(Letter.number))
    files = w.history(1, at["provider"].id, prefix="B")
    files = {k: v.replace(w.iin(100).encode(), w.iin(900).encode())
             .replace("Серіаааова".encode(), "Серіхххова".encode()) for k, v in files.items()}
    files["steps.csv"] = files["steps.csv"].replace(
        b"BR0-1,BR0,referred,2025-03-02,,,", f"BR0-1,BR0,referred,2025-03-02,,,{taken}".encode())
    report = w.run(files, at["sup"])
    # the referral stays proposed: its later steps and outcome are refused after it
    assert [(p.source, p.column, p.value, p.code) for p in report.problems][0] == (
        "steps.csv", "letter_number", taken, "letter_number_taken")
    assert count(Person) == 1


def test_letters_are_numbered_in_the_order_of_the_referred_dates_not_of_the_lines(at):
    files = w.history(3, at["provider"].id)
    lines = files["steps.csv"].decode().splitlines()
    files["steps.csv"] = "\n".join([lines[0], *reversed(lines[1:])]).encode() + b"\n"
    w.run(files, at["sup"])
    letters = db.session.execute(select(Letter.issued_on, Letter.number)
                                 .order_by(Letter.number)).all()
    assert [day for day, _ in letters] == sorted(day for day, _ in letters)


def test_progress_written_beside_the_import_never_locks_it_out(app, at, tmp_path,
                                                              monkeypatch):
    """The job's progress is written on a connection of its own while the import runs: when
    it gets in between the import's first read and its first write, the import still writes
    (on SQLite it would be locked out had it not taken the lock first)."""
    from caseworker.imports import operations
    from caseworker.jobs import operations as jobs
    from caseworker.models import Job
    monkeypatch.setitem(app.config, "FILES_DIR", str(tmp_path))
    job = Job(kind="imports.run", user_id=at["sup"].id, state="running", params={}, done=0,
              errors=0, attempts=1)
    db.session.add(job)
    db.session.commit()

    def progress(done, total=None, errors=None, force=False):
        jobs.progress(job.id, 1, done, total, errors)
    rows = [w.person_row(0, district_id="999999999"), w.person_row(1), w.person_row(2)]
    sheets, problems = w.work.read_all([("persons.csv", w.table("persons", rows))])
    report = operations.run(sheets, problems, at["sup"], check_only=False, progress=progress)
    assert [p.code for p in report.problems] == ["import_district"]
    good = operations.run(*w.work.read_all([("persons.csv", w.table("persons", rows[1:]))]),
                          at["sup"], check_only=False, progress=progress)
    assert not good.problems and good.new == 2


def test_the_casework_facts_and_the_indicator_summary_are_kept_as_typed_entries_keep_them(
        at):
    from caseworker.casework import facts
    from caseworker.indicators import summary
    from caseworker.models import IndicatorDay
    from tests import factories as f
    existing = f.person(at["district"])  # an earlier person who gets a contact
    db.session.commit()
    files = w.history(3, at["provider"].id)
    files["contacts.csv"] = w.table("contacts", [
        {"external_id": "C-old", "iin": existing.iin, "at": "2026-03-05 10:00",
         "channel": "phone", "topic": "other", "note": "Позвонили"}])
    report = w.run(files, at["sup"])
    assert not report.problems
    conn = db.session.connection()
    assert facts.differences(conn) == []

    def cells():
        return sorted(db.session.execute(select(
            IndicatorDay.indicator_code, IndicatorDay.year, IndicatorDay.district_id,
            IndicatorDay.grain, IndicatorDay.day, IndicatorDay.value, IndicatorDay.units)
            .where(IndicatorDay.value != 0)).all())
    kept = cells()
    assert kept
    summary.rebuild(conn)
    assert cells() == kept


def test_each_row_meets_the_history_of_its_day(at):
    """A state grant needs Bastau Business completed first: in one file, the grant's row is
    judged after the training's last step (the history is applied in the order of its days,
    not file by file)."""
    person = w.person_row(0, target_groups="large_family", business_idea="Наубайхана")
    referrals = [{"external_id": ext, "iin": person["iin"], "measure_code": code, "on": on,
                  "provider_id": at["provider"].id}
                 for ext, code, on in (("BB", "bastau_business", "2025-03-03"),
                                       ("SG", "state_grant", "2025-05-05"))]
    steps = [{"external_id": f"{ref}-{n}", "referral_external_id": ref, "to": to, "on": on}
             for n, (ref, to, on) in enumerate((
                 ("BB", "referred", "2025-03-04"), ("BB", "started", "2025-03-10"),
                 ("BB", "completed", "2025-04-30"), ("SG", "approved", "2025-05-06")))]
    report = w.run({"persons.csv": w.table("persons", [person]),
                    "referrals.csv": w.table("referrals", referrals),
                    "steps.csv": w.table("steps", steps)}, at["sup"])
    assert not report.problems, [(p.source, p.line, p.code) for p in report.problems]
    grant = db.session.scalar(select(Referral).where(Referral.measure_code == "state_grant"))
    assert (grant.status, grant.verdict["status"]) == ("approved", "passed")
