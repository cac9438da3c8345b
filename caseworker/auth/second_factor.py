"""The second factor's use cases: enrolment with a first code, the code at login (or a
recovery code), turning it off, and an admin's reset. Writes add and flush; the door commits.
The rules (codes, steps, recovery codes) are in `domain.totp`. The secret is stored encrypted
(`secrets_at_rest`, bound to the user's row) and opened only here."""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import delete, select

from caseworker import audit, policy, secrets_at_rest, sessions
from caseworker.auth.operations import record_failure
from caseworker.domain import totp
from caseworker.extensions import db
from caseworker.models import RecoveryCode, User
from caseworker.models.types import utcnow
from caseworker.refusals import Refused

log = logging.getLogger("caseworker.auth")


def store_secret(user: User, secret: str) -> None:
    """The user's TOTP secret, encrypted for their row (the user has an id)."""
    user.totp_secret = secrets_at_rest.encrypt(secrets_at_rest.app_key(current_app.config),
                                               secret, f"user:{user.id}")


def secret_of(user: User) -> str:
    """The user's TOTP secret in clear, or "" when there is none or it cannot be opened (a
    changed CASEWORKER_SECRETS_KEY: then no code matches; recovery codes still do)."""
    if not user.totp_secret:
        return ""
    try:
        return secrets_at_rest.decrypt(secrets_at_rest.app_key(current_app.config),
                                       user.totp_secret, f"user:{user.id}")
    except secrets_at_rest.Unreadable:
        log.error("the second-factor secret of user %s cannot be opened with this key",
                  user.id)
        return ""


def begin(user: User) -> str:
    """A new secret, not in force until a first code confirms it; returns the QR's address."""
    if user.totp_enabled:
        raise Refused("second_factor_on")
    secret = totp.new_secret()
    store_secret(user, secret)
    db.session.flush()
    return totp.uri(secret, user.login, current_app.config["TOTP_ISSUER"])


def pending_secret(user: User) -> str | None:
    """The secret being enrolled (shown beside its QR code until a first code confirms it)."""
    if user.totp_enabled or not user.totp_secret:
        return None
    return secret_of(user) or None


def pending_uri(user: User) -> str | None:
    secret = pending_secret(user)
    return None if secret is None else totp.uri(secret, user.login,
                                                current_app.config["TOTP_ISSUER"])


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=totp.recovery_hash(c))
                       for c in codes)
    return codes


def confirm(user: User, code: str, at: float) -> list[str]:
    """The first code turns the second factor on; returns the recovery codes (shown once)."""
    if user.totp_enabled:
        raise Refused("second_factor_on")
    if not user.totp_secret:
        raise Refused("second_factor_not_started")
    step = totp.matching_step(secret_of(user), code, at, None)
    if step is None:
        record_failure(user.login, "second_factor.failed", user)
        raise Refused("code_wrong", keep=True)
    user.totp_enabled, user.totp_step = True, step
    codes = _new_recovery_codes(user)
    audit.record("second_factor.enrol", "user", user.id)
    db.session.flush()
    return codes


def check(user: User, code: str, at: float) -> bool:
    """A code of the authenticator (each step once) or an unused recovery code. A wrong one
    counts towards the login's lock and is audited."""
    step = totp.matching_step(secret_of(user), code, at, user.totp_step)
    if user.totp_enabled and step is not None:
        user.totp_step = step
        db.session.flush()
        return True
    if user.totp_enabled and not "".join(code.split()).isdigit():
        row = db.session.scalar(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
            RecoveryCode.code_hash == totp.recovery_hash(code)))
        if row is not None:
            row.used_at = utcnow()
            audit.record("second_factor.recovery_used", "user", user.id, user=user)
            db.session.flush()
            return True
    record_failure(user.login, "second_factor.failed", user)
    return False


def recovery_left(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def renew_recovery(user: User, code: str, at: float) -> list[str]:
    """New recovery codes (the old ones stop working), against a current code."""
    if not user.totp_enabled:
        raise Refused("second_factor_off")
    if not check(user, code, at):
        raise Refused("code_wrong", keep=True)
    codes = _new_recovery_codes(user)
    audit.record("second_factor.recovery_renew", "user", user.id)
    db.session.flush()
    return codes


def turn_off(user: User, code: str, at: float) -> None:
    """The user turns it off, with a current code, unless their role requires it."""
    if not user.totp_enabled:
        raise Refused("second_factor_off")
    if policy.second_factor_required(user):
        raise Refused("second_factor_required")
    if not check(user, code, at):
        raise Refused("code_wrong", keep=True)
    _clear(user)
    audit.record("second_factor.off", "user", user.id)


def _clear(user: User) -> None:
    user.totp_secret, user.totp_enabled, user.totp_step = None, False, None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def reset(target: User) -> None:
    """An admin resets a user's second factor (a lost phone): it is off, their sessions end,
    they choose a new password and enrol again (where their role requires it) at their next
    login."""
    _clear(target)
    target.must_change_password = True
    sessions.end_all(target)
    audit.record("user.second_factor_reset", "user", target.id)
