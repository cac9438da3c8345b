import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from caseworker import clock
from caseworker.extensions import db
from caseworker.measures import allocations as alloc
from caseworker.models import Allocation, Referral
from caseworker.payments import totals
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"
YEAR = clock.today().year


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        f.staff(ro="regional_officer", cw="caseworker")
        region_wide = alloc.set_allocation("public_works", kz[0].region_id, None, YEAR, 10, 1000)
        own = alloc.set_allocation("public_works", kz[0].region_id, kz[0].id, YEAR, 3, 300)
        for status, amount in (("approved", 100), ("completed", 50), ("cancelled", 70),
                               ("proposed", 10)):  # each a person's own: one open per person
            db.session.add(Referral(person_id=f.person(kz[0]).id, measure_code="public_works",
                                    allocation_id=own.id, status=status, amount_kzt=amount,
                                    proposed_on=date(YEAR, 1, 1), status_on=date(YEAR, 1, 1)))
        db.session.flush()
        totals.recount()  # (rows written around `refer`)
        db.session.commit()
        return {"district": kz[0].id, "other": kz[1].id, "own": own.id, "region": region_wide.id}


def test_finest_level_and_using_statuses(app, world):
    with app.app_context():
        from caseworker.models import District
        left = alloc.left_for_district(db.session.get(District, world["district"]), YEAR)
        assert left["public_works"].allocation.id == world["own"]
        assert (left["public_works"].used_places, left["public_works"].places) == (2, 1)
        # 300 - committed by the open ones (approved 100, proposed 10) - paid on closed (none)
        assert left["public_works"].funds == 190
        other = alloc.left_for_district(db.session.get(District, world["other"]), YEAR)
        assert other["public_works"].allocation.id == world["region"]
        assert other["public_works"].places == 10


def test_a_district_whose_own_places_are_taken_draws_on_the_regions(app, world):
    with app.app_context():
        from caseworker.models import District
        own = db.session.get(Allocation, world["own"])
        own.places = 2  # both used by the approved and the completed referral
        db.session.commit()
        left = alloc.left_for_district(db.session.get(District, world["district"]), YEAR)
        assert left["public_works"].allocation.id == world["region"]
        assert left["public_works"].places == 10


def test_officer_sets_an_allocation_and_bad_input_changes_nothing(app, client, world):
    login(client, "ro")
    page = client.get("/measures/allocations").get_data(as_text=True)
    token = csrf_from(page)
    ok = client.post("/measures/allocations", data={
        "csrf_token": token, "measure_code": "youth_practice", "district_id": "",
        "year": str(YEAR), "places": "40", "funds_kzt": "5000000"})
    assert ok.status_code == 302
    bad = client.post("/measures/allocations", data={
        "csrf_token": token, "measure_code": "youth_practice", "district_id": "",
        "year": str(YEAR), "places": "-4", "funds_kzt": ""})
    assert bad.status_code == 200 and "Number must be" in bad.get_data(as_text=True)
    assert "Enter the funds" in bad.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(Allocation).where(
            Allocation.measure_code == "youth_practice"))
        assert (row.places, row.funds_kzt) == (40, 5_000_000)


def test_caseworker_reads_but_cannot_set(client, world):
    login(client, "cw")
    page = client.get("/measures/allocations").get_data(as_text=True)
    assert "Set an allocation" not in page
    response = client.post("/measures/allocations", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 403


def _save(client, district, places, funds, version=None, measure="public_works"):
    page = client.get("/measures/allocations").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "measure_code": measure,
            "district_id": str(district or ""), "year": str(YEAR), "places": str(places),
            "funds_kzt": str(funds)}
    if version is not None:
        data["version"] = str(version)
        data["version_of"] = f"{measure}|{district or ''}|{YEAR}"
    return client.post("/measures/allocations", data=data)


def _value(page, name):
    return re.search(rf'<input[^>]* name="{name}"[^>]* value="([^"]*)"', page).group(1)


