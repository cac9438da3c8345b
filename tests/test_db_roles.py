"""The app's own database role on PostgreSQL (`flask db-roles apply`): connected as it, the
app registers a person (audited) and seals the audit log, but an UPDATE, DELETE or TRUNCATE
of an audit row is refused by the database's rights (not only by the trigger); the owner
keeps the migrations. On SQLite the command says it does not apply."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from caseworker import create_app
from caseworker.audit_chain import seal
from caseworker.extensions import db
from caseworker.people import operations
from tests import factories as f
from tests.conftest import is_postgres
from tests.test_people_operations import TODAY, VALUES, new_info


def test_on_sqlite_the_command_does_not_apply(app, runner):
    if is_postgres(app):
        pytest.skip("SQLite's answer")
    result = runner.invoke(args=["db-roles", "apply", "--app-role", "caseworker_app"])
    assert result.exit_code == 0 and "does not apply" in result.output


@pytest.fixture
def app_role(app, runner):
    """A role of its own for the app (roles are the server's: a unique name), dropped after."""
    if not is_postgres(app):
        pytest.skip("roles are PostgreSQL's")
    name = f"cw_app_{uuid.uuid4().hex[:8]}"
    result = runner.invoke(args=["db-roles", "apply", "--app-role", name])
    assert result.exit_code == 0, result.output
    assert f"role {name} created" in result.output
    again = runner.invoke(args=["db-roles", "apply", "--app-role", name])  # updates, no error
    assert again.exit_code == 0 and "created" not in again.output, again.output
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(username=name, password=None)
    yield name, url.render_as_string(hide_password=False)
    with app.app_context():
        db.session.rollback()
        db.session.execute(text(f'DROP OWNED BY "{name}"'))
        db.session.execute(text(f'DROP ROLE "{name}"'))
        db.session.commit()


def test_the_apps_role_adds_to_the_audit_but_cannot_change_it(app, app_role):
    name, url = app_role
    as_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                         "SECRET_KEY": "test-secret", "AUDIT_KEY": "test-audit-key",
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})
    with as_app.app_context():
        assert db.session.execute(text("SELECT current_user")).scalar() == name
        user = f.user("cw.role", "caseworker", f.districts_of("430000000")[0])
        person = operations.register(new_info(), VALUES, user, TODAY)
        db.session.commit()
        assert seal("test-audit-key") >= 1  # the seals are added by the app's role too
        db.session.commit()
        event = db.session.execute(text("SELECT id FROM audit_event WHERE action = "
                                        "'person.create' AND record_id = :p"),
                                   {"p": str(person.id)}).scalar()
        assert event is not None
        db.session.execute(text("UPDATE person SET phone = '+77011234567' WHERE id = :p"),
                           {"p": person.id})  # every right on the data itself
        db.session.commit()
        for statement in (f"UPDATE audit_event SET action = 'x' WHERE id = {event}",
                          f"DELETE FROM audit_event WHERE id = {event}",
                          f"DELETE FROM audit_seal WHERE event_id = {event}",
                          "TRUNCATE audit_event CASCADE",
                          "DROP TRIGGER audit_event_append_only ON audit_event",
                          "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), 1)"):
            with pytest.raises(ProgrammingError) as refused:
                db.session.execute(text(statement))
            assert "permission denied" in str(refused.value) or "must be owner" in str(
                refused.value), statement
            db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_a_role_that_would_own_or_pass_every_check_is_refused(app, runner):
    if not is_postgres(app):
        pytest.skip("roles are PostgreSQL's")
    owner = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username
    for name, said in ((owner, "runs the migrations"), ("Bad-Name", "lower-case")):
        result = runner.invoke(args=["db-roles", "apply", "--app-role", name])
        assert result.exit_code == 1 and said in result.output, result.output
