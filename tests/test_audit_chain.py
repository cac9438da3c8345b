from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from caseworker import audit, clock
from caseworker.audit_chain import genuine, seal, verify
from caseworker.extensions import db
from caseworker.models import AuditEvent
from tests.conftest import csrf_from, is_postgres

SECRET = "test-audit-key"  # the audit's own key (conftest), not the session secret


@pytest.fixture
def sealed(app):
    Path(app.config["AUDIT_ANCHOR_FILE"]).unlink(missing_ok=True)
    with app.app_context():
        for i in range(5):
            audit.record("person.view", "person", i)
        db.session.commit()
        assert seal(SECRET) == 5
        db.session.commit()
        assert verify(SECRET) == []
        yield app


def test_seal_is_incremental(sealed):
    with sealed.app_context():
        audit.record("person.view", "person", 99)
        db.session.commit()
        assert seal(SECRET) == 1
        assert seal(SECRET) == 0


def test_cli(sealed, runner):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def _tamper(app, statement):
    with app.app_context():
        if is_postgres(app):
            with pytest.raises(DBAPIError):
                db.session.execute(text(statement))
            db.session.rollback()
            return False
        db.session.execute(text(statement))
        db.session.commit()
        return True


@pytest.mark.parametrize("statement, why", [
    ("UPDATE audit_event SET action = 'person.list' WHERE id = 3", "changed"),
    ("DELETE FROM audit_event WHERE id = 2", "removed"),
])
def test_tampering_is_detected_or_refused(sealed, runner, statement, why):
    with sealed.app_context():
        first = db.session.execute(text("SELECT min(id) FROM audit_event")).scalar()
    statement = statement.replace("id = 3", f"id = {first + 2}").replace("id = 2", f"id = {first + 1}")
    if _tamper(sealed, statement):
        with sealed.app_context():
            assert [b.why for b in verify(SECRET)] == [why]
        result = runner.invoke(args=["audit", "verify"])
        assert result.exit_code == 1 and why in result.output


def test_an_event_inserted_into_a_gap_is_never_sealed(sealed):
    """Ids have gaps (rolled-back transactions); a row slipped into one, or written after the
    last seal, has no mark made with the key: no seal adopts it and verify calls it forged."""
    insert = text("INSERT INTO audit_event (id, at, action) VALUES (:id, '2026-01-01', 'x')")
    with sealed.app_context():
        db.session.execute(insert, {"id": 100_000})
        db.session.commit()
        assert [(b.event_id, b.why) for b in verify(SECRET)] == [(100_000, "forged")]
        audit.record("person.view", "person", 7)
        db.session.commit()
        skipped = []
        assert seal(SECRET, skipped) == 1 and skipped == [100_000]
        db.session.commit()
        assert [(b.event_id, b.why) for b in verify(SECRET)] == [(100_000, "forged")]


def test_a_bulk_writes_marks_are_those_of_one_by_one(sealed):
    """`record_many` marks each row as `record` marks one event (its fields hashed once a
    user): every row is genuine, and sealed."""
    users = [SimpleNamespace(id=1, role="caseworker"), SimpleNamespace(id=2, role="supervisor")]
    with sealed.app_context():
        audit.record_many("referral.create", "referral", [
            (10 + n, users[n % 2], date(2026, 3, n + 1) if n % 3 else None) for n in range(6)])
        db.session.commit()
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "referral.create")).all()
        assert len(events) == 6 and all(genuine(SECRET, event) for event in events)
        assert seal(SECRET) == 6
        db.session.commit()
        assert verify(SECRET) == []


def test_supervisor_sees_access_history_and_admin_exports(app, client):
    from tests import factories as f
    from tests.conftest import login
    with app.app_context():
        district = f.districts_of("430000000")[0]
        person = f.person(district, last="Досова").id
        f.user("cw", "caseworker", district)
        f.user("sv", "supervisor", district)
        f.user("ad", "admin")
        db.session.commit()
    login(client, "cw")
    profile = client.get(f"/people/{person}").get_data(as_text=True)
    client.post(f"/people/{person}/interactions", data={
        "csrf_token": csrf_from(profile), "at": clock.now().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone", "topic": "job_search", "note": "звонок"})
    with app.app_context():  # another person's contact is not in this person's history
        other = f.person(district, last="Басқа")
        db.session.commit()
        other_id = other.id
    client.post(f"/people/{other_id}/interactions", data={
        "csrf_token": csrf_from(profile), "at": clock.now().strftime("%Y-%m-%dT%H:%M"),
        "channel": "sms", "topic": "documents", "note": "смс"})
    assert client.get(f"/people/{person}/access").status_code == 403
    login(client, "sv")
    page = client.get(f"/people/{person}/access").get_data(as_text=True)
    assert "Test cw" in page and "Opened the profile" in page and "person.view" not in page
    assert page.count("Recorded a contact") == 1  # the contact of this person's file only
    login(client, "ad")
    bad = client.get("/admin/audit.csv?from=2026-13-01&to=x")
    assert bad.status_code == 400 and "the first not after the last" in bad.get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert 'action="/admin/audit.csv"' in home and 'name="from"' in home
    csv_text = client.get("/admin/audit.csv?from=2000-01-01&to=2100-01-01").get_data(as_text=True)
    assert "person.view" in csv_text and "Досова" not in csv_text


def test_every_action_on_a_file_has_a_name():
    """Each action recorded against a person reads in words in the access history."""
    import pathlib
    import re
    from caseworker import labels
    package = pathlib.Path(__file__).resolve().parents[1] / "caseworker"
    source = "\n".join(p.read_text() for p in package.rglob("*.py"))
    actions = set(re.findall(r'audit\.record\("(person\.[a-z_]+)", "person"', source))
    assert actions and actions <= set(labels.FILE_ACTIONS)
