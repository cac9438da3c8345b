import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import AuditEvent, Measure, MeasureVersion
from tests import factories as f
from tests.conftest import csrf_from, login

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
    assert "Is not older than 35" in section and "Has no work experience" in section


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


def test_admin_edit_of_a_rule_changes_the_verdict(app, client, world):
    login(client, "ad")
    url = "/measures/youth_practice/edit"
    form = text(client.get(url))
    data = {"csrf_token": csrf_from(form), "name_kk": "Жастар практикасы",
            "name_ru": "Молодежная практика", "name_en": "Youth practice (internship)",
            "active": "y", "benefit_amount": "30", "benefit_unit": "MCI",
            "benefit_period": "monthly", "max_months": "12", "min_age": "18", "max_age": "23",
            "max_years_since_graduation": "3", "requires_no_experience": "y"}
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, "youth_practice")
        assert measure.rules["max_age"] == 23 and measure.rules_version == 2
        # both versions are kept: the rules as loaded (version 1) and as saved (version 2)
        loaded, saved = db.session.scalars(select(MeasureVersion).where(
            MeasureVersion.measure_code == "youth_practice").order_by(MeasureVersion.id)).all()
        assert loaded.rules_version == 1 and loaded.data["rules"]["max_age"] == 35
        assert saved.rules_version == 2 and saved.data["rules"]["max_age"] == 23
        assert "rules" in saved.changed and "benefit_amount" not in saved.changed
        assert saved.saved_by_id is not None
    history = text(client.get(url))
    assert "Youth practice (internship)" in history and "as loaded" in history
    assert client.post(url, data=dict(data, csrf_token=csrf_from(history))).status_code == 409
    assert client.post(url, data=dict(data, csrf_token=csrf_from(history),
                                      seen=_seen(history))).status_code == 302
    with app.app_context():  # a save that changes nothing adds no version
        assert db.session.scalar(select(func.count(MeasureVersion.id))) == 2
    login(client, "cw")
    assert "Жақсылықова" not in text(client.get("/measures/youth_practice/candidates"))
    bad = dict(data, max_age="10", csrf_token=None)
    login(client, "ad")
    bad["csrf_token"] = csrf_from(text(client.get(url)))
    response = client.post(url, data=bad)
    assert response.status_code == 200 and "Number must be between" in text(response)
    with app.app_context():
        assert db.session.get(Measure, "youth_practice").rules["max_age"] == 23
    _restore_catalogue(app)


def _restore_catalogue(app) -> None:
    """The catalogue as loaded, rules versions too, for the other tests."""
    from caseworker.reference_data import load_all
    with app.app_context():
        load_all()
        for measure in db.session.scalars(select(Measure)):
            measure.rules_version = 1
        db.session.commit()


def _seen(page: str) -> str:
    return re.search(r'name="seen" type="hidden" value="([^"]*)"', page).group(1)


def test_a_save_over_a_later_version_is_refused(app, client, world):
    login(client, "ad")
    url = "/measures/public_works/edit"
    mine, theirs = text(client.get(url)), text(client.get(url))
    data = {"name_kk": "Қоғамдық жұмыстар", "name_ru": "Общественные работы",
            "name_en": "Public works", "active": "y", "benefit_amount": "30",
            "benefit_unit": "MCI", "benefit_period": "monthly", "max_months": "6"}
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
        assert db.session.get(Measure, "public_works").name_en == "Public works (mine)"
    _restore_catalogue(app)


def test_only_admins_edit_the_catalogue(client, world):
    login(client, "cw")
    assert client.get("/measures/youth_practice/edit").status_code == 403
    login(client, "ad")
    assert client.get("/measures/no_such/edit").status_code == 404


def test_the_benefit_is_typed_as_people_here_type_it(app, client, world):
    login(client, "ad")
    url = "/measures/youth_practice/edit"
    form = text(client.get(url))
    assert '<option selected value="monthly">a month</option>' in form
    data = {"csrf_token": csrf_from(form), "name_kk": "Жастар практикасы",
            "name_ru": "Молодежная практика", "name_en": "Youth practice",
            "active": "y", "benefit_amount": "1 030,5", "benefit_unit": "MCI",
            "benefit_period": "made_up", "max_months": "12"}
    refused = client.post(url, data=data)
    assert refused.status_code == 200 and "Not a valid choice" in text(refused)
    assert client.post(url, data=dict(data, benefit_period="one_off")).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, "youth_practice")
        assert (str(measure.benefit_amount), measure.benefit_period) == ("1030.50", "one_off")
    _restore_catalogue(app)


def test_a_free_course_cannot_be_given_a_payment_and_versions_read_as_words(app, client, world):
    login(client, "ad")
    url = "/measures/short_training/edit"
    form = text(client.get(url))
    data = {"csrf_token": csrf_from(form), "seen": _seen(form), "name_kk": "Қысқа оқыту",
            "name_ru": "Краткосрочное обучение", "name_en": "Short training", "active": "y",
            "benefit_amount": "5", "benefit_unit": "MCI", "benefit_period": "course",
            "min_age": "16", "below_pension_age": "y"}
    refused = client.post(url, data=data)
    assert refused.status_code == 200 and "A free course pays the person nothing" in text(refused)
    saved = client.post(url, data=dict(data, benefit_amount="", benefit_unit="none"))
    assert saved.status_code == 302
    versions = text(client.get(url))
    assert "Saved by" in versions and "Minimum age: 16" in versions
    assert "Only below the pension age" in versions and '{"' not in versions
    _restore_catalogue(app)
