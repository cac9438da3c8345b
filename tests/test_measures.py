import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import AuditEvent, Measure
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.test_measure_versions import catalogue_as_loaded, version_form

KYZYLORDA, SHYMKENT = "430000000", "790000000"


def young_graduate(district, **kw):
    born = date(clock.today().year - 24, 1, 15)
    return f.person(district, last=kw.pop("last", "Жақсылықова"), first="Мөлдір", sex="F",
                    born=born, graduation_year=clock.today().year - 1, experience_months=0,
                    education_level="higher", **kw)


@pytest.fixture
def world(app):
    with app.app_context():
        kz, sh = f.districts_of(KYZYLORDA), f.districts_of(SHYMKENT)
        ids = {"grad": young_graduate(kz[0], phone="+7 701 000 00 01").id,
               "other": young_graduate(sh[0], last="Иванова").id,
               "old": f.person(kz[0], last="Оспанов", born=date(1960, 1, 1)).id}
        f.user("cw", "caseworker", kz[0])
        f.user("cw.sh", "caseworker", sh[0])
        f.user("an", "analyst")
        f.user("ad", "admin")
        db.session.commit()
        return ids


def text(response):
    return response.get_data(as_text=True)


def test_profile_shows_youth_practice_eligible_with_reasons(client, world):
    login(client, "cw")
    page = text(client.get(f"/people/{world['grad']}"))
    start = page.index("Youth practice")
    section = page[page.rindex("<details", 0, start):page.index("</details>", start)]
    assert "Eligible" in section
    assert "Is not older than 35" in section and "Has no experience in the specialty" in section


def test_proactive_list_is_scoped_and_ranked(client, world):
    login(client, "cw")
    page = text(client.get("/measures/youth_practice/candidates"))
    assert "Жақсылықова" in page and "Иванова" not in page and "Оспанов" not in page
    login(client, "cw.sh")
    page = text(client.get("/measures/youth_practice/candidates"))
    assert "Иванова" in page and "Жақсылықова" not in page


def test_analyst_gets_no_proactive_list(client, world):
    login(client, "an")
    assert client.get("/measures/youth_practice/candidates").status_code == 403
    assert client.get("/measures/").status_code == 200


def test_csv_export_neutralises_formulas_and_is_audited(app, client, world):
    login(client, "cw")
    response = client.get("/measures/youth_practice/candidates?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(text(response).lstrip("\ufeff"))))
    assert rows[0][:2] == ["No.", "Last name"] and len(rows) == 2
    assert rows[1][5] == "'+7 701 000 00 01"
    assert rows[1][4].endswith("******")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.export"))


def test_xlsx_export(client, world):
    login(client, "cw")
    response = client.get("/measures/youth_practice/candidates?format=xlsx")
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 2 and sheet.cell(2, 2).value == "Жақсылықова"


def test_a_version_from_today_changes_today_s_proactive_list(app, client, world):
    login(client, "cw")
    assert "Жақсылықова" in text(client.get("/measures/youth_practice/candidates"))
    login(client, "ad")
    data = version_form(client, "youth_practice", valid_from=clock.today().isoformat(),
                        max_age="23")
    assert client.post("/measures/youth_practice/versions", data=data).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, "youth_practice")
        assert measure.rules["max_age"] == 23 and measure.rules_version == 3
    login(client, "cw")
    assert "Жақсылықова" not in text(client.get("/measures/youth_practice/candidates"))
    catalogue_as_loaded(app)


def _seen(page: str) -> str:
    return re.search(r'name="seen" type="hidden" value="([^"]*)"', page).group(1)


def test_a_save_over_someone_else_s_is_refused(app, client, world):
    login(client, "ad")
    url = "/measures/public_works/edit"
    mine, theirs = text(client.get(url)), text(client.get(url))
    data = {"name_kk": "Қоғамдық жұмыстар", "name_ru": "Общественные работы",
            "name_en": "Public works", "active": "y"}
    assert client.post(url, data=dict(data, name_en="Public works (theirs)", seen=_seen(theirs),
                                      csrf_token=csrf_from(theirs))).status_code == 302
    late = client.post(url, data=dict(data, name_en="Public works (mine)", seen=_seen(mine),
                                      csrf_token=csrf_from(mine)))
    assert late.status_code == 409 and "Someone saved this measure" in text(late)
    assert 'value="Public works (mine)"' in text(late)
    with app.app_context():
        assert db.session.get(Measure, "public_works").name_en == "Public works (theirs)"
    assert client.post(url, data=dict(data, name_en="Public works (mine)", seen=_seen(text(late)),
                                      csrf_token=csrf_from(text(late)))).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, "public_works")
        assert measure.name_en == "Public works (mine)"
        assert (measure.notes_kk, measure.notes_ru, measure.notes_en) == (None, None, None)
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "measure.update")) == 2
    again = text(client.get(url))  # the same again changes nothing
    saved = client.post(url, data=dict(data, name_en="Public works (mine)", seen=_seen(again),
                                       csrf_token=csrf_from(again)), follow_redirects=True)
    assert "Nothing was changed" in text(saved)
    catalogue_as_loaded(app)


def test_only_admins_edit_the_catalogue(client, world):
    login(client, "cw")
    assert client.get("/measures/youth_practice/edit").status_code == 403
    login(client, "ad")
    assert client.get("/measures/no_such/edit").status_code == 404


def test_the_benefit_is_typed_as_people_here_type_it(app, client, world):
    login(client, "ad")
    data = version_form(client, "youth_practice", valid_from="2027-01-01",
                        benefit_amount="1 030,5", benefit_period="made_up")
    refused = client.post("/measures/youth_practice/versions", data=data)
    assert refused.status_code == 422 and "Not a valid choice" in text(refused)
    saved = client.post("/measures/youth_practice/versions",
                        data=dict(data, benefit_period="one_off"))
    assert saved.status_code == 302
    with app.app_context():
        version = db.session.get(Measure, "youth_practice").versions[-1]
        assert (str(version.benefit_amount), version.benefit_period) == ("1030.50", "one_off")
    catalogue_as_loaded(app)


def test_a_free_course_cannot_be_given_a_payment(app, client, world):
    login(client, "ad")
    data = version_form(client, "short_training", valid_from="2027-01-01", benefit_amount="5",
                        benefit_unit="MCI")
    refused = client.post("/measures/short_training/versions", data=data)
    assert refused.status_code == 422 and "A free course pays the person nothing" in text(refused)
    saved = client.post("/measures/short_training/versions",
                        data=dict(data, benefit_amount="", benefit_unit="none"),
                        follow_redirects=True)
    page = text(saved)
    assert "Version 2 is added: in force from 01.01.2027" in page
    assert "Age 16 or over" in page and "Below the pension age" in page
    assert "the course is free" in page and '{"' not in page
    catalogue_as_loaded(app)
