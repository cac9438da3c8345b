"""Plan against fact as pure functions: no database, no clock."""
from datetime import date

import pytest

from caseworker.domain import indicators as calc
from caseworker.domain.indicators import Thresholds


def test_share_of_year_counts_the_report_date_as_elapsed():
    assert calc.share_of_year(date(2025, 1, 1), 2025) == pytest.approx(1 / 365)
    assert calc.share_of_year(date(2025, 12, 31), 2025) == 1.0
    assert calc.share_of_year(date(2024, 12, 31), 2024) == 1.0  # a leap year too
    assert calc.share_of_year(date(2024, 12, 31), 2025) == 0.0
    assert calc.share_of_year(date(2026, 3, 1), 2025) == 1.0
    # the seed report: 19 August 2020, "about 63% of the year elapsed"
    assert round(calc.share_of_year(date(2020, 8, 19), 2020), 2) == 0.63


def test_months_left_as_in_the_seed_report():
    assert calc.months_left(date(2020, 8, 19)) == 4
    assert calc.months_left(date(2025, 12, 31)) == 0
    assert calc.months_left(date(2025, 1, 1)) == 11


def test_report_date_defaults_and_clipping():
    today = date(2026, 11, 27)
    assert calc.report_date(2026, None, today) == today
    assert calc.report_date(2025, None, today) == date(2025, 12, 31)
    assert calc.report_date(2025, date(2026, 2, 1), today) == date(2025, 12, 31)
    assert calc.report_date(2025, date(2024, 2, 1), today) == date(2025, 1, 1)
    assert calc.report_date(2025, date(2025, 6, 30), today) == date(2025, 6, 30)
    assert calc.report_date(2026, date(2026, 12, 20), today) == today


def test_execution_pace_and_forecast():
    assert calc.execution(50, 200) == 0.25
    assert calc.execution(50, None) is None and calc.execution(50, 0) is None
    assert calc.pace(0.25, 0.5) == 0.5
    assert calc.pace(None, 0.5) is None and calc.pace(0.25, 0.0) is None
    assert calc.forecast(50, 0.5) == 100
    assert calc.forecast(50, 0.0) is None
    fig = calc.figure(475, 1000, 475, 0.5)
    assert (fig.execution, fig.pace, fig.forecast, fig.status) == (0.475, 0.95, 950, "behind")


@pytest.mark.parametrize("pace, expected", [
    (1.2, "on_track"), (1.0, "on_track"), (0.999, "behind"), (0.95, "behind"),
    (0.9499, "lagging"), (0.0, "lagging"), (None, "no_plan")])
def test_status_thresholds(pace, expected):
    assert calc.status(pace) == expected


def test_thresholds_are_settings():
    strict = Thresholds(on_track=1.1, lagging=1.0)
    assert calc.status(1.05, strict) == "behind"
    assert calc.status(0.99, strict) == "lagging"


@pytest.mark.parametrize("statuses, expected", [
    (["on_track", "on_track", "no_plan"], "high"),
    (["on_track", "behind"], "average"),
    (["on_track", "lagging"], "average"),
    (["lagging", "behind", "lagging"], "lagging"),
    (["no_plan", "no_plan"], None),
    ([], None)])
def test_region_tiers(statuses, expected):
    assert calc.tier(statuses) == expected


def test_tier_count_is_a_setting():
    assert calc.tier(["lagging", "on_track"], Thresholds(lagging_indicators=1)) == "lagging"


def test_hidden_figure_gives_nothing_away():
    fig = calc.hide(calc.figure(3, 10, 3, 0.5))
    assert fig.hidden and (fig.fact, fig.units, fig.execution, fig.pace, fig.forecast) == (
        0, 0, None, None, None)
    assert fig.plan == 10


def test_briefing_data():
    regions = [
        calc.RegionLine("Kyzylorda", "lagging", (("grants", "lagging", 0.475),
                                                 ("public works", "lagging", 0.5012),
                                                 ("coverage", "on_track", 0.7))),
        calc.RegionLine("Shymkent", "high", (("grants", "on_track", 0.8),)),
        calc.RegionLine("Almaty", "average", (("grants", "behind", 0.6),)),
        calc.RegionLine("Ulytau", None, ()),
    ]
    b = calc.briefing(regions, 2020, date(2020, 8, 19), 743_000, 1_220_000)
    assert b.lagging == (calc.Lag("Kyzylorda", (("grants", 47.5), ("public works", 50.1))),)
    assert b.high == ("Shymkent",) and b.average == ("Almaty",)
    assert b.months_left == 4 and round(b.share, 2) == 0.63
    assert b.coverage_forecast == pytest.approx(743_000 / b.share)


def test_month_ends_and_restatements():
    assert calc.last_month_end(date(2025, 3, 1)) == date(2025, 2, 28)
    assert calc.last_month_end(date(2025, 1, 15)) == date(2024, 12, 31)
    assert calc.is_month_end(date(2024, 2, 29)) and not calc.is_month_end(date(2025, 2, 27))
    reported, live = calc.figure(10, 20, 10, 0.5), calc.figure(12, 20, 12, 0.5)
    assert calc.frozen(reported, calc.figure(10, 20, 10, 0.5)) == reported
    again = calc.frozen(reported, live)
    assert again.fact == 10 and again.restated and again.live == 12
    assert calc.frozen(reported, live, show_live=False).live is None
    assert calc.hide(again).restated and calc.hide(again).live is None


def test_districts_whose_targets_add_up_to_more_than_the_regions_own():
    plans = [("public_works", None, 1), ("public_works", 7, 20), ("public_works", 8, 5),
             ("coverage", None, 100), ("coverage", 7, 60), ("coverage", 8, 40),
             ("microcredit", 7, 9)]  # no target of the region's own: nothing to compare
    assert calc.districts_above_region(plans) == [("public_works", 1, 25)]
    assert calc.districts_above_region([]) == []

