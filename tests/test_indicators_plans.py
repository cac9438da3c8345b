"""Plans: a regional officer sets the region's plans; an admin loads a file, all or nothing."""
import io

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import AuditEvent, IndicatorPlan
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA, SHYMKENT = "430000000", "790000000"


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        f.staff(ro="regional_officer", cw="caseworker", an="analyst", ad="admin")
        ids = {"district": kz[0].id, "district_kato": kz[0].kato,
               "sh_district_kato": f.districts_of(SHYMKENT)[0].kato}
        db.session.commit()
        return ids


def text(response):
    return response.get_data(as_text=True)


def plans(app):
    with app.app_context():
        return {(p.indicator_code, p.district_id, p.year): p.target
                for p in db.session.scalars(select(IndicatorPlan))}


def test_officer_sets_plans_and_bad_input_saves_nothing(app, client, world):
    login(client, "ro")
    token = csrf_from(text(client.get("/indicators/plans?year=2026")))
    base = {"csrf_token": token, "indicator_code": "coverage", "district_id": "",
            "year": "2026", "target": "1200"}
    assert client.post("/indicators/plans", data=base).status_code == 302
    assert client.post("/indicators/plans", data=dict(
        base, district_id=str(world["district"]), target="300")).status_code == 302
    assert client.post("/indicators/plans", data=dict(base, target="1250")).status_code == 302
    for bad, message in (({"target": "-5"}, "Number must be"), ({"target": ""}, "Enter the target"),
                         ({"indicator_code": "nonsense"}, "Not a valid choice"),
                         ({"district_id": "999999"}, "Not a valid choice"),
                         ({"year": "1999"}, "The year must be a whole number from 2015"),
                         ({"year": "2090"}, "The year must be a whole number from 2015")):
        response = client.post("/indicators/plans", data=dict(base, **bad))
        assert response.status_code == 200 and message in text(response), bad
    assert plans(app) == {("coverage", None, 2026): 1250, ("coverage", world["district"], 2026): 300}
    page = text(client.get("/indicators/plans?year=2026"))
    assert "Coverage by employment measures" in page and "1,250" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "plan.set")) == 3


@pytest.mark.parametrize("who", ["cw", "an", "ad"])
def test_only_regional_officers_set_plans(client, world, who):
    login(client, who)
    assert client.get("/indicators/plans").status_code == 403


