"""Plan against fact and plan loading through the API: the figures are the pages' figures for
every role (scope and suppression included), bad report parameters are said per field, and
plans load all or nothing with the plan file's reasons for every bad row."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from caseworker import clock
from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.indicators import tables
from caseworker.indicators.queries import Period
from caseworker.models import AuditEvent, IndicatorPlan, User
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.api_kit import assert_error
from tests.test_indicators_pages import AS_OF, KYZYLORDA, Q, SHYMKENT, YEAR

USERS = ("ro", "cw", "an", "ad")  # officer of Kyzylorda, caseworker there, analyst, admin
FIGURE = ("fact", "plan", "execution", "pace", "forecast", "status", "hidden")


@pytest.fixture
def world(app):
    """The indicators pages' world (facts and plans of 2025 in Kyzylorda and Shymkent), a
    supervisor, and an API token for each user."""
    with app.app_context():
        ids = f.indicators_world()
        kz = f.districts_of(KYZYLORDA)
        f.user("sv", "supervisor", kz[0])
        users = db.session.scalars(select(User)).all()
        ids["tokens"] = {u.login: tokens.create(u, "test")[1] for u in users}
        ids["ids"] = {u.login: u.id for u in users}
        ids["kz_districts"] = [d.kato for d in kz]
        ids["sh_district"] = f.districts_of(SHYMKENT)[0].kato
        db.session.commit()
        return ids


def bearer(world, who):
    return {"Authorization": f"Bearer {world['tokens'][who]}"}


def report(client, world, who, query=Q):
    return client.get(f"/api/v1/indicators?{query}", headers=bearer(world, who))


def by_id(rows):
    return {r["id"]: r for r in rows}


def page_table(app, who, region_kato=None):
    """The table the indicators pages compute for the user."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = db.session.scalar(select(User).where(User.login == who))
        if region_kato is None:
            return tables.national(Period(YEAR, AS_OF), user, "Kazakhstan")
        return tables.regional(Period(YEAR, AS_OF), user, f.region(region_kato))


def expected_row(row):
    """What the API must say of a row of the page's table: a hidden cell keeps its plan."""
    figures = {}
    for code, fig in row.figures.items():
        shown = {name: getattr(fig, name) for name in FIGURE}
        if fig.hidden:
            shown.update(fact=None, execution=None, pace=None, forecast=None, status=None)
        figures[code] = shown
    return {"id": row.id, "kato": row.kato, "name": row.name, "tier": row.tier,
            "figures": figures}


def answered_row(row):
    return {**{k: row[k] for k in ("id", "kato", "name", "tier")},
            "figures": {code: {n: fig[n] for n in FIGURE} for code, fig in row["figures"].items()}}


# ---- the report ---------------------------------------------------------------------------

@pytest.mark.parametrize("who", USERS)
def test_figures_are_those_of_the_pages_for_every_role(app, client, world, who):
    body = report(client, world, who).get_json()
    table = page_table(app, who)
    assert (body["year"], body["as_of"], body["region"]) == (YEAR, AS_OF.isoformat(), None)
    assert body["share_of_year"] == table.share and body["months_left"] == 6
    assert body["suppressed"] == (who in ("an", "ad"))
    assert [i["code"] for i in body["indicators"]] == [i.code for i in table.indicators]
    assert [answered_row(r) for r in body["rows"]] == [expected_row(r) for r in table.rows]
    assert answered_row(body["total"]) == expected_row(table.total)
    assert body["thresholds"] == {"on_track": 1.0, "lagging": 0.95, "lagging_indicators": 2}
    # the region's districts, which every one of these users may open on the pages
    districts = report(client, world, who, f"{Q}&region={world['kz']}").get_json()
    table = page_table(app, who, KYZYLORDA)
    assert districts["region"] == {"id": world["kz"], "kato": KYZYLORDA,
                                   "name": "Kyzylorda Region"}
    assert [answered_row(r) for r in districts["rows"]] == [expected_row(r) for r in table.rows]
    assert answered_row(districts["total"]) == expected_row(table.total)


