"""The payments export for the accountants: each payment with the region, district and KATO
code of the centre that paid as they stood on the day it was paid (a district renamed or moved
to another region since keeps its old name and region on its old payments), how it was
entered and on which day."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from caseworker.extensions import db
from caseworker.models import (
    District, DistrictRegion, Region, TerritoryCode, TerritoryName, User)
from caseworker.payments import operations
from caseworker.territories.operations import move_district
from tests import factories as f
from tests.conftest import login
from tests.money_world import KYZYLORDA, SHYMKENT, TODAY, referral, staff, today  # noqa: F401

MOVED_ON = date(2026, 6, 1)


@pytest.fixture
def map_put_back(app):
    """The district map as loaded, again after the test (it is reference data, kept between
    tests): the district's memberships and current region; names and codes the test added."""
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[1]
        kept = [(r.region_id, r.valid_from, r.valid_to, r.source) for r in db.session.scalars(
            select(DistrictRegion).where(DistrictRegion.district_id == district.id))]
        region_id = district.region_id
        last = {m: db.session.scalar(select(func.max(m.id))) or 0
                for m in (TerritoryName, TerritoryCode)}
    yield
    with app.app_context():
        for model, before in last.items():
            db.session.execute(delete(model).where(model.id > before))
        db.session.execute(delete(DistrictRegion).where(
            DistrictRegion.district_id == district.id))
        db.session.add_all(DistrictRegion(district_id=district.id, region_id=r, valid_from=a,
                                          valid_to=b, source=s) for r, a, b, s in kept)
        db.session.get(District, district.id).region_id = region_id
        db.session.commit()


def test_each_payment_has_its_district_and_region_of_the_day_paid(app, client, today,  # noqa: F811
                                                                    map_put_back):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[1]
        old_region, new_region = district.region, f.region(SHYMKENT)
        old_name, kato = district.name_ru, district.kato
        users = staff(district)
        grant = referral(f.person(district, last="Сейітқали"), "state_grant", "started",
                         amount=3_000_000, letter="43-2026-000777")
        operations.record_payment(grant, users["finance"], amount=1_000_000,
                                  paid_on=date(2026, 3, 2), document_number="П-1", today=TODAY)
        db.session.add_all([
            TerritoryName(district_id=district.id, name_kk="Ескі аудан", name_ru="Старый район",
                          name_en="Old district", valid_to=date(2026, 5, 31)),
            TerritoryCode(district_id=district.id, kato="439999999",
                          valid_to=date(2026, 5, 31))])
        move_district(district, new_region, MOVED_ON, TODAY)
        db.session.flush()
        operations.record_payment(grant, users["finance"], amount=500_000,
                                  paid_on=date(2026, 7, 1), document_number="П-2", today=TODAY)
        db.session.commit()
        names = (old_region.name_ru, db.session.get(Region, new_region.id).name_ru, old_name)
        finance = db.session.scalar(select(User.login).where(User.id == users["finance"].id))
        assert db.session.get(District, district.id).kato == kato
    login(client, finance)
    text = client.get("/payments/?format=csv", headers={"Accept-Language": "ru"}).get_data(
        as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))  # (ru: ;)
    header, by_document = rows[0], {row[9]: row for row in rows[1:]}
    assert header[:4] == ["Дата выплаты", "Регион", "Район", "Код КАТО района"], header
    early, late = by_document["П-1"], by_document["П-2"]
    assert early[1:4] == [names[0], "Старый район", "439999999"]
    assert late[1:4] == [names[1], names[2], kato]
    assert (early[10], late[10]) == ("1000000", "500000")
    assert early[13] == "На странице" and early[14] == TODAY.isoformat()