def upload(client, name, content):
    page = text(client.get("/indicators/plans/upload"))
    return client.post("/indicators/plans/upload", data={
        "csrf_token": csrf_from(page), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data")


def test_admin_loads_a_csv(app, client, world):
    login(client, "ad")
    csv_text = ("indicator;region;district;year;target\n"
                f"coverage;{KYZYLORDA};;2026;1 200\n"
                f"public_works;{KYZYLORDA};{world['district_kato']};2026;40\n"
                f"funds_used;{SHYMKENT};;2026;5000000\n")
    response = upload(client, "plans.csv", ("\ufeff" + csv_text).encode())
    assert response.status_code == 302
    assert "3 plans are loaded" in text(client.get(response.headers["Location"]))
    assert plans(app)[("coverage", None, 2026)] == 1200
    assert plans(app)[("public_works", world["district"], 2026)] == 40
    # loading again updates, never duplicates
    upload(client, "plans.csv", csv_text.replace("1 200", "1300").encode())
    assert len(plans(app)) == 3 and plans(app)[("coverage", None, 2026)] == 1300


def test_a_file_with_bad_rows_saves_nothing_and_lists_every_one(app, client, world):
    login(client, "ad")
    csv_text = ("indicator,region,district,year,target\n"
                f"coverage,{KYZYLORDA},,2026,1200\n"           # row 2: fine
                f"no_such,{KYZYLORDA},,2026,10\n"               # row 3
                f"coverage,999999999,,2026,10\n"                 # row 4
                f"coverage,{KYZYLORDA},{world['sh_district_kato']},2026,10\n"  # row 5
                f"coverage,{KYZYLORDA},,2026,-4\n"               # row 6
                f"coverage,{KYZYLORDA},,twenty,10\n"             # row 7
                f"coverage,{KYZYLORDA},,2026,1300\n")            # row 8: repeats row 2
    response = upload(client, "plans.csv", csv_text.encode())
    page = text(response)
    assert response.status_code == 200 and "Nothing was saved" in page
    for row, reason in ((3, "Unknown indicator “no_such”"), (4, "Unknown region KATO code"),
                        (5, f"District “{world['sh_district_kato']}” is not in region"), (6, "The target must be a whole number"),
                        (7, "The year must be a whole number"),
                        (8, "The same indicator, place and year is on row 2")):
        assert f"<td>{row}</td><td>{reason}" in page, (row, reason)
    assert "<td>2</td>" not in page
    assert plans(app) == {}


def test_admin_loads_an_xlsx_and_a_broken_file_is_refused(app, client, world):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Region", "District", "Year", "Target"])
    sheet.append(["youth_practice", KYZYLORDA, None, 2026, 75])
    sheet.append(["youth_practice", int(SHYMKENT), None, 2026.0, 60.0])
    out = io.BytesIO()
    book.save(out)
    login(client, "ad")
    assert upload(client, "plans.xlsx", out.getvalue()).status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(select(IndicatorPlan.target))) == [60, 75]
    broken = upload(client, "plans.xlsx", b"not a workbook")
    assert broken.status_code == 200 and "could not be read as an XLSX" in text(broken)
    wrong = upload(client, "plans.txt", b"indicator")
    assert "Only CSV or XLSX" in text(wrong)
    header = upload(client, "plans.csv", b"indicator,region\ncoverage,1\n")
    assert "lacks the columns: district, year, target" in text(header)


@pytest.mark.parametrize("who", ["an", "cw"])
def test_only_admins_and_regional_officers_load_files(client, world, who):
    login(client, who)
    assert client.get("/indicators/plans/upload").status_code == 403


def test_a_regional_officer_loads_the_own_regions_plans_only(app, client, world):
    login(client, "ro")
    assert "/indicators/plans/upload" in text(client.get("/indicators/plans"))
    own = f"indicator,region,district,year,target\ncoverage,{KYZYLORDA},,2026,700\n"
    refused = upload(client, "plans.csv", (own + f"coverage,{SHYMKENT},,2026,10\n").encode())
    assert refused.status_code == 200 and "Nothing was saved" in text(refused)
    assert plans(app) == {}
    assert upload(client, "plans.csv", own.encode()).status_code == 302
    assert plans(app) == {("coverage", None, 2026): 700}


def test_a_plan_inserted_by_someone_else_since_it_was_read_is_updated(ctx, monkeypatch):
    """Two saves of the same new plan at the same instant: the unique key refuses the second
    insert, which reads the plan again and updates it instead."""
    from caseworker.indicators import operations as plan_ops
    from caseworker.indicators.upload import Entry
    from caseworker.models import IndicatorPlan
    region = f.region(KYZYLORDA)
    entry = Entry("coverage", region.id, None, 2026, 500)
    plan_ops.save_plans([entry], None)
    real = plan_ops._existing
    calls = []

    def stale(entries):  # the first read happened before the other save committed
        calls.append(1)
        return {} if len(calls) == 1 else real(entries)
    monkeypatch.setattr(plan_ops, "_existing", stale)
    plan_ops.save_plans([Entry("coverage", region.id, None, 2026, 700)], None)
    plans = db.session.scalars(select(IndicatorPlan).where(
        IndicatorPlan.region_id == region.id, IndicatorPlan.year == 2026)).all()
    assert [(p.district_id, p.target) for p in plans] == [(None, 700)] and len(calls) == 2


def test_the_plans_page_says_where_districts_add_up_to_more_than_the_region(app, client, world):
    login(client, "ro")
    upload(client, "plans.csv", (
        "indicator,region,district,year,target\n"
        f"public_works,{KYZYLORDA},,{clock.today().year},1\n"
        f"public_works,{KYZYLORDA},{world['district_kato']},{clock.today().year},20\n").encode())
    page = text(client.get("/indicators/plans"))
    assert "add up to more than the region" in page and "its districts together 20" in page


def test_a_plan_changed_from_an_older_form_is_refused(app, client, world):
    login(client, "ro")
    year = clock.today().year
    token = csrf_from(text(client.get(f"/indicators/plans?year={year}")))
    base = {"csrf_token": token, "indicator_code": "coverage", "district_id": "",
            "year": str(year), "target": "1000"}
    assert client.post("/indicators/plans", data=base).status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(IndicatorPlan))
        plan_id, version = plan.id, plan.version
    opened = text(client.get(f"/indicators/plans?year={year}&edit={plan_id}"))
    assert 'value="1000"' in opened and f'name="version" type="hidden" value="{version}"' in opened
    edit = dict(base, plan_id=str(plan_id), version=str(version))
    assert client.post("/indicators/plans", data=dict(edit, target="1100")).status_code == 302
    stale = client.post("/indicators/plans", data=dict(edit, target="900"))  # the older form
    assert stale.status_code == 409 and "Someone else saved" in text(stale)
    assert plans(app)[("coverage", None, year)] == 1100
    garbled = client.post("/indicators/plans", data=dict(edit, version="x", target="900"))
    assert garbled.status_code == 409 and plans(app)[("coverage", None, year)] == 1100
    assert client.get("/indicators/plans?edit=2147483647").status_code == 404
