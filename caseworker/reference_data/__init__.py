"""The project's copy of the reference data, and its idempotent loader.

Each loader upserts by natural key and changes a row only when a value differs, so running
it twice changes nothing. The loader adds and flushes; the command commits.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.orm import undefer

from caseworker.domain import resettlement as dated_resettlement, versions as dated
from caseworker.domain.eligibility import RULES
from caseworker.extensions import db
from caseworker.reference_data import territories
from caseworker.reference_data.upsert import upsert
from caseworker.models import (
    CareerCentre, District, Measure, MciRate, MeasureVersion, Occupation, PensionAge, Region,
    ResettlementRate, TargetGroup)
from caseworker.models.mixins import LANGUAGES

HERE = Path(__file__).resolve().parent
CALENDAR_YEARS = range(2017, 2028)  # the years load-reference fills from the holidays package
RULE_COLUMNS = tuple(RULES)  # the eligibility columns of measure_versions.csv


def rows(name: str) -> list[dict[str, str]]:
    with open(HERE / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def _names(row: dict) -> dict:
    return {"name_en": row["name_en"], "name_kk": row["name_kk"], "name_ru": row["name_ru"]}


def _words(row: dict, stem: str) -> dict:
    """The row's `stem_kk`, `stem_ru` and `stem_en` columns, None where empty."""
    return {f"{stem}_{lang}": row[f"{stem}_{lang}"] or None for lang in LANGUAGES}


def measure_rules(row: dict) -> dict:
    """The rule columns of a measure_versions.csv row as data for the eligibility engine."""
    rules: dict = {}
    for col in RULE_COLUMNS:
        value = row.get(col, "")
        if not value:
            continue
        if col == "target_groups_any":
            rules[col] = value.split("|")
        elif value in ("yes", "no"):
            if value == "yes":
                rules[col] = True
        elif col == "requires_completed":
            rules[col] = value
        else:
            rules[col] = int(value)
    return rules


def version_values(row: dict) -> dict:
    """A measure_versions.csv row as the fields of a MeasureVersion."""
    by_region = dict(pair.split("=") for pair in row["amount_by_region"].split("|") if pair)
    return {
        "valid_from": _date(row["valid_from"]), "valid_to": _date(row["valid_to"]),
        "rules": measure_rules(row), "needs_approval": row["needs_approval"] == "yes",
        "over_funds": row.get("over_funds") or "approval",
        "benefit_amount": Decimal(row["benefit_amount"]) if row["benefit_amount"] else None,
        "benefit_unit": row["benefit_unit"] or "none",
        "benefit_period": row["benefit_period"] or None,
        "amount_by_region": {kato: int(amount) for kato, amount in by_region.items()},
        "max_months": _int(row["max_months"]), **_words(row, "source"),
        "confidence": row["confidence"] or None}


def file_versions() -> dict[str, list[dict]]:
    """measure code -> its versions in the file, by start; a file whose versions of a measure
    overlap, or end before they start, is refused."""
    found: dict[str, list[dict]] = {}
    for r in rows("measure_versions.csv"):
        found.setdefault(r["code"], []).append(version_values(r))
    for code, versions in found.items():
        versions.sort(key=lambda v: v["valid_from"])
        for v in versions:
            if v["valid_to"] is not None and v["valid_to"] < v["valid_from"]:
                raise ValueError(f"measure_versions.csv: a version of {code} ends before it starts")
        for before, after in zip(versions, versions[1:]):
            if dated.overlap(before["valid_from"], before["valid_to"], after["valid_from"],
                             after["valid_to"]):
                raise ValueError(f"measure_versions.csv: versions of {code} overlap "
                                 f"({before['valid_from']} and {after['valid_from']})")
    return found


