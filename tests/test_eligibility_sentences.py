"""A failed or unknown eligibility outcome says the rule before what it found of the person,
so that "is older than 35" is never read as the rule."""
from __future__ import annotations

import html

import pytest

from caseworker import labels
from caseworker.domain.eligibility import RULES, Outcome
from caseworker.measures.explain import rule_sentence, sentence
from tests import people_client
from tests.conftest import login
from tests.people_client import page

world = people_client.world


def test_every_rule_has_its_sentence():
    assert set(RULES) == set(labels.ELIGIBILITY_RULES)


@pytest.mark.parametrize("lang, rule", [("en", "Rule: at most 35 years old"),
                                        ("ru", "Условие: не старше 35 лет"),
                                        ("kk", "Шарт: 35 жастан аспайды")])
def test_the_rule_is_said_in_each_language(app, lang, rule):
    outcome = Outcome("max_age", "failed", "age_above", {"limit": 35})
    with app.test_request_context(headers={"Accept-Language": lang}):
        assert rule_sentence(outcome) == rule
        assert sentence(outcome)  # and what was found of the person


def test_an_unknown_business_idea_is_not_read_as_one(app):
    kept = Outcome("requires_business_idea", "unknown", "has_idea", {})  # a verdict of before
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert sentence(kept) == "No business idea is recorded"
        assert sentence(Outcome("requires_business_idea", "passed", "has_idea", {})) == \
            "Has a business idea"


def test_a_rule_without_its_value_says_nothing_rather_than_half(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert rule_sentence(Outcome("max_age", "unknown", "age_above", {})) == ""


def test_the_person_page_says_the_rule_of_a_failed_outcome(client, world):
    login(client, "cw")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    shown = html.unescape(page(client.get(f"/people/{world['own']}")))  # 36 years old
    assert ('<span class="outcome-rule">Rule: at most 35 years old.</span> Is older than 35'
            in shown)
    assert "Rule: at least 18 years old." not in shown  # a rule met is not repeated