def test_the_officer_gets_the_figures_of_the_page_export(client, world):
    body = report(client, world, "ro").get_json()
    rows = by_id(body["rows"])
    kz = rows[world["kz"]]
    cov = kz["figures"]["coverage"]
    assert (cov["fact"], cov["plan"], cov["execution"], cov["status"]) == (8, 10, 0.8, "on_track")
    assert cov["pace"] == pytest.approx(0.8 / (181 / 365))
    assert cov["forecast"] == pytest.approx(8 * 365 / 181)
    assert kz["figures"]["public_works"]["status"] == "lagging"
    assert (kz["tier"], rows[world["sh"]]["tier"]) == ("lagging", "high")
    assert rows[world["sh"]]["figures"]["coverage"]["fact"] == 3  # no suppression for officers
    assert (body["total"]["figures"]["coverage"]["fact"],
            body["total"]["figures"]["coverage"]["plan"]) == (11, 15)
    login(client, "ro")
    exported = client.get(f"/indicators/export.csv?{Q}").get_data(as_text=True).lstrip("\ufeff")
    by_kato = {r["kato"]: r for r in body["rows"]} | {"": body["total"]}
    for line in csv.DictReader(io.StringIO(exported)):
        fig = by_kato[line["KATO"]]["figures"][line["Indicator code"]]
        assert line["Fact"] == str(fig["fact"]), line
        assert line["Plan"] == ("" if fig["plan"] is None else str(fig["plan"])), line
        execution = fig["execution"]
        assert line["Execution, %"] == ("" if execution is None
                                        else str(round(execution * 100, 1))), line


def test_the_analyst_gets_aggregates_with_small_counts_hidden(client, world):
    body = report(client, world, "an").get_json()
    rows = by_id(body["rows"])
    counts = {i["code"] for i in body["indicators"] if i["unit"] != "kzt"}
    for row in body["rows"]:
        for code in counts:
            fig = row["figures"][code]
            assert fig["hidden"] or fig["fact"] == 0 or fig["fact"] >= 5, (row["name"], code)
    # Shymkent's 3 is hidden, and Kyzylorda's 8 with it: else 11 - 8 gives it away
    for region in ("sh", "kz"):
        cov = rows[world[region]]["figures"]["coverage"]
        assert cov["hidden"] and cov["fact"] is None and cov["execution"] is None
        assert cov["pace"] is None and cov["forecast"] is None and cov["status"] is None
        assert cov["plan"] is not None  # plans are no secret
    assert body["total"]["figures"]["coverage"]["fact"] == 11
    districts = report(client, world, "an", f"{Q}&region={world['kz']}").get_json()
    assert districts["suppressed"]
    for row in districts["rows"]:
        if row["id"] in (world["kz0"], world["kz1"]):
            assert row["figures"]["coverage"]["hidden"]
    assert districts["total"]["figures"]["coverage"]["hidden"]
    assert not districts["total"]["figures"]["youth_practice"]["hidden"]  # 0 is no secret
    text = str(body) + str(districts)
    assert "Арыстанов" not in text and "Бекова" not in text


@pytest.mark.parametrize("who, kyzylorda, shymkent", [
    ("ro", 200, 404), ("cw", 200, 404), ("sv", 200, 404), ("an", 200, 200), ("ad", 200, 200)])
def test_a_region_s_districts_as_the_pages_let_each_role_see_them(client, world, who,
                                                                  kyzylorda, shymkent):
    for region, want in ((world["kz"], kyzylorda), (world["sh"], shymkent)):
        response = report(client, world, who, f"{Q}&region={region}")
        if want == 200:
            assert response.status_code == 200
            assert response.get_json()["region"]["id"] == region
        else:
            assert_error(response, 404, "not_found")
        login(client, who)
        assert client.get(f"/indicators/regions/{region}?{Q}").status_code == want
    assert_error(report(client, world, who, f"{Q}&region=999999"), 404, "not_found")


@pytest.mark.parametrize("query, field", [
    ("year=abc", "year"), ("year=1999", "year"), ("year=2101", "year"),
    ("as_of=2025-02-31", "as_of"), ("as_of=31.01.2025", "as_of"), ("as_of=1900-05-01", "as_of"),
    (f"year=2024&as_of={AS_OF}", "as_of"), ("region=abc", "region"), ("region=0", "region"),
    ("region=99999999999", "region")])
def test_bad_report_parameters_are_said_per_field(client, world, query, field):
    error = assert_error(report(client, world, "ro", query), 422, "validation_error")
    assert set(error["fields"]) == {field}, error
    assert all(m["message"] for m in error["fields"][field])