def load_territories(tally: Tally) -> None:
    surplus = {r["kato"] for r in rows("labour_surplus.csv")}
    regions = {}
    for r in rows("regions.csv"):
        regions[r["kato"]] = upsert(Region, {"kato": r["kato"]}, {
            **_names(r), "kind": r["kind"], "centre_en": r["centre_en"] or None,
            "valid_from": _date(r["valid_from"]), "valid_to": _date(r.get("valid_to", "")),
            "split_from": r["split_from"] or None,
            "labour_surplus": r["kato"] in surplus}, tally)
    db.session.flush()
    districts = _load_districts(regions, tally)
    db.session.flush()
    territories.load(rows, regions, districts, tally)


def load_catalogue(tally: Tally) -> None:
    """Target groups and measures; a measure's versions are seeded from the file while it has
    none. After that they change only by adding a version (measures.operations.add_version):
    a load never rewrites the rules and amounts a referral was judged under. Only the words
    of a version the file seeded (the same first day and English source) follow the file:
    its source in Kazakh and Russian."""
    for r in rows("target_groups.csv"):
        upsert(TargetGroup, {"code": r["code"]},
                {**_names(r), "derived_from": r["derived_from"] or None}, tally)
    measures = {}
    for r in rows("measures.csv"):
        measures[r["code"]] = upsert(Measure, {"code": r["code"]}, {
            **_names(r), "kind": r["kind"], "counts_as_outcome": r["counts_as_outcome"] or None,
            **_words(r, "notes")}, tally)
    db.session.flush()
    for code, versions in file_versions().items():
        measure = measures[code]
        if measure.versions:
            _version_words(measure, versions, tally)
            continue
        tally.kinds["MeasureVersion"] = tally.kinds.get("MeasureVersion", 0) + len(versions)
        for number, values in enumerate(versions, 1):
            measure.versions.append(MeasureVersion(number=number, **values))
            tally.added += 1


def _version_words(measure: Measure, versions: list[dict], tally: Tally) -> None:
    """The file's source in Kazakh and Russian on each of the measure's versions that says
    the file's English source from the same first day (a database migrated from before the
    three languages has them empty); the admins' versions are left as they are."""
    stored = {(v.valid_from, v.source_en): v for v in measure.versions}
    for values in versions:
        found = stored.get((values["valid_from"], values["source_en"]))
        if found is None:
            tally.kinds["MeasureVersion"] = tally.kinds.get("MeasureVersion", 0) + 1
            continue
        upsert(MeasureVersion, {}, {"source_kk": values["source_kk"],
                                    "source_ru": values["source_ru"]}, tally, found=found)


def load_rates(tally: Tally) -> None:
    for r in rows("mci.csv"):
        upsert(MciRate, {"effective_from": _date(r["effective_from"])}, {
            "mci_kzt": int(r["mci_kzt"]), "min_wage_kzt": int(r["min_wage_kzt"]),
            "confidence": r["confidence"]}, tally)
    for r in rows("pension_age.csv"):
        upsert(PensionAge, {"year": int(r["year"])}, {
            "men": Decimal(r["men"]), "women": Decimal(r["women"]),
            "confidence": r["confidence"]}, tally)


def file_resettlement() -> list[tuple[dated_resettlement.Rate, dict[str, str]]]:
    """The receiving regions of resettlement by date (`resettlement.csv`), each with its row,
    checked: a file that names Astana or Almaty, an unknown group, or rows that overlap is
    refused whole."""
    found = [(dated_resettlement.Rate(r["group"], r["region_kato"], _date(r["valid_from"]),
                                      _date(r["valid_to"]), Decimal(r["mci_per_member"])), r)
             for r in rows("resettlement.csv")]
    try:
        dated_resettlement.check(rate for rate, _row in found)
    except ValueError as error:
        raise ValueError(f"resettlement.csv: {error}") from None
    return found


