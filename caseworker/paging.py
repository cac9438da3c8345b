"""A page of a select without counting every row (counts are slow on large scopes); a select
narrowed by the filters that were given."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from caseworker.extensions import db


@dataclass
class Page:
    items: list
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def page_of(stmt: Select, page: int, size: int = 50) -> Page:
    page = max(1, min(page, 10_000))
    stmt = stmt.limit(size + 1).offset((page - 1) * size)
    # One entity gives objects; several columns give rows.
    rows = (db.session.scalars(stmt) if len(stmt.column_descriptions) == 1
            else db.session.execute(stmt)).all()
    return Page(rows[:size], page, len(rows) > size)


def total_of(stmt: Select) -> int:
    """How many rows the select gives (for an API's list, which says its total)."""
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def listed(stmt: Select, page: int, size: int) -> dict:
    """A page of the select with the total: what an API list answers."""
    result = page_of(stmt, page, size)
    return {"items": result.items, "page": result.page, "per_page": size,
            "total": total_of(stmt), "has_next": result.has_next}


def narrowed(stmt: Select, *filters: tuple) -> Select:
    """The select narrowed by each (column, value) whose value was given (not None): a list's
    or a sum's optional filters (region, district, measure, year...)."""
    for column, value in filters:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt
