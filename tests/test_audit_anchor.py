"""The audit chain's tail against its anchor outside the database, its own key, and sealing
on the schedule."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from caseworker import audit, config
from caseworker.audit_chain import read_anchors, verify
from caseworker.extensions import db
from caseworker.jobs import maintenance
from tests.conftest import is_postgres

KEY = "test-audit-key"


@pytest.fixture
def anchored(app, runner):
    anchor = Path(app.config["AUDIT_ANCHOR_FILE"])
    anchor.unlink(missing_ok=True)
    with app.app_context():
        for i in range(3):
            audit.record("person.view", "person", i)
        db.session.commit()
    assert "3 events sealed" in runner.invoke(args=["audit", "seal"]).output
    with app.test_request_context():
        for i in range(2):
            audit.record("person.view", "person", 10 + i)
        db.session.commit()
        assert maintenance.audit_seal().ok  # what the schedule runs every 5 minutes
    assert oct(anchor.stat().st_mode & 0o777) == "0o600"
    return anchor


def test_the_anchor_holds_each_seal(app, anchored, runner):
    anchors = read_anchors(anchored.read_text())
    assert [a.seals for a in anchors] == [3, 5]
    printed = runner.invoke(args=["audit", "anchor"]).output
    assert anchors[-1].line() in printed
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "2 anchors checked" in result.output


def cut_tail(app) -> int:
    """The last two events deleted with their seals; returns the last one's id."""
    with app.app_context():
        if is_postgres(app):  # the tables' owner (a superuser here) turns the triggers off
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
        last = db.session.execute(text("SELECT max(event_id) FROM audit_seal")).scalar()
        db.session.execute(text("DELETE FROM audit_seal WHERE event_id >= :e"), {"e": last - 1})
        db.session.execute(text("DELETE FROM audit_event WHERE id >= :e"), {"e": last - 1})
        db.session.commit()
        assert verify(KEY) == []  # the chain alone still holds: only the anchor tells
    return last


def test_a_cut_tail_is_found(app, anchored, runner, tmp_path):
    last = cut_tail(app)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"audit event {last}: cut" in result.output
    printed = tmp_path / "printed.txt"  # a line printed by `audit anchor` and kept elsewhere
    printed.write_text(read_anchors(anchored.read_text())[-1].line() + "\n")
    assert runner.invoke(args=["audit", "verify", "--anchor", str(printed)]).exit_code == 1


def test_a_forged_event_after_the_last_seal_is_found_and_never_sealed(app, anchored, runner):
    with app.app_context():
        db.session.execute(text("INSERT INTO audit_event (id, at, action, role) "
                                "VALUES (900000, '2026-11-27 10:00:00', 'user.create', 'admin')"))
        db.session.commit()
    with app.test_request_context():
        report = maintenance.audit_seal()
        assert not report.ok and report.lines == ["audit event 900000: forged"]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "audit event 900000: forged" in result.output


def test_another_key_breaks_the_chain(app, anchored):
    with app.app_context():
        assert verify("test-secret") != []


def test_the_key_is_its_own(app, monkeypatch, tmp_path):
    assert app.config["AUDIT_KEY"] != app.config["SECRET_KEY"]
    monkeypatch.delenv("CASEWORKER_AUDIT_KEY", raising=False)
    monkeypatch.delenv("CASEWORKER_AUDIT_KEY_FILE", raising=False)
    with pytest.raises(RuntimeError, match="CASEWORKER_AUDIT_KEY"):
        config.audit_key("https://jobs.example.kz")
    kept = tmp_path / "audit.key"
    kept.write_text("from-a-file\n")
    monkeypatch.setenv("CASEWORKER_AUDIT_KEY_FILE", str(kept))
    assert config.audit_key("https://jobs.example.kz") == "from-a-file"
    monkeypatch.setenv("CASEWORKER_AUDIT_KEY", "from-the-env")
    assert config.audit_key("https://jobs.example.kz") == "from-the-env"


def test_a_malformed_anchor_file_is_refused(app, runner, tmp_path):
    bad = tmp_path / "bad"
    bad.write_text("event=12 seals=x digest=y\n")
    result = runner.invoke(args=["audit", "verify", "--anchor", str(bad)])
    assert result.exit_code == 2 and "not an anchor line" in result.output


def test_files_with_data_or_keys_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "INSTANCE", tmp_path / "instance")
    monkeypatch.delenv("CASEWORKER_SECRET_KEY", raising=False)
    monkeypatch.delenv("CASEWORKER_AUDIT_KEY", raising=False)
    monkeypatch.delenv("CASEWORKER_AUDIT_KEY_FILE", raising=False)
    config.secret_key()
    config.audit_key("http://127.0.0.1:5000")
    config.default_database_url()
    for name in ("secret_key", "audit_key", "caseworker.sqlite"):
        assert oct((tmp_path / "instance" / name).stat().st_mode & 0o777) == "0o600", name
