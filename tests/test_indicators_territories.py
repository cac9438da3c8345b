"""Reports follow the map of their report date: a report for 2020 (as of any day of 2020) lists
the 17 regions of 2020 with their names then and counts the cases of today's Abai districts
under East Kazakhstan; the same cases reported for 2023 are under Abai. A plan belongs to the
region it was set for. Through the tables, the summary's check and the pages."""
from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.indicators import operations, tables
from caseworker.indicators.queries import Period
from caseworker.indicators.upload import Entry
from caseworker.models import District, User
from tests import factories as f
from tests.conftest import login

EAST, ABAI, ASTANA = "630000000", "100000000", "710000000"
SEMEY, AYAGOZ, OSKEMEN = "101010000", "103600000", "631010000"
NEW_REGIONS = ("Abai Region", "Zhetisu Region", "Ulytau Region")


def _district(kato: str) -> District:
    return db.session.scalar(select(District).where(District.kato == kato))


def _started(person, year: int):
    f.referral(person, "public_works", [("proposed", date(year, 3, 2)),
                                        ("referred", date(year, 3, 3)),
                                        ("started", date(year, 3, 10))])


@pytest.fixture
def world(app):
    """Semey and Ayagoz (Abai today, East Kazakhstan before 8 June 2022): one public works
    start each in 2020 and in 2023; Oskemen (East Kazakhstan throughout): one in each year.
    Plans: East Kazakhstan's of 2020 and 2023, Abai's of 2023."""
    with app.app_context():
        semey, ayagoz, oskemen = _district(SEMEY), _district(AYAGOZ), _district(OSKEMEN)
        for year in (2020, 2023):
            for n, place in enumerate((semey, ayagoz, oskemen)):
                _started(f.person(place, last=f"Шығысов{year}{n}"), year)
        admin = f.user("ad", "admin")
        east, abai = f.region(EAST).id, f.region(ABAI).id
        operations.save_plans([Entry("public_works", east, None, 2020, 6),
                               Entry("public_works", east, None, 2023, 2),
                               Entry("public_works", abai, None, 2023, 4)], admin)
        f.user("ro", "regional_officer", region_kato="430000000")
        f.user("an", "analyst")
        db.session.commit()
        return {"east": east, "abai": abai, "semey": semey.id}


def _rows(year: int, as_of: date) -> dict:
    user = db.session.scalar(select(User).where(User.login == "ro"))
    table = tables.national(Period(year, as_of), user, "Kazakhstan")
    return {r.name: r for r in table.rows}


@pytest.mark.parametrize("as_of", [date(2020, 3, 10), date(2020, 8, 19), date(2020, 12, 31)])
def test_a_2020_report_has_the_regions_and_names_of_2020(app, world, as_of):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        rows = _rows(2020, as_of)
        assert len(rows) == 17 and "Nur-Sultan" in rows and "Astana" not in rows
        assert not set(NEW_REGIONS) & set(rows)
        east = rows["East Kazakhstan Region"].figures["public_works"]
        assert (east.fact, east.plan) == (3, 6)  # Semey and Ayagoz count under it


