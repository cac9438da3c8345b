"""Selects over the register of providers: the user's region's only."""
from __future__ import annotations

from sqlalchemy import Select, select

from caseworker.domain.names import search_key
from caseworker.models import Provider, User


def provider_list(user: User, q: str = "", kind: str = "",
                  active: bool | None = None) -> Select:
    """The providers of the user's region by name; `q`: a part of the name, or the BIN."""
    stmt = select(Provider).where(Provider.region_id == user.region_id)
    if q:
        stmt = stmt.where(Provider.name_search.contains(search_key(q), autoescape=True)
                          | (Provider.bin == q.strip()))
    if kind:
        stmt = stmt.where(Provider.of_kind(kind))
    if active is not None:
        stmt = stmt.where(Provider.active.is_(active))
    return stmt.order_by(Provider.name, Provider.id)
