"""Server-side sessions: each login is a row (`UserSession`), its token in the signed cookie.

The user loader accepts a cookie only while its row exists and the user's session counter
matches, so ending a session (deleting its row), ending them all (the counter and the rows),
and the idle and absolute limits hold on every server at once. Anonymous pages create none.
Shared kit: the web plumbing, the auth feature and the admin's pages use it."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import joinedload

from caseworker.domain.sessions import expired
from caseworker.extensions import db
from caseworker.models import District, User, UserSession
from caseworker.models.types import utcnow

COOKIE_KEY = "sid"
SECOND_FACTOR_KEY = "second_factor"  # this session logged in with the code (or enrolled in it)
TOUCH_EVERY = timedelta(seconds=60)  # last seen is written at most once a minute


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _limits() -> tuple[timedelta, timedelta]:
    cfg = current_app.config
    return (timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
            timedelta(hours=cfg["SESSION_MAX_HOURS"]))


def start(user: User) -> UserSession:
    """A new session for a login that has just succeeded (after the second factor)."""
    token = secrets.token_urlsafe(32)
    session[COOKIE_KEY] = token
    now = utcnow()
    row = UserSession(user_id=user.id, token_hash=_hash(token), started_at=now,
                      last_seen_at=now, address=request.remote_addr,
                      agent=(request.user_agent.string or "")[:200] or None)
    db.session.add(row)
    db.session.flush()
    g.user_session = row
    return row


def mark_second_factor() -> None:
    """This session has passed the second factor: a code at login, or a first one at
    enrolment (kept in the signed cookie beside the session's token)."""
    session[SECOND_FACTOR_KEY] = True


def second_factor_passed() -> bool:
    return session.get(SECOND_FACTOR_KEY) is True


# Where the user works, read with the user: every page's header names the district or region.
USER_PLACES = (joinedload(User.district).joinedload(District.region), joinedload(User.region))


def user_of(user_id: int, counter: int) -> User | None:
    """The user loader's answer for a cookie's user id and session counter: the active user
    whose counter it is and whose session row of this cookie lives; read with its row in one
    statement (the user loader runs on every request)."""
    token = session.get(COOKIE_KEY)
    g.user_session = None
    if not isinstance(token, str) or not token:
        return None
    found = db.session.execute(
        select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == user_id, UserSession.token_hash == _hash(token))
        .options(*USER_PLACES)).first()
    if found is None:
        return None
    user, row = found
    if (user.session_counter != counter or not user.active
            or expired(row.started_at, row.last_seen_at, utcnow(), *_limits())):
        return None
    g.user_session = row
    return user


def current(user: User) -> UserSession | None:
    """The row of this request's cookie, while it lives; cached for the request."""
    if "user_session" in g:
        return g.user_session
    token = session.get(COOKIE_KEY)
    row = None
    if isinstance(token, str) and token:
        row = db.session.scalar(select(UserSession).where(
            UserSession.token_hash == _hash(token), UserSession.user_id == user.id))
        if row is not None and expired(row.started_at, row.last_seen_at, utcnow(), *_limits()):
            row = None
    g.user_session = row
    return row


def touch() -> None:
    """Note that this request's session is in use (at most once a minute; committed alone,
    before the request's own work)."""
    row = g.get("user_session")
    now = utcnow()
    if row is not None and now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()


def of_user(user_id: int) -> list[UserSession]:
    idle, longest = _limits()
    now = utcnow()
    return list(db.session.scalars(select(UserSession).where(
        UserSession.user_id == user_id, UserSession.last_seen_at >= now - idle,
        UserSession.started_at >= now - longest).order_by(UserSession.last_seen_at.desc())))


def end(row: UserSession) -> None:
    db.session.delete(row)
    db.session.flush()


def end_others(user: User, keep: UserSession | None) -> int:
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    return db.session.execute(stmt).rowcount


def end_all(user: User) -> None:
    """Every session of the user ends: its rows go, and the counter in every cookie is old."""
    user.session_counter += 1
    end_others(user, None)
    db.session.flush()


def remove_expired() -> int:
    """Rows past the idle or the absolute limit (the schedule, every hour)."""
    idle, longest = _limits()
    now = utcnow()
    return db.session.execute(delete(UserSession).where(or_(
        UserSession.last_seen_at < now - idle, UserSession.started_at < now - longest))).rowcount
