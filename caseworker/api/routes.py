"""What every route of the API shares. `endpoint` hangs a view on the blueprint with its
arguments and answer in one decorator, its docstring being its summary in the document. A
reading route ends in `shown` (or `page`, `found` for lists): the read is audited and committed
(the token's last use is kept with it), then the answer goes out. Writes end in
`refusals.committed` instead."""
from __future__ import annotations

from caseworker import audit
from caseworker.api.spec import blp
from caseworker.extensions import db
from caseworker.paging import listed, page_of


def endpoint(method: str, path: str, answer=None, *, status: int = 200,
             alt: tuple | None = None, tags: list, responses: dict | None = None,
             **arguments):
    """The view as `method path` of the API under `tags`: the schema of its answer with
    `status`, another answer `alt` (its status, then what `alt_response` takes by name), the
    document's own `responses`, and the arguments it reads, each a schema by its location
    (headers, query, json, form, files) in the order they are given to the view. The view's
    docstring, one sentence over lines, is its summary in the document."""
    def decorate(view):
        if not view.__doc__:
            raise TypeError(f"{view.__name__}: an API route's docstring is its summary")
        summary = " ".join(view.__doc__.split())
        view.__doc__ = None  # not read again by the blueprint as a description
        if alt is not None:
            view = blp.alt_response(alt[0], **alt[1])(view)
        if answer is not None:
            view = blp.response(status, answer)(view)
        for location, schema in reversed(arguments.items()):
            view = blp.arguments(schema, location=location)(view)
        extra = {} if responses is None else {"responses": responses}
        view = blp.doc(summary=summary, tags=tags, **extra)(view)
        return blp.route(path, methods=[method])(view)
    return decorate


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