def load_resettlement(tally: Tally) -> None:
    """The receiving regions of resettlement, with their sources, keyed by group, region and
    first day (a database before the table, as the migration tests make, is left as it is)."""
    if not inspect(db.session.connection()).has_table("resettlement_rate"):
        return
    regions = dict(db.session.execute(select(Region.kato, Region.id)).all())
    existing = {(r.group, r.region_id, r.valid_from): r
                for r in db.session.scalars(select(ResettlementRate))}
    for rate, row in file_resettlement():
        key = {"group": rate.group, "region_id": regions[rate.kato],
               "valid_from": rate.valid_from}
        upsert(ResettlementRate, key, {
            "valid_to": rate.valid_to, "mci_per_member": rate.mci_per_member,
            "source": row["source"], "confidence": row["confidence"]}, tally,
            found=existing.get(tuple(key.values())))


def load_occupations(tally: Tally) -> None:
    """The classifier of occupations (`occupations.csv`, parents before children), read at
    once and upserted by code (a database before the table is left as it is)."""
    if not inspect(db.session.connection()).has_table("occupation"):
        return
    existing = {o.code: o for o in db.session.scalars(select(Occupation))}
    for r in sorted(rows("occupations.csv"), key=lambda r: len(r["code"])):
        upsert(Occupation, {"code": r["code"]}, {
            "level": r["level"], "parent_code": r["parent_code"] or None, **_names(r)}, tally,
            found=existing.get(r["code"]))


def load_all() -> Tally:
    tally = Tally()
    load_territories(tally)
    load_resettlement(tally)
    load_catalogue(tally)
    load_rates(tally)
    db.session.flush()
    load_occupations(tally)
    db.session.flush()
    _load_calendar(tally)
    return tally


def _load_districts(regions: dict, tally: Tally) -> dict[str, District]:
    """Districts and their career centres: every row read at once, one flush in between. A
    district the demo knew under a made-up code (`demo_kato`) moves to its real code, keeping
    its persons and users."""
    existing = {d.kato: d for d in db.session.scalars(select(District))}
    districts = []
    for r in rows("districts.csv"):
        if r["kato"] not in existing and r["demo_kato"] in existing:
            moved = existing.pop(r["demo_kato"])
            moved.kato = r["kato"]
            existing[r["kato"]] = moved
            tally.changed += 1
        districts.append((r, upsert(District, {"kato": r["kato"]}, {
            **_names(r), "region_id": regions[r["region_kato"]].id, "urban": r["urban"] == "yes",
            "name_source": r["name_source"], "kato_source": r["kato_source"]}, tally,
            found=existing.get(r["kato"]))))
    db.session.flush()
    has_flag = "demo_contacts" in {c["name"] for c in inspect(
        db.session.connection()).get_columns("career_centre")}
    demo = (lambda r: {"demo_contacts": r["centre_source"] == "demo"}) if has_flag else (
        lambda r: {})  # a database at a revision before the flag
    read = select(CareerCentre)
    if has_flag:
        read = read.options(undefer(CareerCentre.demo_contacts))
    centres = {c.district_id: c for c in db.session.scalars(read)}
    for r, district in districts:
        upsert(CareerCentre, {"district_id": district.id}, {
            "name_kk": f"{r['name_kk']} мансап орталығы",
            "name_ru": f"Карьерный центр ({r['name_ru']})",
            "name_en": f"{r['name_en']} Career Centre",
            "address_kk": r["centre_address_kk"], "address_ru": r["centre_address_ru"],
            "phone": r["centre_phone"], "head": r["centre_head"], **demo(r)}, tally,
            found=centres.get(district.id))
    return {r["kato"]: district for r, district in districts}


def _load_calendar(tally: Tally) -> None:
    """The working-days calendar of CALENDAR_YEARS from the `holidays` package, for each year
    that has no days yet (a year with days is the admins'). A database at a revision before
    the calendar (the migration tests load reference data into one) is left without it."""
    if not inspect(db.session.connection()).has_table("calendar_day"):
        return
    from caseworker.calendar.operations import seed_missing
    added = seed_missing(CALENDAR_YEARS)
    tally.added += added
    tally.kinds["CalendarDay"] = added