def test_the_same_cases_reported_for_2023_are_under_abai(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        rows = _rows(2023, date(2023, 8, 19))
        assert len(rows) == 20 and "Astana" in rows and set(NEW_REGIONS) <= set(rows)
        abai = rows["Abai Region"].figures["public_works"]
        east = rows["East Kazakhstan Region"].figures["public_works"]
        assert (abai.fact, abai.plan, east.fact, east.plan) == (2, 4, 1, 2)


def test_a_report_in_2022_changes_its_map_on_the_day_of_the_split(app, world):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert len(_rows(2022, date(2022, 6, 7))) == 17
        rows = _rows(2022, date(2022, 6, 8))
        assert len(rows) == 20 and "г. Нур-Султан" in rows and "область Абай" in rows
        # Astana again from the day the decree was published (19 September 2022), not the day
        # it was signed
        assert "г. Нур-Султан" in _rows(2022, date(2022, 9, 18))
        assert "г. Астана" in _rows(2022, date(2022, 9, 19))


def test_the_summary_agrees_with_the_events_on_either_side_of_the_split(app, world):
    with app.app_context():
        for as_of in (date(2020, 12, 31), date(2023, 12, 31)):
            assert operations.summary_differences(Period(as_of.year, as_of)) == []


def test_a_regions_districts_are_those_it_held_on_the_report_date(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = db.session.scalar(select(User).where(User.login == "ro"))  # not suppressed
        region = tables.territories.region_on(world["east"], date(2020, 8, 19))
        table = tables.regional(Period(2020, date(2020, 8, 19)), user, region)
        names = {r.name for r in table.rows}
        assert {"Semey City", "Ayagoz District", "Oskemen City"} <= names
        assert table.total.figures["public_works"].fact == 3
        region = tables.territories.region_on(world["east"], date(2023, 8, 19))
        later = tables.regional(Period(2023, date(2023, 8, 19)), user, region)
        assert "Semey City" not in {r.name for r in later.rows}


def test_the_pages_of_2020_and_2023(client, world):
    login(client, "ro")
    page = client.get("/indicators/?year=2020&as_of=2020-08-19").get_data(as_text=True)
    assert "Nur-Sultan" in page and "East Kazakhstan Region" in page
    assert not any(name in page for name in NEW_REGIONS)
    later = client.get("/indicators/?year=2023&as_of=2023-08-19").get_data(as_text=True)
    assert all(name in later for name in NEW_REGIONS) and "Nur-Sultan" not in later
    login(client, "an")
    east = client.get(f"/indicators/regions/{world['east']}?year=2020&as_of=2020-08-19")
    assert east.status_code == 200 and "Semey City" in east.get_data(as_text=True)
    assert client.get(f"/indicators/regions/{world['abai']}?year=2020&as_of=2020-08-19"
                      ).status_code == 404  # Abai Region did not exist then
    abai = client.get(f"/indicators/regions/{world['abai']}?year=2023&as_of=2023-08-19")
    assert "Semey City" in abai.get_data(as_text=True)
    csv_2020 = client.get(f"/indicators/export.csv?region={world['east']}&year=2020"
                          "&as_of=2020-08-19").get_data(as_text=True)
    assert "632810000,Semey City" in csv_2020  # Semey's code of 2020


def test_a_districts_page_leads_up_to_the_region_that_held_it_then(client, world, app):
    with app.app_context():
        f.user("ro.abai", "regional_officer", region_kato=ABAI)
        db.session.commit()
    login(client, "ro.abai")
    page = client.get(f"/indicators/districts/{world['semey']}?year=2020&as_of=2020-08-19")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Semey City" in text  # Abai's officer sees Semey's persons, of 2020 too
    assert f"/indicators/regions/{world['abai']}?" not in text  # no Abai in 2020 to go up to
    later = client.get(f"/indicators/districts/{world['semey']}?year=2023&as_of=2023-08-19")
    assert f"/indicators/regions/{world['abai']}?" in later.get_data(as_text=True)
    login(client, "an")
    text = client.get(f"/indicators/districts/{world['semey']}?year=2023&as_of=2023-08-19")
    assert text.status_code == 404  # the analyst sees no persons: no district page


def test_a_rebuilt_summary_reports_the_same(app, world):
    from caseworker.indicators import summary
    with app.app_context():
        period = Period(2020, date(2020, 12, 31))
        before = summary.facts(period)
        summary.rebuild(db.session.connection())
        assert summary.facts(period) == before
        assert operations.summary_differences(period) == []
        db.session.rollback()


def test_a_plan_file_names_a_district_under_the_region_that_held_it_that_year(app, world):
    from caseworker.indicators import pages, upload
    with app.test_request_context(headers={"Accept-Language": "en"}):
        rows = [(1, {"indicator": "coverage", "region": EAST, "district": SEMEY, "year": "2020",
                     "target": "5"}),
                (2, {"indicator": "coverage", "region": ABAI, "district": SEMEY, "year": "2023",
                     "target": "5"}),
                (3, {"indicator": "coverage", "region": EAST, "district": SEMEY, "year": "2023",
                     "target": "5"}),
                (4, {"indicator": "coverage", "region": EAST, "district": SEMEY, "year": "2022",
                     "target": "5"})]  # 2022: East Kazakhstan's until 7 June
        entries, problems = upload.check_records(rows, *pages.kato_codes())
        assert [p.row for p in problems] == [3]
        assert {(e.region_id, e.year) for e in entries} == {
            (world["east"], 2020), (world["abai"], 2023), (world["east"], 2022)}


def test_persons_of_a_district_that_changed_region_are_counted_and_said_not_listed(client,
                                                                                   world, app):
    """A decision: the persons behind a past figure are listed to whoever holds them now.
    East Kazakhstan's officer opens the 2020 figure of 3: Oskemen's person is listed, and
    the page says that 2 more (Semey's and Ayagoz's, Abai's today) are counted there."""
    with app.app_context():
        f.user("ro.east", "regional_officer", region_kato=EAST)
        db.session.commit()
    login(client, "ro.east")
    page = client.get(f"/indicators/public_works/referrals?region={world['east']}"
                      "&year=2020&as_of=2020-08-19")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Шығысов20202" in text and "Шығысов20200" not in text
    assert "2 more referrals are counted in this figure but not listed" in text
    # the 2023 figure holds no one who moved: no such note
    later = client.get(f"/indicators/public_works/referrals?region={world['east']}"
                       "&year=2023&as_of=2023-08-19").get_data(as_text=True)
    assert "more referral" not in later and "Шығысов20232" in later


@pytest.mark.parametrize("as_of,shown,not_shown", [
    (date(2022, 5, 3), "Kapshagay City", "Konaev City"),  # renamed by the decree of 3 May 2022
    (date(2022, 5, 4), "Konaev City", "Kapshagay City")])
def test_a_regional_report_names_a_district_as_it_was_called_on_the_report_date(
        app, world, as_of, shown, not_shown):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = db.session.scalar(select(User).where(User.login == "ro"))
        almaty = f.region("190000000").id
        table = tables.regional(Period(2022, as_of), user,
                                tables.territories.region_on(almaty, as_of))
        names = {r.name for r in table.rows}
        assert shown in names and not_shown not in names
