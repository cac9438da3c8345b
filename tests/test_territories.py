"""Territories by date in the database: the reference data (a split, a rename, codes by date),
its loader (idempotent, refuses a file that leaves a district in no region), the operations
that move a district or end a region, and GET /api/v1/regions?on=."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseworker import reference_data
from caseworker.extensions import db
from caseworker.models import District, DistrictRegion, Region
from caseworker.refusals import Refused
from caseworker.territories import operations, queries
from tests import factories as f
from tests.api_kit import items_by

EAST, ABAI, ALMATY_REGION, ZHETISU = "630000000", "100000000", "190000000", "330000000"
KARAGANDA, ULYTAU, ASTANA, TURKISTAN = "350000000", "620000000", "710000000", "610000000"
SHYMKENT, PAVLODAR, WEST, KOSTANAY = "790000000", "550000000", "270000000", "390000000"
SEMEY, AYAGOZ, TALDYKORGAN, KONAEV, SATPAYEV = (
    "101010000", "103600000", "331010000", "191010000", "622010000")
NEW = {ABAI, ZHETISU, ULYTAU}


def kato_of(on: date) -> dict[str, str]:
    """Region KATO today -> its name in English on `on`."""
    ids = {r.id: r.kato for r in db.session.scalars(select(Region))}
    return {ids[p.id]: p.name_en for p in queries.regions_on(on)}


def district(kato: str) -> District:
    return db.session.scalar(select(District).where(District.kato == kato))


def test_2020_has_17_regions_with_their_names_then(ctx):
    then = kato_of(date(2020, 8, 19))
    assert len(then) == 17 and not NEW & set(then)
    assert then[ASTANA] == "Nur-Sultan" and then[TURKISTAN] == "Turkistan Region"
    today = kato_of(date(2026, 11, 27))
    assert len(today) == 20 and NEW <= set(today) and today[ASTANA] == "Astana"
    assert kato_of(date(2022, 6, 7)).keys() == then.keys()
    assert len(kato_of(date(2022, 6, 8))) == 20 and kato_of(date(2022, 9, 16))[ASTANA] == "Nur-Sultan"
    assert kato_of(date(2017, 5, 1))[TURKISTAN] == "South Kazakhstan Region"
    assert len(kato_of(date(2017, 5, 1))) == 16  # Shymkent in South Kazakhstan until 2018-06-19


@pytest.mark.parametrize("district_kato,before,after", [
    (SEMEY, EAST, ABAI), (AYAGOZ, EAST, ABAI), (TALDYKORGAN, ALMATY_REGION, ZHETISU),
    (SATPAYEV, KARAGANDA, ULYTAU), ("103400000", EAST, ABAI)])
def test_a_districts_region_by_date(ctx, district_kato, before, after):
    regions = {r.id: r.kato for r in db.session.scalars(select(Region))}
    d = district(district_kato)
    assert regions[queries.region_of(d.id, date(2022, 6, 7))] == before
    assert regions[queries.region_of(d.id, date(2022, 6, 8))] == after
    assert regions[d.region_id] == after


def test_the_map_of_a_day_in_one_statement_holds_every_district_once(ctx, app):
    from tests.conftest import statements_of
    with statements_of(app) as statements:
        rows = db.session.execute(queries.region_map(date(2020, 1, 1))).all()
    assert len(statements) == 1
    assert len(rows) == len({d for d, _r in rows}) == db.session.scalar(
        select(func.count()).select_from(District))


def test_districts_of_2020_are_named_and_coded_as_then(ctx):
    east = f.region(EAST).id
    then = {d.name_en: d for d in queries.districts_on(date(2020, 8, 19), east)}
    assert "Semey City" in then and then["Semey City"].kato == "632810000"
    assert "Makanshy District" not in then  # formed on 2024-01-01 from Urzhar District
    reaching = {d.name_en: d for d in queries.districts_on(date(2020, 8, 19), east,
                                                            formed_only=False)}
    assert not reaching["Makanshy District"].exists  # its territory's cases count under East
    konaev = {d.name_en: d for d in queries.districts_on(date(2020, 8, 19),
                                                         f.region(ALMATY_REGION).id)}
    assert "Kapshagay City" in konaev and "Taldykorgan City" in konaev
    now = {d.name_en for d in queries.districts_on(date(2026, 1, 1), east)}
    assert "Semey City" not in now
    sauran = [d.name_en for d in queries.districts_on(date(2020, 8, 19), f.region(TURKISTAN).id)]
    assert "Sauran District" not in sauran  # formed on 2021-03-15
    reaching = queries.districts_on(date(2020, 8, 19), f.region(TURKISTAN).id, formed_only=False)
    assert any(d.name_en == "Sauran District" and not d.exists for d in reaching)


def _names(on: date, region_kato: str) -> set[str]:
    return {d.name_en for d in queries.districts_on(on, f.region(region_kato).id)}


@pytest.mark.parametrize("region_kato,name,formed", [
    (EAST, "Aksuat District", date(2022, 6, 7)),  # decree No. 886, in force 7 June 2022
    (EAST, "Samar District", date(2022, 6, 7)),
    (ALMATY_REGION, "Alatau City", date(2024, 1, 9)),
    (ALMATY_REGION, "Kegen District", date(2018, 4, 2)),  # decree No. 653 of 31 March 2018
    # the decree of 28 December 2023: four districts from 1 January 2024
    (ABAI, "Makanshy District", date(2024, 1, 1)),
    (ABAI, "Zhanasemey District", date(2024, 1, 1)),
    (EAST, "Markakol District", date(2024, 1, 1)),
    (EAST, "Ulken Naryn District", date(2024, 1, 1)),
    # assumed days (no forming act read): the first day a source shows them formed, or the
    # earliest day the act can be in force
    (SHYMKENT, "Turan District", date(2022, 7, 18)), (ASTANA, "Nura District", date(2022, 12, 1)),
    (ASTANA, "Sarayshyk District", date(2024, 6, 4))])
def test_a_district_is_listed_from_the_day_it_was_formed(ctx, region_kato, name, formed):
    assert name not in _names(formed - timedelta(days=1), region_kato)
    assert name in _names(formed, region_kato)


@pytest.mark.parametrize("region_kato,before,after,renamed", [
    (PAVLODAR, "Kachiry District", "Terenkol District", date(2018, 8, 6)),  # decree of 4 Aug
    (PAVLODAR, "Lebyazhye District", "Akkuly District", date(2018, 8, 6)),
    (WEST, "Zelenov District", "Baiterek District", date(2018, 10, 20)),  # assumed
    (EAST, "Zyryanovsk District", "Altai District", date(2018, 12, 27)),  # assumed
    (KOSTANAY, "Taran District", "Beimbet Mailin District", date(2019, 3, 26))])  # assumed
def test_a_renamed_district_has_its_old_name_until_the_day_before(ctx, region_kato, before,
                                                                   after, renamed):
    old = _names(renamed - timedelta(days=1), region_kato)
    assert before in old and after not in old
    new = _names(renamed, region_kato)
    assert after in new and before not in new


def test_a_renamed_district_has_its_old_name_in_kazakh_and_russian(ctx, app):
    with app.test_request_context(headers={"Accept-Language": "kk"}):
        old = {d.name_en: d for d in queries.districts_on(date(2018, 8, 5), f.region(PAVLODAR).id)}
        kachiry = old["Kachiry District"]
        assert (kachiry.name, kachiry.name_ru) == ("Качир ауданы", "Качирский район")
        new = {d.name_en: d for d in queries.districts_on(date(2018, 8, 6), f.region(PAVLODAR).id)}
        assert (new["Terenkol District"].name_ru, new["Akkuly District"].name_kk) == (
            "Теренкольский район", "Аққулы ауданы")


def test_astana_is_astana_again_from_the_day_the_decree_was_published(ctx):
    assert kato_of(date(2022, 9, 18))[ASTANA] == "Nur-Sultan"  # signed on the 17th
    assert kato_of(date(2022, 9, 19))[ASTANA] == "Astana"  # published in force on the 19th
    assert kato_of(date(2019, 3, 22))[ASTANA] == "Astana"
    assert kato_of(date(2019, 3, 23))[ASTANA] == "Nur-Sultan"


def test_aksuat_is_east_kazakhstans_for_its_first_day_then_abais(ctx):
    assert "Aksuat District" in _names(date(2022, 6, 7), EAST)
    assert "Aksuat District" not in _names(date(2022, 6, 8), EAST)
    assert "Aksuat District" in _names(date(2022, 6, 8), ABAI)


def test_an_import_reads_a_code_by_the_rows_date(ctx):
    assert queries.district_by_kato("632810000", date(2021, 3, 1)).kato == SEMEY
    assert queries.district_by_kato("632810000", date(2023, 3, 1)) is None
    assert queries.district_by_kato(KONAEV, date(2021, 3, 1)).kato == TALDYKORGAN
    assert queries.district_by_kato(KONAEV, date(2023, 3, 1)).kato == KONAEV
    assert queries.district_by_kato(SEMEY, date(2023, 3, 1)).kato == SEMEY


def test_loading_again_changes_nothing(ctx):
    tally = reference_data.Tally()
    reference_data.load_territories(tally)
    assert (tally.added, tally.changed) == (0, 0)


def test_an_undated_district_gets_its_history_from_the_files(ctx):
    """As a database migrated from before dated territories: one open row per district."""
    semey = district(SEMEY)
    db.session.execute(DistrictRegion.__table__.delete().where(
        DistrictRegion.district_id == semey.id))
    db.session.add(DistrictRegion(district_id=semey.id, region_id=semey.region_id))
    db.session.flush()
    reference_data.load_territories(reference_data.Tally())
    assert f.region(EAST).id == queries.region_of(semey.id, date(2020, 1, 1))


def test_a_file_that_leaves_a_district_in_no_region_is_refused_whole(ctx, monkeypatch):
    real = reference_data.rows

    def rows(name):
        found = real(name)
        if name == "district_regions.csv":  # January 2020 of Semey in no region
            semey = next(r for r in found if r["district_kato"] == SEMEY)
            found = [r for r in found if r is not semey] + [
                dict(semey, valid_to="2019-12-31"), dict(semey, valid_from="2020-02-01")]
        return found
    before = db.session.scalar(select(func.count()).select_from(DistrictRegion))
    monkeypatch.setattr(reference_data, "rows", rows)
    with pytest.raises(ValueError, match=f"district {SEMEY} is in no region from 2020-01-01 "
                                         "to 2020-01-31"):
        reference_data.load_all()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DistrictRegion)) == before


def test_moving_a_district_splits_its_history(ctx):
    ayagoz, karaganda = district(AYAGOZ), f.region(KARAGANDA)
    person = f.person(ayagoz)
    operations.move_district(ayagoz, karaganda, date(2026, 1, 1), today=date(2026, 11, 27))
    assert queries.region_of(ayagoz.id, date(2025, 12, 31)) == f.region(ABAI).id
    assert queries.region_of(ayagoz.id, date(2026, 1, 1)) == karaganda.id
    assert queries.region_of(ayagoz.id, date(2020, 1, 1)) == f.region(EAST).id
    db.session.refresh(person)
    assert ayagoz.region_id == karaganda.id == person.region_id
    with pytest.raises(Refused) as refused:
        operations.move_district(ayagoz, karaganda, date(2026, 2, 1), today=date(2026, 11, 27))
    assert refused.value.code == "territory_same_region"


def test_a_future_move_leaves_today_as_it_is(ctx):
    semey, east = district(SEMEY), f.region(EAST)
    operations.move_district(semey, east, date(2027, 1, 1), today=date(2026, 11, 27))
    assert semey.region_id == f.region(ABAI).id
    assert queries.region_of(semey.id, date(2027, 1, 1)) == east.id
    with pytest.raises(Refused) as refused:  # a later change is recorded
        operations.move_district(semey, f.region(KARAGANDA), date(2026, 12, 1),
                                 today=date(2026, 11, 27))
    assert refused.value.code == "territory_later_change"


def test_a_move_into_a_region_that_did_not_exist_is_refused(ctx, app):
    kyzylorda = f.districts_of("430000000")[0]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Refused) as refused:
            operations.move_district(kyzylorda, f.region(ULYTAU), date(2021, 1, 1),
                                     today=date(2026, 11, 27))
        assert refused.value.code == "territory_gap"
        assert "Ulytau Region, which does not exist from" in str(refused.value.message)
    assert queries.region_of(kyzylorda.id, date(2021, 1, 1)) == kyzylorda.region_id


def test_ending_a_region_that_still_holds_districts_is_refused(ctx, app):
    abai = f.region(ABAI)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Refused) as refused:
            operations.close_region(abai, date(2026, 12, 31))
    assert refused.value.code == "territory_gap" and "does not exist" in str(refused.value.message)
    assert abai.valid_to is None
    with pytest.raises(Refused) as refused:
        operations.close_region(abai, date(2020, 1, 1))
    assert refused.value.code == "territory_ends_before_start"


# --- the API -------------------------------------------------------------------------------

def test_the_regions_of_19_august_2020(client, analyst_headers):
    response = client.get("/api/v1/regions?on=2020-08-19", headers=analyst_headers)
    assert response.get_json()["on"] == "2020-08-19"
    regions = items_by(response, "kato")
    assert len(regions) == 17 and not NEW & set(regions)
    assert regions[ASTANA]["name_en"] == "Nur-Sultan" and regions[ASTANA]["kind"] == "city"
    east = {d["name_en"]: d for d in regions[EAST]["districts"]}
    assert east["Semey City"]["kato"] == "632810000" and "Ayagoz District" in east
    assert "Taldykorgan City" in {d["name_en"] for d in regions[ALMATY_REGION]["districts"]}


def test_the_regions_of_today(client, analyst_headers):
    regions = items_by(client.get("/api/v1/regions", headers=analyst_headers), "kato")
    assert len(regions) == 20 and regions[ASTANA]["name_ru"] == "г. Астана"
    assert SEMEY in {d["kato"] for d in regions[ABAI]["districts"]}
    assert sum(len(r["districts"]) for r in regions.values()) == 228


@pytest.mark.parametrize("on", ["2020-13-01", "yesterday", "1999-12-31", ""])
def test_a_day_that_is_not_one_is_refused_with_a_message(client, analyst_headers, on):
    response = client.get(f"/api/v1/regions?on={on}", headers=analyst_headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert list(error["fields"]) == ["on"] and error["message"]


def test_the_openapi_document_describes_the_regions(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/regions"]["get"]
    on = next(p for p in operation["parameters"] if p["name"] == "on")
    assert on["in"] == "query" and on["schema"]["format"] == "date"
    assert {"kato", "name_kk", "districts", "kind"} <= set(
        document["components"]["schemas"]["Region"]["properties"])


def test_the_commands_refuse_a_day_without_a_region_and_save_nothing(runner, app):
    refused = runner.invoke(args=["territories", "close", ABAI, "2026-12-31"])
    assert refused.exit_code != 0 and "does not exist" in refused.output
    refused = runner.invoke(args=["territories", "move", SEMEY, ULYTAU, "2021-01-01"])
    assert refused.exit_code != 0 and "later change" in refused.output
    with app.app_context():
        assert f.region(ABAI).valid_to is None
        assert queries.region_of(district(SEMEY).id, date(2021, 1, 1)) == f.region(EAST).id


def test_a_future_move_takes_effect_when_its_day_comes_once(ctx):
    from flask_babel import force_locale

    from caseworker.jobs import schedule
    from caseworker.territories import upkeep
    semey, east, abai = district(SEMEY), f.region(EAST), f.region(ABAI)
    person = f.person(semey)
    officer = f.user("cw.semey", "caseworker", semey)
    operations.move_district(semey, east, date(2027, 1, 1), today=date(2026, 11, 27))
    assert operations.apply_due_moves(date(2026, 12, 31)) == 0  # not yet
    assert semey.region_id == abai.id
    assert operations.apply_due_moves(date(2027, 1, 1)) == 1
    db.session.refresh(person)
    db.session.refresh(officer)
    assert semey.region_id == person.region_id == officer.region_id == east.id
    assert operations.apply_due_moves(date(2027, 1, 2)) == 0  # run again: nothing to do
    assert "territories.moves" in schedule.BY_NAME  # the schedule runs it every night
    with force_locale("en"):
        assert upkeep.due_moves().ok
