"""The backup runbook followed once: back up, break, restore, verify, serve. On SQLite through
the online backup API, on PostgreSQL through pg_dump and pg_restore."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker import audit
from caseworker.extensions import db
from caseworker.models import Person, User
from tests import factories as f
from tests.conftest import login


@pytest.fixture
def world(app):
    Path(app.config["AUDIT_ANCHOR_FILE"]).unlink(missing_ok=True)
    with app.app_context():
        district = f.districts_of("430000000")[0]
        f.user("cw.backup", "caseworker", district)
        f.person(district, last="Сақтаулы")
        for i in range(3):
            audit.record("person.view", "person", i)
        db.session.commit()


def _people(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Person.id)))


def test_back_up_break_restore_verify_serve(app, runner, world, tmp_path, client):
    assert runner.invoke(args=["audit", "seal"]).exit_code == 0
    dest = tmp_path / "nightly" / "caseworker.backup"
    made = runner.invoke(args=["backup", "create", str(dest)])
    assert made.exit_code == 0, made.output
    assert "CASEWORKER_AUDIT_KEY" in made.output
    manifest = json.loads(Path(f"{dest}.json").read_text())
    assert manifest["counts"]["person"] == 1 and manifest["audit_anchor"].startswith("event=")
    for path in (dest, Path(f"{dest}.json")):
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    # break it: a person and a user gone, another user added
    with app.app_context():
        db.session.delete(db.session.scalar(select(Person)))
        db.session.delete(db.session.scalar(select(User).where(User.login == "cw.backup")))
        f.user("intruder", "admin")
        db.session.commit()
    assert _people(app) == 0
    restored = runner.invoke(args=["backup", "restore", str(dest), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "the chain is intact" in restored.output and "row counts match" in restored.output
    assert _people(app) == 1
    with app.app_context():
        assert db.session.scalar(select(User).where(User.login == "intruder")) is None
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    assert login(client, "cw.backup").request.path == "/"
    assert client.get("/people/").status_code == 200


def test_a_restore_without_the_same_key_says_so(app, runner, world, tmp_path):
    assert runner.invoke(args=["audit", "seal"]).exit_code == 0
    dest = tmp_path / "caseworker.backup"
    assert runner.invoke(args=["backup", "create", str(dest)]).exit_code == 0
    app.config["AUDIT_KEY"] = "another-key"
    try:
        restored = runner.invoke(args=["backup", "restore", str(dest), "--yes"])
    finally:
        app.config["AUDIT_KEY"] = "test-audit-key"
    assert restored.exit_code == 1 and "changed" in restored.output


def test_what_is_not_a_backup_changes_nothing(app, runner, world, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        refused = runner.invoke(args=["backup", "restore", str(bogus), "--yes"])
        assert refused.exit_code == 1 and "not a backup" in refused.output
    else:
        refused = runner.invoke(args=["backup", "restore", str(bogus), "--yes"])
        assert refused.exit_code == 1 and "pg_restore failed" in refused.output
    assert _people(app) == 1
