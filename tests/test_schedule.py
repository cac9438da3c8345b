"""The schedule: when each entry is due (pure rules), the runs it records (once per slot, with
their outcome), what the admin sees, and the periodic tasks huey enqueues at a given minute."""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import delete, func, select, text as sql

from caseworker import audit, clock
from caseworker.domain.schedule import Daily, Every, FirstWorkingDay, first_working_day
from caseworker.extensions import db
from caseworker.jobs import schedule
from caseworker.jobs.maintenance import Report
from caseworker.jobs.queue import huey
from caseworker.models import AuditSeal, IndicatorSnapshot, Person, ScheduledRun
from tests import factories as f
from tests.conftest import login


# --- the rules ----------------------------------------------------------------------------

def test_every_few_minutes():
    rule = Every(5)
    assert rule.due(datetime(2026, 12, 1, 10, 35)) and not rule.due(datetime(2026, 12, 1, 10, 36))
    assert rule.last(datetime(2026, 12, 1, 10, 39, 59)) == datetime(2026, 12, 1, 10, 35)
    assert rule.next(datetime(2026, 12, 1, 10, 35)) == datetime(2026, 12, 1, 10, 40)
    assert Every(60).next(datetime(2026, 12, 31, 23, 0)) == datetime(2027, 1, 1, 0, 0)


def test_daily_at_a_time():
    rule = Daily(time(2, 0))
    assert rule.due(datetime(2026, 12, 1, 2, 0)) and not rule.due(datetime(2026, 12, 1, 2, 1))
    assert rule.last(datetime(2026, 12, 1, 1, 59)) == datetime(2026, 11, 30, 2, 0)
    assert rule.last(datetime(2026, 12, 1, 2, 0)) == datetime(2026, 12, 1, 2, 0)
    assert rule.next(datetime(2026, 12, 1, 2, 0)) == datetime(2026, 12, 2, 2, 0)


def test_first_working_day_of_a_month():
    assert first_working_day(2026, 11) == date(2026, 11, 2)   # the 1st is a Sunday
    assert first_working_day(2026, 8) == date(2026, 8, 3)     # a Saturday
    assert first_working_day(2026, 12) == date(2026, 12, 1)   # a Tuesday
    rule = FirstWorkingDay(time(3, 0))
    assert rule.due(datetime(2026, 11, 2, 3, 0)) and not rule.due(datetime(2026, 11, 3, 3, 0))
    assert not rule.due(datetime(2026, 11, 1, 3, 0))
    assert rule.last(datetime(2026, 11, 27, 12, 0)) == datetime(2026, 11, 2, 3, 0)
    assert rule.last(datetime(2026, 11, 2, 2, 59)) == datetime(2026, 10, 1, 3, 0)
    assert rule.next(datetime(2026, 11, 2, 3, 0)) == datetime(2026, 12, 1, 3, 0)
    assert rule.next(datetime(2026, 7, 31, 12, 0)) == datetime(2026, 8, 3, 3, 0)


# --- runs -----------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    """Runs write their messages in the installation's language: English here."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")


@pytest.fixture
def at(monkeypatch):
    """Set the clock to a local wall-clock time (the centres' zone, UTC+5)."""
    def _at(local: datetime) -> datetime:
        moment = (local - timedelta(hours=5)).replace(tzinfo=timezone.utc)
        monkeypatch.setattr(clock, "utc_now", lambda: moment)
        return local
    return _at


def test_the_seal_runs_once_per_slot_and_records_it(app, at):
    with app.app_context():
        audit.record("test.event")
        db.session.commit()
        entry = schedule.BY_NAME["audit.seal"]
        first = schedule.run(entry, at(datetime(2026, 12, 1, 10, 37)))
        assert first.outcome == "ok" and "audit events sealed." in first.message
        assert first.due_at == datetime(2026, 12, 1, 5, 35)  # 10:35 local, stored UTC
        assert first.finished_at is not None
        assert schedule.run(entry, at(datetime(2026, 12, 1, 10, 39))) is None  # slot taken
        assert schedule.run(entry, at(datetime(2026, 12, 1, 10, 40))).outcome == "ok"
        assert db.session.scalar(select(func.count(ScheduledRun.id))) == 2
        assert db.session.scalar(select(func.count(AuditSeal.event_id))) >= 1


def test_a_mismatch_is_logged_and_shown_to_admins(app, client, at, caplog):
    with app.app_context():
        person = f.person(f.districts_of("430000000")[0])
        f.user("ad", "admin")
        db.session.commit()
        db.session.execute(sql("UPDATE person SET open_referrals = 3 WHERE id = :id"),
                           {"id": person.id})
        db.session.commit()
        with caplog.at_level(logging.WARNING, logger="caseworker.jobs.schedule"):
            run = schedule.run(schedule.BY_NAME["casework.facts.check"],
                               at(datetime(2026, 12, 1, 2, 31)))
        assert run.outcome == "mismatch" and f"person {person.id}" in run.message
        assert any("casework.facts.check" in r.getMessage() for r in caplog.records)
    login(client, "ad")
    home = client.get("/").get_data(as_text=True)
    assert "Check the casework facts" in home and "found a problem" in home
    shown = client.get("/jobs/schedule").get_data(as_text=True)
    assert "Differences found" in shown and f"person {person.id}" in shown