def test_the_report_date_defaults_and_limits(client, world):
    today = clock.today()
    assert report(client, world, "ro", f"year={YEAR}").get_json()["as_of"] == f"{YEAR}-12-31"
    assert report(client, world, "ro", "as_of=2025-03-31").get_json()["year"] == 2025
    later = today + timedelta(days=1)
    if later.year == today.year:  # nothing has happened after today: today's figures
        body = report(client, world, "ro", f"as_of={later}").get_json()
        assert body["as_of"] == today.isoformat()
    assert report(client, world, "ro", "").get_json()["year"] == today.year
    early = report(client, world, "ro", "year=2025&as_of=2025-02-28").get_json()
    assert by_id(early["rows"])[world["kz"]]["figures"]["coverage"]["fact"] == 6


def test_no_token_no_report(client, world):
    assert_error(client.get(f"/api/v1/indicators?{Q}"), 401)


# ---- plans --------------------------------------------------------------------------------

def load(client, world, who, rows):
    return client.put("/api/v1/plans", json={"plans": rows}, headers=bearer(world, who))


def row(indicator="coverage", region=KYZYLORDA, district=None, year=2026, target=100):
    found = {"indicator": indicator, "region": region, "year": year, "target": target}
    return found if district is None else found | {"district": district}


def saved(app):
    with app.app_context():
        return {(p.indicator_code, p.region.kato, p.district.kato if p.district else None,
                 p.year): p.target for p in db.session.scalars(select(IndicatorPlan).where(
                     IndicatorPlan.year == 2026))}


def audited(app, action):
    with app.app_context():
        return db.session.execute(select(AuditEvent.user_id, AuditEvent.role).where(
            AuditEvent.action == action)).all()


def test_an_admin_loads_plans_of_any_region(app, client, world):
    district = world["kz_districts"][0]
    answer = load(client, world, "ad", [
        row(target=1200), row("public_works", district=district, target=40),
        row("funds_used", SHYMKENT, target=5_000_000)])
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"loaded": 3}
    assert saved(app) == {("coverage", KYZYLORDA, None, 2026): 1200,
                          ("public_works", KYZYLORDA, district, 2026): 40,
                          ("funds_used", SHYMKENT, None, 2026): 5_000_000}
    assert audited(app, "plan.upload") == [(world["ids"]["ad"], "admin")]
    # loading again replaces a plan, never duplicates it; cells come as a file would give them
    again = load(client, world, "ad", [row(year="2026", target="1 300"),
                                       row("state_grants", year=2026.0, target=7.0)])
    assert again.get_json() == {"loaded": 2}
    assert len(saved(app)) == 4 and saved(app)[("coverage", KYZYLORDA, None, 2026)] == 1300
    # and the report reads them
    body = report(client, world, "ad", "year=2026").get_json()
    assert by_id(body["rows"])[world["kz"]]["figures"]["coverage"]["plan"] == 1300


NEXT_YEAR = clock.today().year + 1
BAD_ROWS = [
    row(target=1200),                                       # 0: fine
    row("no_such"),                                         # 1
    row(region="999999999"),                                # 2
    row(district="SHYMKENT_DISTRICT"),                      # 3: a district of another region
    row(target=-4),                                         # 4
    row(year="twenty"),                                     # 5
    row(target=1300),                                       # 6: repeats row 0
    row("youth_practice", district="", year="²⁰²⁶", target=""),  # 7: two reasons
    row(year="2090", target=1400),                          # 8: a slip of the keyboard
]


def bad_rows(world):
    return [dict(r, district=world["sh_district"]) if r.get("district") == "SHYMKENT_DISTRICT"
            else r for r in BAD_ROWS]


def test_a_bad_row_saves_nothing_and_every_bad_row_is_listed(app, client, world):
    error = assert_error(load(client, world, "ad", bad_rows(world)), 422, "validation_error")
    assert error["message"].startswith("Nothing was saved")
    listed = {name: [m["message"] for m in messages]
              for name, messages in error["fields"].items()}
    assert listed == {
        "plans.1.indicator": ["Unknown indicator “no_such”."],
        "plans.2.region": ["Unknown region KATO code “999999999”."],
        "plans.3.district": [f"District “{world['sh_district']}” is not in region “{KYZYLORDA}”."],
        "plans.4.target": ["The target must be a whole number, 0 or more."],
        "plans.5.year": [f"The year must be a whole number from 2015 to {NEXT_YEAR}."],
        "plans.6": ["The same indicator, place and year is on row 0."],
        "plans.7.year": [f"The year must be a whole number from 2015 to {NEXT_YEAR}."],
        "plans.7.target": ["The target must be a whole number, 0 or more."],
        "plans.8.year": [f"The year must be a whole number from 2015 to {NEXT_YEAR}."],
    }
    assert saved(app) == {} and audited(app, "plan.upload") == []


