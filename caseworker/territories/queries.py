"""Territories as they stood on a day: the regions that existed, their districts, names and
KATO codes then. Each function reads in one statement; the pure rules are `domain.territory`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from caseworker.domain import territory
from caseworker.extensions import db
from caseworker.models import District, DistrictRegion, Region, TerritoryCode, TerritoryName


def in_force(model, on: date) -> ColumnElement:
    """The rows of a dated table (`valid_from`, `valid_to`, inclusive, None open) that hold on
    `on`; the date is bound as a parameter."""
    return and_(or_(model.valid_from.is_(None), model.valid_from <= on),
                or_(model.valid_to.is_(None), model.valid_to >= on))


def region_map(on: date) -> Select:
    """(district_id, region_id) of every district on `on`: the report date's district -> region
    map in one statement (a subquery to join facts on)."""
    return select(DistrictRegion.district_id.label("district_id"),
                  DistrictRegion.region_id.label("region_id")).where(in_force(DistrictRegion, on))


def districts_of(region_id: int, on: date) -> Select:
    """The ids of the districts the region held on `on` (for `IN`)."""
    return select(DistrictRegion.district_id).where(
        in_force(DistrictRegion, on), DistrictRegion.region_id == region_id)


def memberships() -> Select:
    """(district KATO, district id, region id, valid_from, valid_to) of every membership."""
    return (select(District.kato, DistrictRegion.district_id, DistrictRegion.region_id,
                   DistrictRegion.valid_from, DistrictRegion.valid_to)
            .join(District, District.id == DistrictRegion.district_id))


def region_of(district_id: int, on: date) -> int | None:
    return db.session.scalar(select(DistrictRegion.region_id).where(
        in_force(DistrictRegion, on), DistrictRegion.district_id == district_id))


@dataclass(frozen=True)
class Place:
    """A region or a district as it stood on `on`: its id (the same unit on every day), KATO
    code and names then; `region_id`: the region that held a district that day."""
    id: int
    kato: str
    name_kk: str
    name_ru: str
    name_en: str
    on: date
    kind: str = "district"
    region_id: int | None = None
    exists: bool = True  # False: a district's territory before the district was formed

    @property
    def name(self) -> str:
        lang = str(get_locale() or "ru")
        return getattr(self, f"name_{lang}", None) or self.name_ru


def _dated(unit_column, owner: str, on: date):
    """Aliases of the earlier names and codes in force on `on`, joined on `unit_column`
    through their column `owner` (region_id or district_id)."""
    name, code = aliased(TerritoryName), aliased(TerritoryCode)
    return (name, and_(getattr(name, owner) == unit_column, in_force(name, on)),
            code, and_(getattr(code, owner) == unit_column, in_force(code, on)))


def region_code_of(district_id: int, on: date) -> tuple[int, str] | None:
    """The id and KATO code (the code of that day) of the region that held the district on
    `on`, in one statement; None when no membership holds that day."""
    _name, _on_name, code, on_code = _dated(Region.id, "region_id", on)
    found = db.session.execute(
        select(Region.id, Region.kato, code.kato)
        .join(DistrictRegion, DistrictRegion.region_id == Region.id)
        .outerjoin(code, on_code)
        .where(DistrictRegion.district_id == district_id, in_force(DistrictRegion, on))).first()
    return None if found is None else (found[0], found[2] or found[1])


def _place(unit, name, code, on: date, **extra) -> Place:
    names = name or unit
    return Place(unit.id, code.kato if code is not None else unit.kato, names.name_kk,
                 names.name_ru, names.name_en, on, **extra)


def day_of_year(year: int, today: date) -> date:
    """The day whose map a page about a year shows: today in this year (and later ones), the
    year's last day for a past year."""
    return today if year >= today.year else date(year, 12, 31)


def regions_on(on: date) -> list[Place]:
    """The regions and cities of republican significance that existed on `on`, with their
    names and codes then, in the order of their codes today."""
    name, on_name, code, on_code = _dated(Region.id, "region_id", on)
    stmt = (select(Region, name, code).outerjoin(name, on_name).outerjoin(code, on_code)
            .where(in_force(Region, on)).order_by(Region.kato))
    return [_place(r, n, c, on, kind=r.kind) for r, n, c in db.session.execute(stmt)]


_EARLIER_CODE = aliased(TerritoryCode)  # one alias: the statement is compiled once


