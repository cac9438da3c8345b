"""The one audit writer. Every write, and every read of a person's data, calls `record`.

It stores who, in which role, did what to which record, when, from where and in which request;
never a name, an IIN or any other personal data. The row is added to the session of the
request, so it is committed (or rolled back) together with what it records.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, g, has_request_context, request
from flask_login import current_user

from caseworker import audit_chain, bulk_writes
from caseworker.extensions import db
from caseworker.models import AuditEvent, User
from caseworker.models.types import utcnow


def record(action: str, record_type: str | None = None, record_id: object | None = None,
           user: User | None = None, on: date | None = None,
           provider_id: int | None = None) -> AuditEvent:
    """`on`: the day the recorded event happened, where the write records one (a registration,
    a referral's step, a contact...); the audit then shows an entry made long after as late.
    `provider_id`: the organisation that acted through its answer link, without an account
    (then no user is named, even one signed in on the same browser)."""
    if (user is None and provider_id is None and has_request_context()
            and current_user.is_authenticated):
        user = current_user
    event = AuditEvent(
        at=utcnow(),
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        user_id=user.id if user is not None else None,
        role=user.role if user is not None else None,
        address=request.remote_addr if has_request_context() else None,
        request_id=g.get("request_id") if has_request_context() else None,
        happened_on=on,
        provider_id=provider_id,
    )
    event.mac = audit_chain.mac(current_app.config["AUDIT_KEY"], event)
    db.session.add(event)
    return event


def record_many(action: str, record_type: str, items: list[tuple[object, User, date | None]]
                ) -> None:
    """`record` for many records of one kind at once (a bulk write): one row per
    (record id, user, day it happened), with the same fields, written with one INSERT."""
    if not items:
        return
    address = request.remote_addr if has_request_context() else None
    request_id = g.get("request_id") if has_request_context() else None
    at = utcnow()
    # each row's own mark, as `record` makes it (of the fields alone: no model object)
    mark = audit_chain.marker(current_app.config["AUDIT_KEY"], at, action, record_type,
                              address, request_id)
    rows = []
    for record_id, user, on in items:
        user_id, role, record_id = user.id, user.role, str(record_id)
        rows.append({"at": at, "action": action, "record_type": record_type,
                     "record_id": record_id, "user_id": user_id, "role": role,
                     "address": address, "request_id": request_id, "happened_on": on,
                     "mac": mark(record_id, user_id, role, on)})
    bulk_writes.written(AuditEvent.__table__, rows)  # the table's: no ORM bulk work


def refused(action: str, record_type: str | None = None, record_id: object | None = None) -> None:
    """Note a refused access (a record outside the user's scope, a role that may not) for the
    error page to audit: the request's own writes are rolled back, this is kept."""
    if has_request_context():
        g.refused_access = (action, record_type, record_id)


def keep_refused() -> None:
    """The refused access of this request, if any, audited in a transaction of its own (what
    the request wrote before is rolled back). Called by the error pages, HTML and JSON."""
    found = g.pop("refused_access", None) if has_request_context() else None
    if found is None:
        return
    db.session.rollback()
    record(*found)
    db.session.commit()
