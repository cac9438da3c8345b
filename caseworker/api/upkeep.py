"""The API's upkeep on the queue's schedule: the idempotency keys whose time is up are removed
(each holds the first answer to a POST, a person's IIN among them)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from caseworker.extensions import db
from caseworker.jobs.maintenance import Report, upkeep
from caseworker.models import IdempotencyKey
from caseworker.models.types import utcnow


@upkeep("api.idempotency.expired", _l("Remove expired idempotency keys"))
def expired_keys() -> Report:
    gone = db.session.execute(delete(IdempotencyKey).where(
        IdempotencyKey.expires_at <= utcnow())).rowcount
    return Report(True, _l("%(n)d expired idempotency keys removed.", n=gone or 0))
