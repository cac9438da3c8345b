"""The plan-against-fact pages: tiers, drill-down, the persons behind a figure, scoping,
suppression for the analyst and exports (the briefing and the charts:
test_indicators_briefing.py)."""
import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.indicators import tables
from caseworker.indicators.queries import Period
from caseworker.models import AuditEvent, District, Person, User
from tests import factories as f
from tests.conftest import login, statements_of
from tests.indicators_kit import AS_OF, Q, YEAR, national, text, world  # noqa: F401 (a fixture)

KYZYLORDA, SHYMKENT = "430000000", "790000000"


def test_figures_statuses_and_tiers(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        table = national("ro")
        rows = {r.id: r for r in table.rows}
        kz, sh = rows[world["kz"]], rows[world["sh"]]
        cov = kz.figures["coverage"]
        assert (cov.fact, cov.plan, cov.execution) == (8, 10, 0.8)
        assert cov.pace == pytest.approx(0.8 / (181 / 365)) and cov.status == "on_track"
        assert cov.forecast == pytest.approx(8 * 365 / 181)
        assert kz.figures["public_works"].status == "lagging"
        assert kz.figures["youth_practice"].status == "lagging"
        assert kz.tier == "lagging" and sh.tier == "high"
        assert rows[next(r for r in rows if r not in (world["kz"], world["sh"]))].tier is None
        total = table.total.figures["coverage"]
        assert (total.fact, total.plan) == (11, 15)


def test_thresholds_come_from_the_settings(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        app.config["INDICATOR_ON_TRACK"] = 1.7
        try:
            rows = {r.id: r for r in national("ro").rows}
        finally:
            app.config["INDICATOR_ON_TRACK"] = 1.0
        assert rows[world["kz"]].figures["coverage"].status == "behind"


def test_officer_sees_all_regions_and_drills_into_own_region_only(client, world):
    login(client, "ro")
    page = text(client.get(f"/indicators/?{Q}"))
    assert "Kyzylorda Region" in page and "Shymkent" in page and "Lagging" in page
    assert f"/indicators/coverage/referrals?region={world['kz']}" in page
    assert f"referrals?region={world['sh']}&amp;year" not in page  # no persons link for Shymkent
    assert f"/indicators/regions/{world['kz']}?" in page
    assert f"/indicators/regions/{world['sh']}?" not in page
    assert client.get(f"/indicators/regions/{world['sh']}?{Q}").status_code == 404
    districts = text(client.get(f"/indicators/regions/{world['kz']}?{Q}"))
    assert f"district={world['kz0']}" in districts
    assert f"/indicators/coverage/referrals?region={world['kz']}&amp;year" in districts
    assert f"district={world['kz']}&" not in districts
    listed = text(client.get(f"/indicators/coverage/referrals?region={world['kz']}&{Q}"))
    assert "Арыстанов0" in listed and "Бекова1" in listed and "Оңтүстікова" not in listed
    assert "8 persons, 8 referrals" in listed
    assert client.get(f"/indicators/coverage/referrals?region={world['sh']}&{Q}").status_code == 404
    assert client.get(f"/indicators/coverage/referrals?district={world['sh0']}&{Q}"
                      ).status_code == 404
    assert client.get(f"/indicators/coverage/referrals?region={world['kz']}"
                      f"&district={world['sh0']}&{Q}").status_code == 404


def test_a_past_report_date_shows_the_figures_as_they_stood(client, world):
    login(client, "ro")
    early = text(client.get(f"/indicators/coverage/referrals?region={world['kz']}"
                            f"&year={YEAR}&as_of=2025-02-28"))
    assert "6 persons, 6 referrals" in early and "Бекова" not in early


def test_caseworker_lists_own_district_only(client, world):
    login(client, "cw")
    page = text(client.get(f"/indicators/regions/{world['kz']}?{Q}"))
    assert f"district={world['kz1']}" in page
    assert f"/indicators/districts/{world['kz0']}?" not in page  # the projects' links aside
    assert f"referrals?region={world['kz']}&amp;district={world['kz0']}" not in page
    own = text(client.get(f"/indicators/coverage/referrals?district={world['kz1']}&{Q}"))
    assert "Бекова0" in own and "Арыстанов" not in own
    for other in (f"district={world['kz0']}", f"region={world['kz']}"):
        assert client.get(f"/indicators/coverage/referrals?{other}&{Q}").status_code == 404
    assert client.get(f"/indicators/regions/{world['sh']}?{Q}").status_code == 404


def test_analyst_sees_no_personal_data_and_no_cell_under_five(app, client, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        table = national("an")
        for row in table.rows + [table.total]:
            for fig in row.figures.values():
                assert fig.hidden or fig.units == 0 or fig.units >= 5
        rows = {r.id: r for r in table.rows}
        # Shymkent's 3 is hidden, and Kyzylorda's 8 with it: else 11 - 8 gives it away
        assert rows[world["sh"]].figures["coverage"].hidden
        assert rows[world["kz"]].figures["coverage"].hidden
        assert rows[world["kz"]].figures["coverage"].execution is None
        assert table.total.figures["coverage"].fact == 11
    login(client, "an")
    page = text(client.get(f"/indicators/?{Q}"))
    assert "hidden" in page and "/referrals" not in page and "Арыстанов" not in page
    assert 'class="text-end cell-hidden"' in page  # a hidden cell's status is not in the page
    assert client.get(f"/indicators/coverage/referrals?region={world['kz']}&{Q}"
                      ).status_code == 403
    # Kyzylorda's coverage is hidden nationally, so its districts' counts are hidden too
    region = text(client.get(f"/indicators/regions/{world['kz']}?{Q}"))
    assert "/referrals" not in region and "Арыстанов" not in region
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = db.session.scalar(select(User).where(User.login == "an"))
        kz = tables.regional(Period(YEAR, AS_OF), user, f.region(KYZYLORDA))
        assert all(r.figures["coverage"].hidden for r in kz.rows if r.id in (
            world["kz0"], world["kz1"]))
        assert kz.total.figures["coverage"].hidden
        assert not kz.total.figures["youth_practice"].hidden  # 0 is no secret
    exported = text(client.get(f"/indicators/export.csv?{Q}")).lstrip("\ufeff")
    for row in csv.DictReader(io.StringIO(exported)):
        if row["Unit"] != "tenge" and row["Fact"] != "hidden":
            assert int(row["Fact"]) == 0 or int(row["Fact"]) >= 5, row


def test_a_national_total_under_five_is_hidden_from_the_analyst(app, client, world):
    with app.app_context():
        for n in range(2):
            f.referral(f.person(f.districts_of(SHYMKENT)[0], last=f"Жаңа{n}"), "youth_practice",
                     [("proposed", date(2025, 3, 1)), ("referred", date(2025, 3, 2)),
                      ("started", date(2025, 3, 9))])
        db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        analyst, officer = national("an"), national("ro")
        assert officer.total.figures["youth_practice"].units == 2  # the officer sees persons
        assert analyst.total.figures["youth_practice"].hidden
        assert analyst.total.figures["youth_practice"].fact == 0
        assert "youth_practice" in analyst.hidden_total
        assert not analyst.total.figures["coverage"].hidden  # 11: no small count
    login(client, "an")
    exported = text(client.get(f"/indicators/export.csv?{Q}")).lstrip("\ufeff")
    totals = [row for row in csv.DictReader(io.StringIO(exported))
              if row["Indicator code"] == "youth_practice" and row["KATO"] == ""]
    assert totals and all(row["Fact"] == "hidden" for row in totals), totals


def test_csv_and_xlsx_exports(app, client, world):
    login(client, "ro")
    response = client.get(f"/indicators/export.csv?{Q}")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text(response).lstrip("\ufeff"))))
    assert len(rows) == 21 * 19  # 20 regions and the total, 19 indicators
    kz = next(r for r in rows if r["KATO"] == KYZYLORDA and r["Indicator code"] == "coverage")
    assert (kz["Fact"], kz["Plan"], kz["Execution, %"], kz["Status"], kz["Tier"]) == (
        "8", "10", "80.0", "On track", "Lagging")
    assert kz["Report date"] == "2025-06-30" and kz["Forecast for the year"] == "16"
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(client.get(f"/indicators/export.xlsx?{Q}").data)).active
    header = [c.value for c in sheet[1]]
    found = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=2)]
    assert len(found) == 21 * 19
    pw = next(r for r in found if r["KATO"] == KYZYLORDA and r["Indicator code"] == "public_works")
    assert (pw["Fact"], pw["Plan"], pw["Status"]) == (6, 30, "Lagging")
    districts = text(client.get(f"/indicators/export.csv?region={world['kz']}&{Q}"))
    assert "Kyzylorda Region" in districts
    assert client.get(f"/indicators/export.csv?region={world['sh']}&{Q}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "indicators.export"))
    login(client, "cw")
    assert client.get(f"/indicators/export.csv?{Q}").status_code == 403


def test_a_bad_report_date_is_said_and_the_defaults_are_used(client, world):
    login(client, "ro")
    response = client.get("/indicators/?as_of=31.02.2025&year=abc")
    assert response.status_code == 200 and "Not a valid" in text(response)
    for chart in ("execution", "trend"):  # images say nothing: the page already said it
        assert client.get(f"/indicators/charts/coverage/{chart}.svg?year=1900").status_code == 200
    for url in ("/indicators/export.csv", "/indicators/export.xlsx", "/indicators/briefing.pdf"):
        refused = client.get(url + "?year=1900")  # a file: refused with the reason, no file
        assert refused.status_code == 400 and "2015" in text(refused), url
    assert "1900" not in text(client.get("/people/")) and "2015" not in text(client.get("/"))


def test_demo_plans_show_high_average_and_lagging_regions(app):
    from caseworker.demo.plans import add_plans
    from caseworker.indicators.definitions import INDICATORS
    from caseworker.models import IndicatorPlan, Region
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for kato in ("270000000", KYZYLORDA, SHYMKENT):
            district = f.districts_of(kato)[0]
            for n, measure in enumerate(["public_works"] * 4 + ["youth_practice"] * 3
                                        + ["microcredit"] * 2 + ["state_grant"]):
                f.referral(f.person(district, last=f"Демо{n}"), measure, [
                    ("proposed", date(2025, 2, 1)), ("referred", date(2025, 2, 3)),
                    ("started", date(2025, 2, 10))])
        f.user("ad", "admin")
        assert add_plans(date(2025, 6, 30)) == 20 * len(INDICATORS)
        regions = db.session.scalar(select(db.func.count()).select_from(Region))
        assert db.session.scalar(select(db.func.count()).select_from(IndicatorPlan).where(
            IndicatorPlan.district_id.is_(None))) == regions * len(INDICATORS)
        # the districts with casework have plans of their own, and regions keep theirs
        planned = set(db.session.scalars(select(IndicatorPlan.district_id).where(
            IndicatorPlan.district_id.is_not(None))))
        assert planned == {f.districts_of(k)[0].id for k in ("270000000", KYZYLORDA, SHYMKENT)}
        tiers = {r.kato: r.tier for r in national("ad").rows}
        assert [tiers[k] for k in ("270000000", KYZYLORDA, SHYMKENT)] == [
            "high", "average", "lagging"]
        assert {tiers[k] for k in tiers if k not in ("270000000", KYZYLORDA, SHYMKENT)} == {
            "lagging"}


def test_the_page_runs_a_few_statements_whatever_the_rows(app, client, world):
    login(client, "ro")
    with statements_of(app) as national_page:
        assert client.get(f"/indicators/?{Q}").status_code == 200
    with statements_of(app) as region_page:
        assert client.get(f"/indicators/regions/{world['kz']}?{Q}").status_code == 200
    assert len(national_page) <= 12 and len(region_page) <= 12, (national_page, region_page)
    login(client, "an")  # the analyst's region page also reads the national table
    with statements_of(app) as analyst_page:
        assert client.get(f"/indicators/regions/{world['kz']}?{Q}").status_code == 200
    assert len(analyst_page) <= 16, len(analyst_page)


def test_every_page_answers_in_the_three_languages(client, world):
    login(client, "ro")
    for lang in ("kk", "ru", "en"):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
        for url in (f"/indicators/?{Q}", f"/indicators/regions/{world['kz']}?{Q}",
                    f"/indicators/coverage/referrals?region={world['kz']}&{Q}",
                    f"/indicators/charts/coverage/execution.svg?{Q}",
                    f"/indicators/charts/coverage/trend.svg?{Q}",
                    f"/indicators/briefing.pdf?{Q}", f"/indicators/export.xlsx?{Q}",
                    "/indicators/plans"):
            assert client.get(url).status_code == 200, (lang, url)


def test_a_district_opens_into_its_caseworkers(app, client, world):
    """Four of the six persons of Kyzylorda's first district have a caseworker: their row
    and the row of persons without one add up to the district's figure."""
    with app.app_context():
        worker = f.user("cw0", "caseworker", db.session.get(District, world["kz0"]))
        mine = db.session.scalars(select(Person).where(
            Person.district_id == world["kz0"]).order_by(Person.last_name).limit(4)).all()
        for person in mine:
            person.caseworker_id = worker.id
        db.session.commit()
        worker_id = worker.id
    with app.test_request_context(headers={"Accept-Language": "en"}):
        table = tables.by_caseworker(Period(YEAR, AS_OF), db.session.get(District, world["kz0"]),
                                     "No caseworker")
        rows = {r.id: r for r in table.rows}
        assert rows[worker_id].figures["public_works"].fact == 4
        assert rows[None].figures["public_works"].fact == 2
        assert table.total.figures["coverage"].fact == 6 and table.total.figures["coverage"].plan == 4
    login(client, "ro")
    region = text(client.get(f"/indicators/regions/{world['kz']}?{Q}"))
    assert f"/indicators/districts/{world['kz0']}?" in region
    page = text(client.get(f"/indicators/districts/{world['kz0']}?{Q}"))
    assert "Test cw0" in page and "No caseworker" in page
    behind = f"/indicators/public_works/referrals?district={world['kz0']}&{Q}"
    theirs = text(client.get(f"{behind}&caseworker={worker_id}"))
    assert "4 persons, 4 referrals" in theirs and "Test cw0" in theirs
    assert "2 persons, 2 referrals" in text(client.get(f"{behind}&caseworker=0"))
    login(client, "cw")  # a caseworker of another district of the region
    assert client.get(f"/indicators/districts/{world['kz0']}?{Q}").status_code == 404
    assert client.get(f"/indicators/districts/{world['kz1']}?{Q}").status_code == 200


