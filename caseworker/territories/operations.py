"""The use cases that change territories: a district moves to another region from a day; a
region ceases to exist after a day. Each checks that no district is left in no region (or in
two, or in one that does not exist) on any day, writes (add + flush), audits, and raises
`Refused` otherwise, with nothing changed."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date, lazy_gettext as _l
from sqlalchemy import select, update

from caseworker import audit
from caseworker.domain import territory
from caseworker.extensions import db
from caseworker.models import District, DistrictRegion, Person, Region, User
from caseworker.refusals import Refused
from caseworker.territories.queries import in_force


def _memberships(district_ids: list[int]) -> dict[int, list[DistrictRegion]]:
    found: dict[int, list[DistrictRegion]] = {d: [] for d in district_ids}
    for row in db.session.scalars(select(DistrictRegion).where(
            DistrictRegion.district_id.in_(district_ids))
            .order_by(DistrictRegion.district_id, DistrictRegion.valid_from)
            .with_for_update()):
        found[row.district_id].append(row)
    return found


def check(districts: list[District], rows: dict[int, list[territory.Membership]],
          regions: dict[int, Region], lives: dict[int, tuple]) -> None:
    """Refuse when the memberships `rows` (district id -> its memberships, regions by id as
    text) leave a district of `districts` in no region, in two, or in one that did not exist
    (`lives`: region id -> its first and last day)."""
    spans = {str(k): v for k, v in lives.items()}
    for district in districts:
        found = territory.problems(str(district.id), (district.valid_from, district.valid_to),
                                   rows[district.id], spans)
        if found:
            raise Refused("territory_gap", message=_message(found[0], district, regions))


def _message(problem: territory.Problem, district: District, regions: dict[int, Region]):
    start = format_date(problem.valid_from) if problem.valid_from else _l("the start")
    end = format_date(problem.valid_to) if problem.valid_to else _l("further notice")
    if problem.kind == "gap":
        return _l("%(district)s would be in no region from %(start)s to %(end)s; nothing was "
                  "changed.", district=district.name, start=start, end=end)
    if problem.kind == "overlap":
        return _l("%(district)s would be in two regions from %(start)s to %(end)s; nothing was "
                  "changed.", district=district.name, start=start, end=end)
    region = regions.get(int(problem.region)) if problem.region else None
    return _l("%(district)s would be in %(region)s, which does not exist from %(start)s to "
              "%(end)s; nothing was changed.", district=district.name,
              region=region.name if region else "?", start=start, end=end)


def _as_domain(rows: list[DistrictRegion]) -> list[territory.Membership]:
    return [territory.Membership(str(r.district_id), str(r.region_id), r.valid_from, r.valid_to)
            for r in rows]


def _regions() -> tuple[dict[int, Region], dict[int, tuple]]:
    regions = {r.id: r for r in db.session.scalars(select(Region))}
    return regions, {k: (r.valid_from, r.valid_to) for k, r in regions.items()}


def move_district(district: District, region: Region, on: date, today: date,
                  user: User | None = None) -> DistrictRegion:
    """The district belongs to `region` from `on`: the membership that holds it then ends the
    day before. A move on a day that a later membership already decides is refused (undo
    that one first). From the day it takes effect the district, its persons and users carry
    the new region as theirs today."""
    rows = _memberships([district.id])[district.id]
    holding = territory.holding(rows, on)
    if holding is not None and holding.region_id == region.id:
        raise Refused("territory_same_region")
    if any(r.valid_from is not None and r.valid_from > on for r in rows):
        raise Refused("territory_later_change")
    day_before = on - timedelta(days=1)
    planned = [territory.Membership(str(r.district_id), str(r.region_id), r.valid_from,
                                    day_before if r is holding else r.valid_to)
               for r in rows if not (r is holding and r.valid_from == on)]
    planned.append(territory.Membership(str(district.id), str(region.id), on, None))
    check([district], {district.id: planned}, *_regions())
    if holding is not None and holding.valid_from == on:
        db.session.delete(holding)
        db.session.flush()
    elif holding is not None:
        holding.valid_to = day_before
    new = DistrictRegion(district_id=district.id, region_id=region.id, valid_from=on,
                         valid_to=None, source="moved by an operation")
    db.session.add(new)
    if on <= today:
        _now_in(district, region)
    audit.record("territory.move", "district", district.id, user=user)
    db.session.flush()
    return new


def _now_in(district: District, region: Region) -> None:
    """The region as the district's, its persons' and its users' today (the denormalised
    columns that scopes read)."""
    district.region_id = region.id
    for model in (Person, User):
        db.session.execute(update(model).where(model.district_id == district.id)
                           .values(region_id=region.id)
                           .execution_options(synchronize_session="fetch"))


def apply_due_moves(today: date, user: User | None = None) -> int:
    """The moves whose day has come (recorded earlier with a future date): each district, its
    persons and users take as theirs today the region that holds the district today. Run
    again it changes nothing; returns the districts that changed."""
    stmt = (select(District, Region)
            .join(DistrictRegion, DistrictRegion.district_id == District.id)
            .join(Region, Region.id == DistrictRegion.region_id)
            .where(in_force(DistrictRegion, today), District.region_id != DistrictRegion.region_id))
    moved = 0
    for district, region in db.session.execute(stmt).all():
        _now_in(district, region)
        audit.record("territory.move_applied", "district", district.id, user=user, on=today)
        moved += 1
    db.session.flush()
    return moved


def close_region(region: Region, last_day: date, user: User | None = None) -> None:
    """The region exists until `last_day` inclusive; refused while any district would still
    belong to it after that day (move them first)."""
    if region.valid_from is not None and last_day < region.valid_from:
        raise Refused("territory_ends_before_start")
    held = db.session.scalars(select(District).join(
        DistrictRegion, DistrictRegion.district_id == District.id).where(
        DistrictRegion.region_id == region.id).distinct()).all()
    rows = {d: _as_domain(r) for d, r in _memberships([d.id for d in held]).items()}
    regions, lives = _regions()
    lives[region.id] = (region.valid_from, last_day)
    check(held, rows, regions, lives)
    region.valid_to = last_day
    audit.record("territory.close", "region", region.id, user=user)
    db.session.flush()
