"""Selects over the register of organisations: the user's region's only."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from caseworker.domain.names import search_key
from caseworker.models import OrganisationEvent, Provider, User, Vacancy


def provider_list(user: User, q: str = "", kind: str = "", active: bool | None = None,
                  district_id: int | None = None) -> Select:
    """The organisations of the user's region by name; `q`: a part of either name, or the
    BIN; `kind`: one of its kinds; `district_id`: registered in that district."""
    stmt = select(Provider).options(joinedload(Provider.district)).where(
        Provider.region_id == user.region_id)
    if q:
        stmt = stmt.where(Provider.name_search.contains(search_key(q), autoescape=True)
                          | (Provider.bin == q.strip()))
    if kind:
        stmt = stmt.where(Provider.of_kind(kind))
    if active is not None:
        stmt = stmt.where(Provider.active.is_(active))
    if district_id is not None:
        stmt = stmt.where(Provider.district_id == district_id)
    return stmt.order_by(Provider.name_ru, Provider.id)


def by_bin(user: User, value: str) -> Select:
    """The organisation of the user's region with this BIN (grouping spaces ignored)."""
    return select(Provider).where(Provider.region_id == user.region_id,
                                  Provider.bin == "".join(value.split()))


def employers(user: User) -> Select:
    """The active employers of the user's region: those a vacancy may be entered for."""
    return provider_list(user, kind="employer", active=True)


def timeline(provider_id: int) -> Select:
    """The organisation's own steps (deactivated, reactivated), the latest first, each with
    the vacancies it closed."""
    return (select(OrganisationEvent).where(OrganisationEvent.provider_id == provider_id)
            .options(joinedload(OrganisationEvent.user))
            .order_by(OrganisationEvent.recorded_at.desc(), OrganisationEvent.id.desc()))


def open_vacancies(provider_id: int) -> Select:
    """The organisation's open vacancies (what its deactivation would close)."""
    return (select(Vacancy).where(Vacancy.organisation_id == provider_id,
                                  Vacancy.status == "open").order_by(Vacancy.id))