def region_code(region_id: int, on: date) -> str | None:
    """The region's KATO code on `on` (an earlier code then, else its code today), in one
    statement (None: no such region)."""
    code = _EARLIER_CODE
    return db.session.scalar(
        select(func.coalesce(code.kato, Region.kato)).select_from(Region)
        .outerjoin(code, and_(code.region_id == Region.id, in_force(code, on)))
        .where(Region.id == region_id).limit(1))


def region_on(region_id: int, on: date) -> Place | None:
    """The region as it stood on `on` (None: it did not exist then, or never)."""
    return next((r for r in regions_on(on) if r.id == region_id), None)


def districts_on(on: date, region_id: int | None = None, formed_only: bool = True
                 ) -> list[Place]:
    """The districts of `on` with their region, names and codes then (of one region with
    `region_id`). `formed_only` False: also the districts formed later whose territory a
    region held that day (their cases count under it)."""
    name, on_name, code, on_code = _dated(District.id, "district_id", on)
    stmt = (select(District, DistrictRegion.region_id, name, code)
            .join(DistrictRegion, and_(DistrictRegion.district_id == District.id,
                                       in_force(DistrictRegion, on)))
            .outerjoin(name, on_name).outerjoin(code, on_code).order_by(District.kato))
    if region_id is not None:
        stmt = stmt.where(DistrictRegion.region_id == region_id)
    if formed_only:
        stmt = stmt.where(in_force(District, on))
    return [_place(d, n, c, on, region_id=region, exists=_formed(d, on))
            for d, region, n, c in db.session.execute(stmt)]


def _formed(district: District, on: date) -> bool:
    return district.valid_from is None or district.valid_from <= on


def district_by_kato(kato: str, on: date) -> District | None:
    """The district that had the KATO code `kato` on `on`: an earlier code wins over a
    unit's code today (Taldykorgan's 191010000 before 8 June 2022 is Konaev's since)."""
    earlier = db.session.scalar(
        select(District).join(TerritoryCode, TerritoryCode.district_id == District.id)
        .where(TerritoryCode.kato == kato, in_force(TerritoryCode, on)))
    if earlier is not None:
        return earlier
    return db.session.scalar(select(District).where(District.kato == kato,
                                                    in_force(District, on)))


class Gazetteer:
    """Districts and regions by date for many rows at once (an export of payments): every
    unit's names, codes and memberships read once (five statements), then each (district,
    day) answered in Python by the rules of `domain.territory`, and kept."""

    def __init__(self) -> None:
        self.districts = {d.id: d for d in db.session.scalars(select(District))}
        self.regions = {r.id: r for r in db.session.scalars(select(Region))}
        self.names: dict[tuple[str, int], list[territory.Names]] = {}
        for row in db.session.scalars(select(TerritoryName)):
            key = ("district", row.district_id) if row.district_id else ("region", row.region_id)
            self.names.setdefault(key, []).append(territory.Names(
                row.name_kk, row.name_ru, row.name_en, valid_from=row.valid_from,
                valid_to=row.valid_to))
        self.codes: dict[int, list[territory.Code]] = {}
        for row in db.session.scalars(select(TerritoryCode).where(
                TerritoryCode.district_id.is_not(None))):
            self.codes.setdefault(row.district_id, []).append(
                territory.Code(row.kato, valid_from=row.valid_from, valid_to=row.valid_to))
        self.held: dict[int, list[DistrictRegion]] = {}
        for row in db.session.scalars(select(DistrictRegion)):
            self.held.setdefault(row.district_id, []).append(row)
        self.lang = str(get_locale() or "ru")
        self._known: dict[tuple[int, date], tuple[str, str, str]] = {}

    def _name(self, kind: str, unit, day: date) -> str:
        now = territory.Names(unit.name_kk, unit.name_ru, unit.name_en)
        return territory.name_on(now, self.names.get((kind, unit.id), ()), day, self.lang)

    def district_on(self, district_id: int, day: date) -> tuple[str, str, str]:
        """(the district's KATO code, its name, its region's name) on `day`."""
        key = (district_id, day)
        if key not in self._known:
            district = self.districts[district_id]
            membership = territory.holding(self.held.get(district_id, ()), day)
            region = self.regions.get(membership.region_id if membership
                                      else district.region_id)
            self._known[key] = (
                territory.code_on(district.kato, self.codes.get(district_id, ()), day),
                self._name("district", district, day),
                self._name("region", region, day) if region is not None else "")
        return self._known[key]