def test_a_failed_run_keeps_nothing_of_its_work(app, at):
    def broken() -> Report:
        audit.record("test.half_done")
        db.session.flush()
        raise RuntimeError("disk full")
    entry = schedule.Entry("test.broken", Every(5), "every 5 minutes", "Broken", broken)
    with app.app_context():
        run = schedule.run(entry, at(datetime(2026, 12, 1, 10, 0)))
        assert run.outcome == "failed" and "RuntimeError: disk full" in run.message
        from caseworker.models import AuditEvent
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "test.half_done")) is None


def test_the_month_end_freeze_on_the_first_working_day(app, at):
    with app.app_context():
        entry = schedule.BY_NAME["indicators.snapshot"]
        run = schedule.run(entry, at(datetime(2026, 12, 1, 3, 0)))
        assert run.outcome == "ok" and "frozen at 2026-11-30" in run.message
        assert db.session.scalar(select(func.count(IndicatorSnapshot.id)).where(
            IndicatorSnapshot.as_of == date(2026, 11, 30))) > 0
        # run for the same month again (a slot of the month before is another run): it stays
        db.session.execute(delete(ScheduledRun))
        db.session.commit()
        again = schedule.run(entry, at(datetime(2026, 12, 4, 3, 0)))
        assert again.outcome == "ok" and "frozen already" in again.message


def test_huey_enqueues_the_entries_due_at_a_minute_and_they_record_their_runs(app, at):
    def due_at(local: datetime) -> set[str]:
        utc = local - timedelta(hours=5)  # huey's clock: naive UTC
        return {t.name for t in huey.read_periodic(utc)}
    with app.app_context():
        hourly = {"schedule.jobs.expired", "schedule.api.idempotency.expired",
                  "schedule.sessions.expired"}
        every5 = {"schedule.audit.seal", "schedule.jobs.recover",
                  "schedule.people.counts.compact", "schedule.measures.use.compact"}
        assert due_at(datetime(2026, 12, 1, 3, 0)) == {
            "schedule.indicators.snapshot"} | every5 | hourly
        assert due_at(datetime(2026, 12, 2, 2, 0)) == {
            "schedule.indicators.summary.check"} | every5 | hourly
        assert due_at(datetime(2026, 12, 2, 2, 45)) == {
            "schedule.people.counts.check"} | every5
        assert due_at(datetime(2026, 12, 2, 2, 50)) == {
            "schedule.measures.use.check"} | every5
        assert due_at(datetime(2026, 12, 2, 2, 31)) == set()
        at(datetime(2026, 12, 2, 2, 0))
        for task in huey.read_periodic(datetime(2026, 12, 1, 21, 0)):
            huey.execute(task)  # the queue in the tests' mode: at once
        runs = dict(db.session.execute(select(ScheduledRun.task, ScheduledRun.outcome)).all())
        assert runs == {"audit.seal": "ok", "indicators.summary.check": "ok",
                        "jobs.expired": "ok", "jobs.recover": "ok",
                        "people.counts.compact": "ok", "measures.use.compact": "ok",
                        "api.idempotency.expired": "ok", "sessions.expired": "ok"}


def test_the_admin_sees_every_entry_with_its_last_and_next_run(app, client, at):
    with app.app_context():
        f.user("ad", "admin")
        db.session.commit()
        at(datetime(2026, 11, 27, 10, 1))
        schedule.run(schedule.BY_NAME["jobs.expired"], clock.now())
    login(client, "ad")
    shown = client.get("/jobs/schedule").get_data(as_text=True)
    for entry in schedule.ENTRIES:
        assert str(entry.label) in shown
    assert "Succeeded" in shown and "Not run yet" in shown
    assert "01.12.2026 03:00" in shown  # the next freeze: the first working day of December
    assert "27.11.2026 10:05" in shown  # the next seal
    assert "Run now" in shown and "Start the rebuild" in shown


def test_old_runs_are_removed_with_the_expired_results(app, at):
    with app.app_context():
        db.session.add(ScheduledRun(task="audit.seal", due_at=datetime(2026, 1, 1),
                                    started_at=datetime(2026, 1, 1), outcome="ok"))
        db.session.commit()
        schedule.run(schedule.BY_NAME["jobs.expired"], at(datetime(2026, 12, 1, 10, 0)))
        assert db.session.scalar(select(func.count(ScheduledRun.id))) == 1


def test_facts_match_on_a_fresh_person(app, at):
    with app.app_context():
        f.person(f.districts_of("430000000")[0])
        db.session.commit()
        run = schedule.run(schedule.BY_NAME["casework.facts.check"],
                           at(datetime(2026, 12, 1, 2, 30)))
        assert run.outcome == "ok" and db.session.scalar(select(func.count(Person.id))) == 1


def test_a_runs_message_is_said_in_the_readers_language(app, client, at):
    """A run's message is written in the installation's language and kept as its words: an
    admin reading the schedule in Kazakh reads it in Kazakh, its listed lines as written."""
    with app.app_context():
        f.user("ad", "admin")
        audit.record("test.event")
        db.session.commit()
        run = schedule.run(schedule.BY_NAME["audit.seal"], at(datetime(2026, 12, 1, 10, 37)))
        assert "audit events sealed." in run.message  # the installation's language (English)
        assert run.message_said["msgid"] == "%(n)d audit events sealed."
    login(client, "ad")
    with client.session_transaction() as s:
        s["lang"] = "kk"
    shown = client.get("/jobs/schedule").get_data(as_text=True)
    assert "Аудит журналының мөрленген оқиғалары:" in shown
    assert "audit events sealed." not in shown
