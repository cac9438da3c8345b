"""Logins: password checks, failure records and locks. Writes add and flush; the view commits."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from caseworker import audit, sessions
from caseworker.domain.lockout import locked_until
from caseworker.extensions import db
from caseworker.models import LoginFailure, User, UserSession
from caseworker.refusals import Refused
from caseworker.models.types import utcnow

# Checked against when the login does not exist, so both cases take the same time.
_DUMMY_HASH: dict[str, str] = {}


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASH:
        _DUMMY_HASH[method] = generate_password_hash("not a password", method=method)
    return _DUMMY_HASH[method]


def normalise(login: str) -> str:
    return login.strip().casefold()


def lock_end(login: str, now: datetime | None = None) -> datetime | None:
    now = now or utcnow()
    cfg = current_app.config
    minutes = timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
    since = now - 2 * minutes
    times = db.session.scalars(select(LoginFailure.at).where(
        LoginFailure.login == normalise(login), LoginFailure.at >= since)).all()
    return locked_until(list(times), now, cfg["LOGIN_LOCK_FAILURES"], minutes, minutes)


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def record_failure(login: str, action: str, user: User | None) -> None:
    """A failed attempt: counted towards the login's lock, audited with the address."""
    db.session.add(LoginFailure(login=normalise(login)[:80], at=utcnow()))
    audit.record(action, "user", user.id if user is not None else None)
    db.session.flush()


def authenticate(login: str, password: str) -> User | None:
    """The active user with this login and password, or None (and the failure is recorded)."""
    user = db.session.scalar(select(User).where(User.login == normalise(login)))
    stored = user.password_hash if user is not None else _dummy_hash()
    ok = check_password_hash(stored, password)
    if user is None or not ok or not user.active:
        # with the address it came from; the login typed is not kept in the audit (it may be
        # a password typed in the wrong field), the user's id when there is one
        record_failure(login, "login.failed", user)
        return None
    return user


def create_user(login: str, full_name: str, password: str, role: str,
                region_id: int | None = None, district_id: int | None = None,
                language: str | None = None) -> User:
    user = User(login=normalise(login), full_name=full_name, password_hash=hash_password(password),
                role=role, region_id=region_id, district_id=district_id, language=language,
                active=True, session_counter=0)
    db.session.add(user)
    db.session.flush()
    return user


def log_in(user: User) -> None:
    """The login has passed every factor: its session row, and the audit event."""
    sessions.start(user)
    audit.record("login", "user", user.id, user=user)


def log_out(user: User) -> None:
    """This session ends: its row goes, so a copied cookie is refused on every server."""
    audit.record("logout", "user", user.id)
    row = sessions.current(user)
    if row is not None:
        sessions.end(row)


def end_session(user: User, session_id: int) -> None:
    """One of the user's own sessions ends (another browser, a lost phone)."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise Refused("session_not_found")
    sessions.end(row)
    audit.record("session.end", "user", user.id)


def end_other_sessions(user: User) -> int:
    ended = sessions.end_others(user, sessions.current(user))
    audit.record("session.end_others", "user", user.id)
    return ended


def end_user_sessions(target: User) -> None:
    """An admin ends every session of a user."""
    sessions.end_all(target)
    audit.record("user.sessions_end", "user", target.id)


def end_sessions(user: User) -> None:
    """Every session of the user ends, on every server at once: the rows go, and the session
    counter (part of the id a session cookie holds) no longer matches."""
    sessions.end_all(user)


def set_password(user: User, password: str) -> None:
    """A new password ends every session of the user."""
    user.password_hash = hash_password(password)
    user.must_change_password = False
    end_sessions(user)
