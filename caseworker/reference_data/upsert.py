"""One row of the reference data kept as the file says: the one way every loader writes."""
from __future__ import annotations

from sqlalchemy import select

from caseworker.extensions import db


def upsert(model, key: dict, values: dict, tally, found=...):
    """Insert or update one row by its natural key, counted in `tally` (added, changed, rows
    of each kind). `found` is the row already read (None: known to be missing), so that a
    loop over many rows reads them all at once; without it the row is looked up."""
    obj = db.session.scalar(select(model).filter_by(**key)) if found is ... else found
    if obj is None:
        obj = model(**key, **values)
        db.session.add(obj)
        tally.added += 1
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        tally.changed += 1
    tally.kinds[model.__name__] = tally.kinds.get(model.__name__, 0) + 1
    return obj
