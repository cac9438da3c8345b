"""The end every reading route of the API shares: the read is audited and committed (the
token's last use is kept with it), then the answer goes out. Writes end in
`refusals.committed` instead."""
from __future__ import annotations

from caseworker import audit
from caseworker.extensions import db
from caseworker.paging import listed, page_of


def shown(answer, kind: str, obj_type: str, obj_id=None):
    """Audit the read of `obj_type` `obj_id` as `kind`, commit, and give back `answer`."""
    audit.record(kind, obj_type, obj_id)
    db.session.commit()
    return answer


def page(stmt, args: dict, kind: str, obj_type: str, obj_id=None):
    """One page of `stmt` by the query's `page` and `per_page`, audited as a read."""
    return shown(listed(stmt, args["page"], args["per_page"]), kind, obj_type, obj_id)


def found(stmt, args: dict, kind: str, obj_type: str, obj_id=None):
    """The older lists' shape: items, page and has_next, 50 to a page, audited as a read."""
    result = page_of(stmt, args["page"])
    return shown({"items": result.items, "page": result.page, "has_next": result.has_next},
                 kind, obj_type, obj_id)
