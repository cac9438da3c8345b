"""Sentences for eligibility outcomes, in the user's language."""
from __future__ import annotations

from flask_babel import format_date

from caseworker import labels
from caseworker.domain.eligibility import Outcome
from caseworker.measures.eligibility import measures_by_code
from caseworker.models import Measure, TargetGroup
from caseworker.people.profiling import target_groups


def _names(model, codes) -> str:
    """Names of target groups or measures, from what a request reads once of either (a page
    explains every measure: no statement per sentence)."""
    rows = target_groups() if model is TargetGroup else measures_by_code()
    return ", ".join(rows[c].name if c in rows else c for c in codes)


def sentence(outcome: Outcome) -> str:
    values = dict(outcome.values)
    if "groups" in values:
        values["groups"] = _names(TargetGroup, values["groups"])
    if outcome.rule == "requires_completed":
        values["limit"] = _names(Measure, [values["limit"]])
    for name in ("last", "since"):
        if values.get(name):
            values[name] = format_date(values[name], "dd.MM.yyyy")
    if "pension_age" in values:
        values["pension_age"] = f"{values['pension_age']:g}"
    if outcome.reason == "age_at_most_soon":
        values["next"] = values["limit"] + 1
    reason = outcome.reason
    if reason == "has_idea" and outcome.status != "passed":  # verdicts kept before the split
        reason = "idea_unknown"
    template = labels.ELIGIBILITY_REASONS.get(reason)
    return str(template) % values if template else reason


def rule_sentence(outcome: Outcome) -> str:
    """What the rule behind an outcome asks ("Rule: at most 35 years old"); empty for a rule
    without a sentence."""
    template = labels.ELIGIBILITY_RULES.get(outcome.rule)
    if template is None:
        return ""
    try:
        return str(template) % dict(outcome.values)
    except (KeyError, TypeError, ValueError):  # a value the sentence needs is not given
        return ""
