"""API tokens: made from a random secret, stored as its SHA-256 hash, shown once; the bearer
of an active token acts as its user, with that user's role and scope."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import g, request
from sqlalchemy import select

from caseworker import audit, policy
from caseworker.api.errors import ApiError
from caseworker.extensions import db
from caseworker.models import ApiToken, User
from caseworker.models.types import utcnow
from caseworker.refusals import REFUSALS, Refused

PREFIX = "cwk_"
# last_used_at is written at most this often per token (one UPDATE per call is wasteful).
TOUCH_EVERY = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def second_factor_first(user: User) -> bool:
    """Whether a token of the user is made only in a session that passed the second factor:
    where their role requires one, or they have one on."""
    return policy.second_factor_required(user) or user.totp_enabled


def unenrolled(user: User) -> bool:
    """A user whose role requires a second factor and who has none: their tokens are
    refused until they set it up."""
    return policy.second_factor_required(user) and not user.totp_enabled


def create(user: User, name: str, second_factor_passed: bool = False,
           operator: bool = False) -> tuple[ApiToken, str]:
    """A new token for the user; returns the row and the secret, which is never stored.
    From the tokens page (`second_factor_passed`: this session logged in with the code), or
    by an operator at the command line (`operator`: audited as the operator's, no user)."""
    if not operator and second_factor_first(user) and not second_factor_passed:
        raise Refused("token_needs_second_factor")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:80], token_hash=digest(secret),
                     prefix=secret[:len(PREFIX) + 6], created_at=utcnow())
    db.session.add(token)
    db.session.flush()
    if operator:
        audit.record("api_token.create_by_operator", "api_token", token.id)
    else:
        audit.record("api_token.create", "api_token", token.id, user=user)
    return token, secret


def revoke(token: ApiToken, by: User | None) -> None:
    """Revoke the token (`by` None: from the command line)."""
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by_id = utcnow(), by.id if by else None
        audit.record("api_token.revoke", "api_token", token.id, user=by)
        db.session.flush()


def user_from_request() -> User:
    """The user of the bearer token in the Authorization header, or a 401 at once."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        raise ApiError(401)
    row = db.session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(secret))).first()
    if row is None:
        raise ApiError(401)
    token, user = row
    if token.revoked_at is not None or not user.active:
        raise ApiError(401, "token_revoked" if token.revoked_at else "user_inactive")
    if unenrolled(user):
        raise ApiError(403, "second_factor_not_enrolled",
                       REFUSALS["second_factor_not_enrolled"].message)
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        db.session.commit()  # kept whatever the call does next: a read that commits nothing
    g.api_token = token
    g._login_user = user  # Flask-Login's current_user: policy and audit see this user
    return user
