"""The tally of Roadmap projects' progress entries (pure): each rule of projects sums its
figure from the day of each entry, a reversal subtracting; other rules ignore entries, and the
versions of an indicator are told apart by their keys."""
from datetime import date

from caseworker.domain.tally import payment_deltas, progress_deltas, spans, Ref
from caseworker.indicators.definitions import BY_CODE, RETIRED, for_date, in_force

FUNDS, JOBS, PERMANENT = (BY_CODE[c] for c in (
    "project_funds_used", "project_jobs_created", "project_permanent_jobs"))


def test_each_rule_sums_its_figure_by_day_and_a_reversal_subtracts():
    entries = [(date(2026, 3, 31), {"funds_used_kzt": 500, "jobs_created": 4, "permanent_jobs": 1}),
               (date(2026, 4, 5), {"funds_used_kzt": -500, "jobs_created": -4,
                                   "permanent_jobs": -1}),
               (date(2026, 4, 5), {"funds_used_kzt": 50, "jobs_created": 4, "permanent_jobs": 0})]
    found = progress_deltas([FUNDS, JOBS, PERMANENT, BY_CODE["coverage"]], entries)
    assert found == {
        ("project_funds_used", 2026, date(2026, 3, 31)): [500, 1],
        ("project_funds_used", 2026, date(2026, 4, 5)): [-450, 0],
        ("project_jobs_created", 2026, date(2026, 3, 31)): [4, 1],
        ("project_permanent_jobs", 2026, date(2026, 3, 31)): [1, 1],
        ("project_permanent_jobs", 2026, date(2026, 4, 5)): [-1, -1]}
    # ("project_jobs_created", 2026-04-05) nets to [0, 0] and is left out
    assert payment_deltas([FUNDS], [("state_grant", date(2026, 1, 5), 100)]) == {}
    assert spans(FUNDS, Ref("state_grant", 100, 2026, (("started", date(2026, 1, 5)),))) == []


def test_a_report_date_picks_the_version_in_force_and_its_key():
    assert in_force("funds_used", date(2025, 12, 31)) is RETIRED[0]
    assert in_force("funds_used", date(2026, 1, 1)) is BY_CODE["funds_used"]
    assert RETIRED[0].key == "funds_used@v1" and BY_CODE["funds_used"].key == "funds_used"
    assert [i.code for i in for_date(date(2025, 6, 1))] == list(BY_CODE)
    assert in_force("coverage", date(2017, 1, 1)) is BY_CODE["coverage"]