def test_the_reasons_are_those_of_the_plan_file(client, world):
    """The same rows as a CSV file on the upload page get the same reasons, row by row (a
    file counts its header as row 1, so its rows are two ahead)."""
    rows = bad_rows(world)
    api = assert_error(load(client, world, "ad", rows), 422)["fields"]
    from_api = sorted((int(name.split(".")[1]) + 2, m["message"].replace("row 0", "row 2"))
                      for name, messages in api.items() for m in messages)
    lines = ["indicator,region,district,year,target"] + [
        ",".join(str(r.get(c, "")) for c in ("indicator", "region", "district", "year",
                                              "target")) for r in rows]
    login(client, "ad")
    page = client.get("/indicators/plans/upload").get_data(as_text=True)
    answer = client.post("/indicators/plans/upload", data={
        "csrf_token": csrf_from(page), "file": (io.BytesIO("\n".join(lines).encode()),
                                                "plans.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    for number, message in from_api:
        assert f"<td>{number}</td><td>{message}</td>" in answer, (number, message)
    assert answer.count("<tr><td>") == len(from_api)


def test_a_regional_officer_loads_the_own_region_only(app, client, world):
    own = [row(target=500), row("coverage", district=world["kz_districts"][1], target=200)]
    refused = assert_error(load(client, world, "ro", own + [row(region=SHYMKENT, target=9)]),
                           422)
    assert set(refused["fields"]) == {"plans.2.region"}
    assert refused["fields"]["plans.2.region"][0]["message"] == (
        "You may load the plans of your own region only.")
    assert saved(app) == {}  # not even the own region's rows
    answer = load(client, world, "ro", own)
    assert answer.get_json() == {"loaded": 2}
    assert audited(app, "plan.upload") == [(world["ids"]["ro"], "regional_officer")]
    assert saved(app) == {("coverage", KYZYLORDA, None, 2026): 500,
                          ("coverage", KYZYLORDA, world["kz_districts"][1], 2026): 200}


@pytest.mark.parametrize("who", ["cw", "sv", "an"])
def test_other_roles_may_not_load_plans(app, client, world, who):
    assert_error(load(client, world, who, [row()]), 403, "forbidden")
    assert saved(app) == {}


def test_a_malformed_body_is_said_per_field(app, client, world):
    assert_error(client.put("/api/v1/plans", json={"plans": [row()]}), 401)
    for body, field in (({}, "plans"), ({"plans": []}, "plans"), ({"plans": "x"}, "plans"),
                        ({"plans": [row(), {"indicator": "coverage", "region": KYZYLORDA,
                                             "target": 1}]}, "plans.1.year"),
                        ({"plans": [row() | {"note": 1}]}, "plans.0.note"),
                        ({"plans": [row(), 5]}, "plans.1._schema")):
        error = assert_error(client.put("/api/v1/plans", json=body, headers=bearer(world, "ad")),
                             422)
        assert list(error["fields"]) == [field], (body, error)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IndicatorPlan)) == 5


@pytest.mark.parametrize("lang, refused, not_valid, outside", [
    ("ru", "Вы можете загружать планы только своего региона.",
     "Ничего не сохранено: некоторые планы заполнены неверно.",
     "Дата отчёта должна быть в пределах отчётного года."),
    ("kk", "Тек өз өңіріңіздің жоспарларын жүктей аласыз.",
     "Ештеңе сақталмады: кейбір жоспарлар қате толтырылған.",
     "Есеп күні есеп жылының ішінде болуы керек.")])
def test_reasons_come_in_the_caller_s_language(client, world, lang, refused, not_valid,
                                               outside):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    error = assert_error(load(client, world, "ro", [row(region=SHYMKENT)]), 422)
    assert error["message"] == not_valid
    assert error["fields"]["plans.0.region"][0]["message"] == refused
    error = assert_error(report(client, world, "ro", f"year=2024&as_of={AS_OF}"), 422)
    assert error["fields"]["as_of"][0]["message"] == outside
