"""Suitable work by rules as data: each rule, its versions by date, and the verdict."""
from __future__ import annotations

from datetime import date

from caseworker.domain.suitable import Facts, Rule, in_force, judge

D = date(2026, 1, 1)
RULES = [Rule("occupation_or_education", D, None, "3"), Rule("wage_last", D, None, "100"),
         Rule("wage_minimum", D, None, ""), Rule("travel", D, None, "district"),
         Rule("health", D, None, "36")]


def _facts(**kw) -> Facts:
    base = dict(occupation_codes=("5223",), education_level="secondary", last_wage=100_000,
                district_id=1, disability_group=None, job_occupation="5221",
                job_education=None, job_district_id=1, wage=150_000, hours_per_week=40,
                min_wage=85_000)
    return Facts(**(base | kw))


def _status(facts, rule) -> str:
    return next(r.status for r in judge(RULES, facts, date(2026, 3, 1))[1] if r.rule == rule)


def test_an_offer_that_meets_every_rule_is_suitable():
    ok, reasons = judge(RULES, _facts(), date(2026, 3, 1))
    assert ok and [r.rule for r in reasons] == [r.rule for r in RULES]


def test_each_rule_can_make_it_unsuitable():
    assert _status(_facts(job_occupation="7231"), "occupation_or_education") == "failed"
    assert _status(_facts(job_occupation="7231", job_education="basic"),
                   "occupation_or_education") == "passed"
    assert _status(_facts(wage=99_999), "wage_last") == "failed"
    assert _status(_facts(last_wage=None), "wage_last") == "unknown"
    assert _status(_facts(wage=84_999, last_wage=None), "wage_minimum") == "failed"
    assert _status(_facts(wage=42_500, hours_per_week=20, last_wage=None),
                   "wage_minimum") == "passed"  # pro rata for part time
    assert _status(_facts(job_district_id=2), "travel") == "failed"
    assert _status(_facts(disability_group=2), "health") == "failed"
    assert _status(_facts(disability_group=2, hours_per_week=36), "health") == "passed"
    assert _status(_facts(disability_group=3), "health") == "passed"
    assert not judge(RULES, _facts(last_wage=None), date(2026, 3, 1))[0]  # unknown: not shown


def test_the_rules_of_the_offer_day_apply():
    later = RULES + [Rule("wage_last", date(2026, 6, 1), None, "90")]
    assert _facts(wage=95_000).wage < 100_000
    assert not judge(later, _facts(wage=95_000), date(2026, 5, 31))[0]
    assert judge(later, _facts(wage=95_000), date(2026, 6, 1))[0]
    assert in_force(RULES, date(2025, 12, 31)) == []
    assert judge(RULES, _facts(), date(2025, 12, 31)) == (False, [])
