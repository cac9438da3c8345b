"""The indicators' briefing (its sentences in three languages, its PDF) and charts (execution,
trend, their titles and scales)."""
import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.indicators import briefing
from caseworker.models import AuditEvent
from tests.conftest import login
from tests.indicators_kit import Q, national, text, world  # noqa: F401 (a fixture)


@pytest.mark.parametrize("lang, region, indicator, percent, months", [
    ("en", "Kyzylorda Region", "Public works 20.0%", "Youth practice 0.0%", "6 months"),
    ("ru", "Кызылординская область", "Общественные работы 20,0%", "Молодежная практика 0,0%",
     "6"),
    ("kk", "Қызылорда облысы", "Қоғамдық жұмыстар 20,0%", "Жастар практикасы 0,0%", "6"),
])
def test_briefing_sentences_in_three_languages(app, world, lang, region, indicator, percent,
                                                months):
    with app.test_request_context(headers={"Accept-Language": lang}):
        said = briefing.sentences(briefing.data(national("ro")))
    assert said["lagging"] == [f"{region}: {percent}; {indicator}."]
    summary = " ".join(said["summary"])
    assert months in said["summary"][0]
    assert {"en": "Shymkent", "ru": "г. Шымкент", "kk": "Шымкент қаласы"}[lang] in summary
    coverage = {"en": "11", "ru": "11", "kk": "11"}[lang]
    assert f"{coverage} persons" in summary or coverage in said["summary"][1]
    assert {"en": "73.3%", "ru": "73,3%", "kk": "73,3%"}[lang] in said["summary"][1]


@pytest.mark.parametrize("lang, one, many, hidden", [
    ("en", "1 person has been", "2 persons have been", "fewer than 5 persons"),
    ("ru", "1 чел.", "2 чел.", "менее 5 чел."),
    ("kk", "1 адам", "2 адам", "5 адамнан аз"),
])
def test_briefing_counts_persons_in_the_grammar_of_each_language(app, lang, one, many, hidden):
    from datetime import date as day
    from caseworker.domain import indicators as calc
    with app.test_request_context(headers={"Accept-Language": lang}):
        def coverage(fact, plan):
            return briefing.sentences(calc.briefing([], 2026, day(2026, 6, 30), fact, plan))[
                "summary"][1]
        assert one in coverage(1, 10) and one in coverage(1, None)
        assert many in coverage(2, 10) and many in coverage(2, None)
        assert hidden in coverage(None, 10)  # the national count is hidden from this reader


def test_execution_chart_is_an_svg_of_the_table(client, world):
    login(client, "ro")
    response = client.get(f"/indicators/charts/coverage/execution.svg?{Q}")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = text(response)
    assert svg.startswith("<svg") and "Kyzylorda Region" in svg and "80.0%" in svg
    assert "elapsed 49.6%" in svg
    districts = text(client.get(f"/indicators/charts/coverage/execution.svg?region={world['kz']}&{Q}"))
    assert "Kyzylorda City" in districts or "Kyzylorda" in districts
    assert client.get(f"/indicators/charts/coverage/execution.svg?region={world['sh']}&{Q}"
                      ).status_code == 404
    assert client.get(f"/indicators/charts/nonsense/execution.svg?{Q}").status_code == 404
    login(client, "an")
    hidden = text(client.get(f"/indicators/charts/coverage/execution.svg?{Q}"))
    assert "hidden" in hidden and "80.0%" not in hidden


def test_trend_chart_by_month(client, world):
    login(client, "ro")
    svg = text(client.get(f"/indicators/charts/coverage/trend.svg?region={world['kz']}&{Q}"))
    assert "plan 10" in svg
    points = svg.split('<polyline points="')[1].split('"')[0].split()
    assert len(points) == 6  # January to May ends, and 30 June
    assert client.get(f"/indicators/charts/coverage/trend.svg?region={world['sh']}&{Q}"
                      ).status_code == 404
    login(client, "an")
    assert client.get(f"/indicators/charts/coverage/trend.svg?{Q}").status_code == 200
    assert client.get(f"/indicators/charts/coverage/trend.svg?region={world['kz']}&{Q}"
                      ).status_code == 404


def test_briefing_pdf(app, client, world, tmp_path):
    import shutil
    import subprocess
    login(client, "ro")
    response = client.get(f"/indicators/briefing.pdf?{Q}&indicator=public_works")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    with app.app_context():  # every PDF is an audit event
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "indicators.briefing_pdf",
            AuditEvent.record_id == "public_works"))
    assert response.data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(response.data)
    content = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "Plan against fact · 2025" in content
    assert "Kyzylorda Region: Youth practice 0.0%; Public works 20.0%." in content
    assert "High dynamics: Shymkent." in content and "Public works by month" in content


def test_a_chart_title_wraps_to_its_width_and_moves_the_chart_down():
    from caseworker.indicators.charts import heading
    short = heading("Жастар практикасы", 560)
    assert short == {"lines": [(15, "Жастар практикасы")], "shift": 14}
    long = heading("Жұмыспен қамту шараларымен қамту: жоспардың орындалуы, өңірлер бойынша, "
                   "2026 ж. 28 қар. жағдай бойынша", 560)
    assert [y for y, _ in long["lines"]] == [15, 33] and long["shift"] == 32
    assert all(len(line) * 10 <= 552 for _, line in long["lines"])


def test_the_briefing_columns_fill_the_page_each_as_wide_as_its_longest_word():
    from caseworker.indicators.pages import column_shares
    shares = column_shares(["Орналастырылғандар саны", "Микрокредиттер беру", "ИТ"], 82.5)
    assert abs(sum(shares) - 82.5) < 1e-9
    # a short title's column is as wide as a figure ("100,0 %") at least
    assert shares[0] > shares[1] > shares[2] and shares[2] == 82.5 * 10 / (18 + 14 + 10)


def test_the_briefing_writes_the_share_of_the_year_as_the_table_does(app):
    from datetime import date as day
    from caseworker.domain import indicators as calc
    with app.test_request_context(headers={"Accept-Language": "en"}):
        said = briefing.sentences(calc.briefing([], 2026, day(2026, 11, 27), 1, 10))["summary"][0]
    assert "90.7% of the year has passed" in said  # 331 of 365 days, as "| percent" writes it


@pytest.mark.parametrize("as_of, lang, left", [
    ((2026, 11, 27), "en", "1 month is left"), ((2026, 12, 7), "en", "24 days are left"),
    ((2026, 12, 30), "en", "1 day is left"), ((2026, 12, 7), "ru", "остаётся 24 дня"),
    ((2026, 12, 26), "ru", "остаётся 5 дней"), ((2026, 8, 19), "kk", "4 ай қалды")])
def test_the_briefing_counts_what_is_left_of_the_year_in_days_in_december(app, as_of, lang,
                                                                          left):
    from datetime import date as day
    from caseworker.domain import indicators as calc
    with app.test_request_context(headers={"Accept-Language": lang}):
        said = briefing.sentences(calc.briefing([], 2026, day(*as_of), 1, 10))["summary"][0]
    assert left in said and "0 месяц" not in said and "0 months" not in said


def test_a_charts_scale_is_short_enough_for_its_axis(app):
    from caseworker.indicators.formats import scale
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert scale(95_000) == "95\xa0000"
        assert scale(319_642_836) == "319,6\xa0млн"
