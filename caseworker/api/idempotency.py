"""Idempotency keys on every POST of the API: a client that sends `Idempotency-Key` and
repeats the same request (a retry after a lost answer) gets the first answer again, and
nothing is written twice; the same key with another request is refused.

The key is claimed (a row of idempotency_key, unique per token and key) in the transaction
of the request itself, so it is committed together with what the request writes: a second
request with the key either finds the answer stored, or finds the key taken by a request
still running (409 idempotency_in_progress), or, when both ran at once, loses at the
unique index and keeps nothing. A refused request keeps no key: it may be sent again.
The referral's POST keeps its own key on the referral (Referral.form_token) and is left
to it."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from caseworker.api.errors import ApiError
from caseworker.extensions import db
from caseworker.models import IdempotencyKey
from caseworker.models.types import utcnow

HEADER = "Idempotency-Key"
KEPT = timedelta(hours=24)  # how long an answer is given again for its key
EXEMPT = {"api.referral_create"}
REPLAYED = "Idempotent-Replayed"


def request_hash() -> str:
    """What makes two requests the same: method, path, query and body (JSON compared by
    value: key order and spacing do not matter)."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw or b"null"), sort_keys=True, separators=(",", ":"))
    except ValueError:
        body = raw.decode("latin-1")
    text = f"{request.method} {request.full_path}\n{body}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key() -> str | None:
    if request.method != "POST" or HEADER not in request.headers:
        return None
    key = request.headers[HEADER].strip()
    if not 1 <= len(key) <= 200:
        message = _l("The Idempotency-Key header holds 1 to 200 characters.")
        raise ApiError(422, "idempotency_key_invalid", message,
                       {HEADER: [{"code": "invalid", "message": str(message)}]})
    return key


def _row(token_id: int, key: str) -> IdempotencyKey | None:
    return db.session.scalar(select(IdempotencyKey).where(
        IdempotencyKey.token_id == token_id, IdempotencyKey.key == key))


def _answer(row: IdempotencyKey, wanted: str) -> Response:
    if row.request_hash != wanted:
        raise ApiError(409, "idempotency_key_reused", _l(
            "This Idempotency-Key was already used for another request."))
    if row.status is None:
        raise ApiError(409, "idempotency_in_progress", _l(
            "A request with this Idempotency-Key is still being handled; ask again shortly."),
            headers={"Retry-After": "1"})
    response = Response(row.body, status=row.status, mimetype="application/json")
    response.headers[REPLAYED] = "true"
    return response


def before() -> Response | None:
    """Before the view: a stored answer for the key, or the key claimed for this request."""
    key = _key()
    if key is None or request.endpoint in EXEMPT:
        return None
    token_id, wanted, now = g.api_token.id, request_hash(), utcnow()
    db.session.execute(delete(IdempotencyKey).where(
        IdempotencyKey.token_id == token_id, IdempotencyKey.expires_at <= now))
    row = _row(token_id, key)
    if row is not None:
        return _answer(row, wanted)
    try:
        with db.session.begin_nested():
            db.session.add(IdempotencyKey(token_id=token_id, key=key, request_hash=wanted,
                                          created_at=now, expires_at=now + KEPT))
    except (IntegrityError, OperationalError):  # taken at this moment by the same key
        db.session.rollback()
        row = _row(token_id, key)
        if row is None:
            raise ApiError(409, "busy") from None
        return _answer(row, wanted)
    g.idempotency = key
    return None


def after(response: Response) -> Response:
    """After the view: the answer stored with the key, or (refused) the key let go."""
    key = g.pop("idempotency", None)
    if key is None:
        return response
    where = (IdempotencyKey.token_id == g.api_token.id, IdempotencyKey.key == key,
             IdempotencyKey.status.is_(None))
    db.session.rollback()  # whatever the view left unsaved is not the answer's
    if response.status_code < 400 and response.is_json:
        db.session.execute(update(IdempotencyKey).where(*where).values(
            status=response.status_code, body=response.get_data(as_text=True)))
    else:
        db.session.execute(delete(IdempotencyKey).where(*where))
    db.session.commit()
    return response
