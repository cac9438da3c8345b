"""Territory by date from the reference files: districts' first and last days
(`district_dates.csv`), a district's earlier regions (`district_regions.csv`: its current
region, in `districts.csv`, holds it from the day after the last of them ends), earlier names
(`territory_names.csv`) and earlier KATO codes (`territory_codes.csv`) of regions and districts.

Every district's memberships are checked before anything is written: a file that leaves a
district in no region (or in two, or in one that did not exist) on some day is refused whole.
A district's memberships are seeded from the files while they are undated (none, or the one
open row the migration gave it); after that they change only through
`territories.operations`, so loading again never rewrites a move made since.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, select

from caseworker.domain import territory
from caseworker.extensions import db
from caseworker.models import District, DistrictRegion, Region, TerritoryCode, TerritoryName
from caseworker.reference_data.upsert import upsert


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def describe(problem: territory.Problem) -> str:
    """A problem of the memberships in words (for the command line: English)."""
    span = f"{problem.valid_from or 'the start'} to {problem.valid_to or 'today'}"
    return {"gap": f"district {problem.district} is in no region from {span}",
            "overlap": f"district {problem.district} is in two regions from {span}",
            "no_region": f"district {problem.district} is in region {problem.region}, which "
                         f"does not exist from {span}"}[problem.kind]


def memberships(district_rows: list[dict], earlier_rows: list[dict]
                ) -> dict[str, list[territory.Membership]]:
    """district KATO -> its memberships in full (earlier ones, then the current one)."""
    earlier = defaultdict(list)
    for r in earlier_rows:
        earlier[r["district_kato"]].append(territory.Membership(
            r["district_kato"], r["region_kato"], _date(r["valid_from"]), _date(r["valid_to"]),
            r["source"] or None, r["confidence"] or None))
    known = {r["kato"] for r in district_rows}
    unknown = sorted(set(earlier) - known)
    if unknown:
        raise ValueError(f"district_regions.csv names districts not in districts.csv: {unknown}")
    return {r["kato"]: territory.chain(r["kato"], earlier[r["kato"]], r["region_kato"])
            for r in district_rows}


def check(chains: dict[str, list[territory.Membership]],
          lives: dict[str, tuple[date | None, date | None]],
          region_lives: dict[str, tuple[date | None, date | None]]) -> None:
    found = [p for kato, rows in chains.items()
             for p in territory.problems(kato, lives.get(kato, (None, None)), rows, region_lives)]
    if found:
        raise ValueError("territories refused, nothing changed: "
                         + "; ".join(describe(p) for p in found[:10]))


def load(rows, regions: dict[str, Region], districts: dict[str, District], tally) -> None:
    """Check and load the dated territory (`rows` reads a reference file by name)."""
    district_rows = rows("districts.csv")
    lives = {r["kato"]: (_date(r["valid_from"]), _date(r["valid_to"]))
             for r in rows("district_dates.csv")}
    region_lives = {kato: (r.valid_from, r.valid_to) for kato, r in regions.items()}
    chains = memberships(district_rows, rows("district_regions.csv"))
    check(chains, lives, region_lives)
    for kato, district in districts.items():
        life = lives.get(kato, (None, None))
        if (district.valid_from, district.valid_to) != life:
            district.valid_from, district.valid_to = life
            tally.changed += 1
    _seed_memberships(chains, regions, districts, tally)
    _load_dated(TerritoryName, rows("territory_names.csv"), regions, districts, tally,
                lambda r: {"name_en": r["name_en"], "name_kk": r["name_kk"],
                           "name_ru": r["name_ru"]})
    _load_dated(TerritoryCode, rows("territory_codes.csv"), regions, districts, tally,
                lambda r: {"kato": r["earlier_kato"]})


def _undated(rows: list[DistrictRegion]) -> bool:
    return len(rows) <= 1 and all(r.valid_from is None and r.valid_to is None for r in rows)


def _seed_memberships(chains, regions, districts, tally) -> None:
    existing = defaultdict(list)
    for row in db.session.scalars(select(DistrictRegion)):
        existing[row.district_id].append(row)
    for kato, chain in chains.items():
        district = districts[kato]
        have = existing.get(district.id, [])
        wanted = [(regions[m.region].id, m.valid_from, m.valid_to) for m in chain]
        if [(r.region_id, r.valid_from, r.valid_to) for r in have] == wanted:
            continue
        if not _undated(have):
            continue  # dated since by an operation: the database's, not the file's
        if have:
            db.session.execute(delete(DistrictRegion).where(
                DistrictRegion.district_id == district.id))
        for m, (region_id, starts, ends) in zip(chain, wanted):
            db.session.add(DistrictRegion(district_id=district.id, region_id=region_id,
                                          valid_from=starts, valid_to=ends,
                                          source=m.source or "the region today (districts.csv)",
                                          confidence=m.confidence))
            tally.added += 1
    tally.kinds["DistrictRegion"] = sum(len(c) for c in chains.values())


def _load_dated(model, file_rows, regions, districts, tally, values) -> None:
    """Earlier names or codes: one row per unit and first day, updated where it differs."""
    existing = {(r.region_id, r.district_id, r.valid_from): r
                for r in db.session.scalars(select(model))}
    for r in file_rows:
        region, district = regions.get(r["kato"]), districts.get(r["kato"])
        if region is None and district is None:
            raise ValueError(f"{model.__tablename__}: no region or district {r['kato']}")
        key = (region.id if region else None, district.id if district else None,
               _date(r["valid_from"]))
        wanted = {**values(r), "valid_to": _date(r["valid_to"]), "source": r["source"] or None,
                  "confidence": r["confidence"] or None}
        upsert(model, dict(zip(("region_id", "district_id", "valid_from"), key)), wanted, tally,
               found=existing.get(key))