def _figures(app, allocation_id):
    with app.app_context():
        row = db.session.get(Allocation, allocation_id)
        return row.places, row.funds_kzt, row.version


def test_a_rows_link_fills_the_form_and_a_save_needs_its_version(app, client, world):
    login(client, "ro")
    table = client.get("/measures/allocations").get_data(as_text=True)
    link = f"/measures/allocations?year={YEAR}&amp;measure=public_works&amp;district={world['district']}"
    assert link in table
    page = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    version = _value(page, "version")
    assert (_value(page, "places"), _value(page, "funds_kzt")) == ("3", "300")
    # Typed into an empty form, the same allocation is not overwritten unseen.
    blank = _save(client, world["district"], 9, 900)
    assert "is set already: 3 places and 300 tenge" in blank.get_data(as_text=True)
    assert _figures(app, world["own"])[:2] == (3, 300)
    assert _save(client, world["district"], 9, 900, version).status_code == 302
    assert _figures(app, world["own"])[:2] == (9, 900)
    # A second tab still holding the old version is refused and shown what is saved now.
    stale = _save(client, world["district"], 4, 400, version).get_data(as_text=True)
    assert "Someone changed this allocation" in stale and "9 places and 900 tenge" in stale
    assert _value(stale, "places") == "4"  # what was typed stays
    assert _figures(app, world["own"])[:2] == (9, 900)


def test_an_allocation_keeps_what_referrals_use(app, client, world):
    login(client, "ro")
    version = _figures(app, world["own"])[2]
    fewer = _save(client, world["district"], 1, 300, version).get_data(as_text=True)
    assert "referrals already use: 2." in fewer
    less = _save(client, world["district"], 3, 100, version).get_data(as_text=True)
    assert "referrals already use: 110 tenge" in less
    assert _figures(app, world["own"]) == (3, 300, version)
    assert _save(client, world["district"], 2, 150, version).status_code == 302


def test_no_places_is_an_allocation(app, client, world):
    login(client, "ro")
    assert _save(client, None, 0, 0, measure="youth_practice").status_code == 302
    with app.app_context():
        row = db.session.scalar(select(Allocation).where(
            Allocation.measure_code == "youth_practice"))
        assert (row.places, row.funds_kzt) == (0, 0)


def test_a_rows_form_turned_to_another_place_sets_that_one(app, client, world):
    login(client, "ro")
    page = client.get(f"/measures/allocations?year={YEAR}&measure=public_works&district=")
    text = page.get_data(as_text=True)
    data = {"csrf_token": csrf_from(text), "measure_code": "public_works",
            "district_id": str(world["other"]), "year": str(YEAR), "places": "4",
            "funds_kzt": "400", "version": _value(text, "version"),
            "version_of": _value(text, "version_of")}
    assert client.post("/measures/allocations", data=data).status_code == 302
    with app.app_context():
        made = db.session.scalar(select(Allocation).where(
            Allocation.district_id == world["other"]))
        assert (made.places, made.funds_kzt) == (4, 400)
        assert db.session.get(Allocation, world["region"]).places == 10


def test_the_allocations_of_the_year_are_exported_with_their_money(app, client, world):
    login(client, "ro")
    text = client.get(f"/measures/allocations?year={YEAR}&format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Year", "Measure", "Where", "Places", "Used", "Left", "Allocated, tenge",
                       "Committed", "Paid", "Funds left"]
    # the district's own: 2 places used of 3; 300 allocated, 110 committed, nothing paid
    assert [str(YEAR), "3", "2", "1", "300", "110", "0", "190"] == [
        rows[2][0]] + rows[2][3:], rows
    assert rows[1][2] == "The whole region" and rows[1][3:] == ["10", "0", "10", "1000", "0",
                                                                "0", "1000"]
    page = client.get("/measures/allocations").get_data(as_text=True)
    assert "format=csv" in page and "format=xlsx" in page
    book = client.get(f"/measures/allocations?year={YEAR}&format=xlsx")
    assert book.status_code == 200 and book.data[:2] == b"PK"
