"""Second-factor secrets are stored encrypted (AES-GCM, bound to the user's row): the stored
value is not the secret, a login with a code still works, a value copied into another row or
read with another key opens nothing, and the migration encrypts secrets stored in clear (its
downgrade decrypts them)."""
from __future__ import annotations

from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from caseworker import create_app, secrets_at_rest
from caseworker.auth import second_factor
from caseworker.extensions import db
from caseworker.models import User
from tests import factories as f
from tests.fresh_database import fresh_database
from tests.test_second_factor import NOW, code, enrol, fixed, second_step  # noqa: F401


def test_the_stored_secret_is_not_the_secret_and_a_code_still_logs_in(app, client, fixed):
    secret, _ = enrol(client, app, "ad.2fa")
    with app.app_context():
        stored = db.session.scalar(select(User.totp_secret).where(User.login == "ad.2fa"))
        assert stored and secret not in stored and stored.startswith("v1:")
        user = db.session.scalar(select(User).where(User.login == "ad.2fa"))
        assert second_factor.secret_of(user) == secret  # opened with the app's key
    fixed["at"] = NOW.replace(minute=2)
    assert second_step(client, "ad.2fa", code(secret, fixed["at"])).status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_a_value_copied_to_another_row_or_another_key_opens_nothing(app, ctx):
    one, two = f.user("one.2fa", "admin"), f.user("two.2fa", "admin")
    second_factor.store_secret(one, "JBSWY3DPEHPK3PXP")
    assert second_factor.secret_of(one) == "JBSWY3DPEHPK3PXP"
    two.totp_secret = one.totp_secret  # someone with the table copies their own secret over
    assert second_factor.secret_of(two) == ""
    other = secrets_at_rest.key_from("another key", "test-secret")
    with pytest.raises(secrets_at_rest.Unreadable):
        secrets_at_rest.decrypt(other, one.totp_secret, f"user:{one.id}")
    given = secrets_at_rest.key_from("a key of its own", "test-secret")
    assert given != secrets_at_rest.key_from(None, "test-secret")  # the setting is used


def _insert_user(login: str, secret: str | None) -> None:
    db.session.execute(text(
        'INSERT INTO "user" (login, full_name, password_hash, role, active, session_counter, '
        "created_at, version, totp_secret, totp_enabled, must_change_password) VALUES (:login, "
        "'Test', 'x', 'admin', :yes, 0, :at, 1, :secret, :on, :no)"),
        {"login": login, "secret": secret, "on": secret is not None, "yes": True, "no": False,
         "at": datetime(2026, 11, 27)})


def _stored() -> dict[str, str | None]:
    return {login: secret for login, secret in db.session.execute(
        text('SELECT login, totp_secret FROM "user"'))}


def test_the_migration_encrypts_secrets_in_clear_and_its_downgrade_decrypts(tmp_path):
    with fresh_database(tmp_path) as url:
        old = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                          "SECRET_KEY": "test-secret", "AUDIT_KEY": "k"})
        with old.app_context():
            upgrade(revision="offers")
            _insert_user("kept", "JBSWY3DPEHPK3PXP")
            _insert_user("none", None)
            db.session.commit()
            upgrade()
            stored = _stored()
            assert stored["none"] is None and secrets_at_rest.is_encrypted(stored["kept"])
            kept = db.session.scalar(select(User).where(User.login == "kept"))
            assert second_factor.secret_of(kept) == "JBSWY3DPEHPK3PXP"
            db.session.commit()
            downgrade(revision="offers")
            assert _stored() == {"kept": "JBSWY3DPEHPK3PXP", "none": None}
            db.session.remove()
            db.engine.dispose()
