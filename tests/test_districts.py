"""districts.csv: every district and city of regional significance, with KATO codes that are
unique, nine digits long and begin with their region's two digits; what is not confirmed
says so."""
import re
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from caseworker.domain import territory
from caseworker.extensions import db
from caseworker.models import CareerCentre, District
from caseworker.reference_data import rows, territories

DISTRICTS, REGIONS = rows("districts.csv"), {r["kato"]: r for r in rows("regions.csv")}
NINE_DIGITS = re.compile(r"\d{9}")


def test_codes_are_unique_nine_digits_and_begin_with_their_regions_digits():
    codes = [d["kato"] for d in DISTRICTS]
    assert len(codes) == len(set(codes))
    for d in DISTRICTS:
        assert NINE_DIGITS.fullmatch(d["kato"]), d
        assert d["region_kato"] in REGIONS, d
        assert d["kato"][:2] == d["region_kato"][:2], d
        assert d["kato"] not in REGIONS


def test_every_region_is_covered_and_the_list_is_complete():
    per_region = Counter(d["region_kato"] for d in DISTRICTS)
    assert set(per_region) == set(REGIONS)
    assert 220 <= len(DISTRICTS) <= 240
    assert per_region["110000000"] == 20 and per_region["390000000"] == 20  # Akmola, Kostanay
    assert per_region["750000000"] == 8  # Almaty's eight city districts


def test_sources_say_how_sure_each_code_is():
    assert {d["kato_source"] for d in DISTRICTS} <= {"public", "unconfirmed"}
    assert {d["name_source"] for d in DISTRICTS} == {"public"}
    assert {d["centre_source"] for d in DISTRICTS} == {"demo"}  # heads and phones are made up
    for d in DISTRICTS:
        if d["kato_source"] == "public":  # AABB00000 a district, AABB10000 a city (district)
            assert d["kato"][4:] in ("00000", "10000"), d
        else:
            assert d["note"], d  # an unconfirmed code says why
        assert not d["kato_before"] or NINE_DIGITS.fullmatch(d["kato_before"]), d


def test_the_regional_centre_comes_first_and_the_demo_codes_are_gone():
    for region in ("430000000", "790000000", "750000000", "710000000", "610000000",
                   "270000000"):
        first = min(d["kato"] for d in DISTRICTS if d["region_kato"] == region)
        assert sum(d["region_kato"] == region for d in DISTRICTS) >= 2
        if REGIONS[region]["kind"] == "region":
            assert first == region[:2] + "1010000"  # the regional centre (city)
    real = {d["kato"] for d in DISTRICTS}
    moved = [d["demo_kato"] for d in DISTRICTS if d["demo_kato"]]
    assert moved and not set(moved) & real and len(moved) == len(set(moved))
    for d in DISTRICTS:  # a demo code (AA99...) or the placeholder a unit had before its code
        if d["demo_kato"]:  # was read, which its note names
            assert NINE_DIGITS.fullmatch(d["demo_kato"]) and d["demo_kato"][:2] == d["kato"][:2]
            assert d["demo_kato"][2:4] == "99" or d["demo_kato"] in d["note"], d


def test_every_district_is_loaded_with_its_career_centre(ctx):
    assert db.session.scalar(select(func.count(District.id))) == len(DISTRICTS)
    assert db.session.scalar(select(func.count(CareerCentre.id))) == len(DISTRICTS)
    urzhar = db.session.scalar(select(District).where(District.kato == "104600000"))
    assert urzhar.name_en == "Urzhar District" and urzhar.region.kato == "100000000"
    assert urzhar.centre.head and urzhar.centre.phone


def test_a_district_under_its_old_demo_code_moves_to_its_real_code(ctx):
    from caseworker.reference_data import load_all
    urzhar = db.session.scalar(select(District).where(District.kato == "104600000"))
    urzhar.kato = "109901000"  # as a database loaded before the real codes has it
    db.session.flush()
    tally = load_all()
    assert urzhar.kato == "104600000" and tally.added == 0
    assert db.session.scalar(select(func.count(District.id))) == len(DISTRICTS)


def test_a_district_under_its_former_placeholder_moves_to_its_code_in_the_classifier(ctx):
    from caseworker.reference_data import load_all
    makanshy = db.session.scalar(select(District).where(District.kato == "104500000"))
    since = makanshy.valid_from
    makanshy.kato, makanshy.kato_source = "104800000", "unconfirmed"  # as loaded before the code
    db.session.flush()
    tally = load_all()
    assert makanshy.kato == "104500000" and makanshy.name_en == "Makanshy District"
    assert makanshy.kato_source == "public" and makanshy.valid_from == since and tally.added == 0
    assert db.session.scalar(select(func.count(District.id))) == len(DISTRICTS)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def test_the_shipped_files_hold_every_district_in_one_region_on_every_day():
    """Without the database: each district's earlier regions and its region today cover every
    day of its life once, each by a region that existed that day (what the loader refuses)."""
    chains = territories.memberships(DISTRICTS, rows("district_regions.csv"))
    lives = {r["kato"]: (_day(r["valid_from"]), _day(r["valid_to"]))
             for r in rows("district_dates.csv")}
    region_lives = {kato: (_day(r["valid_from"]), _day(r.get("valid_to", "")))
                    for kato, r in REGIONS.items()}
    assert set(lives) <= {d["kato"] for d in DISTRICTS}
    for kato, chain in chains.items():
        assert territory.problems(kato, lives.get(kato, (None, None)), chain,
                                  region_lives) == [], kato


def test_every_dated_territory_row_says_where_it_comes_from_and_how_sure_it_is():
    known = {d["kato"] for d in DISTRICTS} | set(REGIONS)
    for name in ("district_dates.csv", "territory_names.csv", "district_regions.csv"):
        for r in rows(name):
            assert (r.get("kato") or r["district_kato"]) in known, (name, r)
            assert r["source"] and r["confidence"] in {
                "verified", "unverified", "assumed", "derived"}, (name, r)
            if r["confidence"] == "assumed":  # the reasoning is in the source
                assert "assumed" in r["source"], (name, r)
    for r in rows("territory_names.csv"):  # an earlier name in every language
        assert r["name_en"] and r["name_kk"] and r["name_ru"] and r["valid_to"], r
