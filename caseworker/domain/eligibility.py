"""Eligibility of a person for a measure, from the measure's rules as data.

Every rule does two things that must agree (a property test checks it): `explain` gives
passed / failed / unknown for one person, with a reason code and values for the sentence, and
`condition` gives an SQL expression that is true exactly for the persons who pass, built from
the columns the caller hands in (`SqlSide`), with every cut-off date computed here in Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Protocol

from sqlalchemy import and_, not_, or_, true

from caseworker.domain.dates import add_months, months_cutoff, reached
from caseworker.domain.derived import (
    GRADUATE_LEVELS, GRADUATE_MONTHS, LONG_TERM_MONTHS, PRE_RETIREMENT_YEARS, YOUTH_MAX_AGE,
    Facts, all_groups, graduated_within, pension_months)

PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"
SOON_MONTHS = 3


@dataclass(frozen=True)
class Context:
    today: date
    pension_table: dict
    kind_of: dict[str, str] = field(default_factory=dict)  # measure code -> kind


@dataclass(frozen=True)
class Outcome:
    rule: str
    status: str
    reason: str                       # a code the page turns into a sentence
    values: dict[str, Any] = field(default_factory=dict)
    missing: str | None = None        # the profile field to fill in when unknown


class SqlSide(Protocol):
    """Columns and helpers over persons that the SQL conditions are built from."""
    birth_date: Any
    sex: Any
    rural: Any
    disability_group: Any
    business_idea: Any
    graduation_year: Any
    graduated_on: Any
    education_level: Any
    experience_months: Any
    specialty_experience_months: Any
    unemployed_since: Any           # the earlier of last job end and registration

    def ticked(self, group: str) -> Any: ...
    def in_labour_surplus_region(self) -> Any: ...
    def completed(self, measure: str) -> Any: ...
    def in_training(self) -> Any: ...
    def referred_kind_since(self, kind: str, since: date) -> Any: ...


def _sex_split(side: SqlSide, today: date, table, build: Callable[[int], Any]):
    men, women = pension_months("M", today, table), pension_months("F", today, table)
    return or_(and_(side.sex == "M", build(men)), and_(side.sex == "F", build(women)))


def graduated_within_condition(side: SqlSide, months: int, on: date):
    """SQL for derived.graduated_within(...) is True (`months` whole years): the diploma's
    date when known, else a year that decides whatever its day: every day of it past, and
    its first day less than `months` ago."""
    by_year_last = on.year if (on.month, on.day) == (12, 31) else on.year - 1
    by_year_first = on.year - (months - 1) // 12
    by_date = and_(side.graduated_on.is_not(None), side.graduated_on <= on,
                   side.graduated_on > months_cutoff(on, months))
    return or_(by_date, and_(side.graduated_on.is_(None),
                             side.graduation_year.between(by_year_first, by_year_last)))


def group_condition(group: str, side: SqlSide, ctx: Context):
    today = ctx.today
    youth = side.birth_date > months_cutoff(today, 12 * (YOUTH_MAX_AGE + 1))
    if group == "youth":
        return youth
    if group == "neet":
        return and_(youth, not_(side.in_training()))
    if group == "graduate":
        return and_(side.education_level.in_(GRADUATE_LEVELS),
                    graduated_within_condition(side, GRADUATE_MONTHS, today))
    if group == "pre_retirement":
        return _sex_split(side, today, ctx.pension_table, lambda m: and_(
            side.birth_date <= months_cutoff(today, m - 12 * PRE_RETIREMENT_YEARS),
            side.birth_date > months_cutoff(today, m)))
    if group == "long_term_unemployed":
        return side.unemployed_since <= months_cutoff(today, LONG_TERM_MONTHS)
    if group == "rural":
        return side.rural.is_(True)
    if group == "disability":
        return or_(side.disability_group.is_not(None), side.ticked("disability"))
    return side.ticked(group)


class Rule:
    name = ""

    def __init__(self, value):
        self.value = value

    def explain(self, facts: Facts, ctx: Context) -> Outcome:
        raise NotImplementedError

    def condition(self, side: SqlSide, ctx: Context):
        raise NotImplementedError

    def outcome(self, ok: bool | None, reason: str, missing: str | None = None, **values):
        status = UNKNOWN if ok is None else PASSED if ok else FAILED
        return Outcome(self.name, status, reason, {"limit": self.value, **values},
                       missing if ok is None else None)


class MinAge(Rule):
    name = "min_age"

    def explain(self, facts, ctx):
        ok = reached(facts.birth_date, 12 * self.value, ctx.today)
        return self.outcome(ok, "age_at_least" if ok else "age_below")

    def condition(self, side, ctx):
        return side.birth_date <= months_cutoff(ctx.today, 12 * self.value)


class MaxAge(Rule):
    name = "max_age"

    def explain(self, facts, ctx):
        ok = not reached(facts.birth_date, 12 * (self.value + 1), ctx.today)
        soon = ok and reached(facts.birth_date, 12 * (self.value + 1),
                              add_months(ctx.today, SOON_MONTHS))
        return self.outcome(ok, "age_at_most_soon" if soon else
                            "age_at_most" if ok else "age_above", soon=soon)

    def condition(self, side, ctx):
        return side.birth_date > months_cutoff(ctx.today, 12 * (self.value + 1))


class TargetGroupsAny(Rule):
    name = "target_groups_any"

    def explain(self, facts, ctx):
        have = all_groups(facts, ctx.today, ctx.pension_table) & set(self.value)
        return self.outcome(bool(have), "in_groups" if have else "no_group",
                            groups=sorted(have) or list(self.value))

    def condition(self, side, ctx):
        return or_(*(group_condition(g, side, ctx) for g in self.value))


class RequiresBusinessIdea(Rule):
    name = "requires_business_idea"

    def explain(self, facts, ctx):
        ok = bool(facts.business_idea)
        return self.outcome(True if ok else None, "has_idea" if ok else "idea_unknown",
                            missing="business_idea")

    def condition(self, side, ctx):
        return and_(side.business_idea.is_not(None), side.business_idea != "")


class RequiresCompleted(Rule):
    name = "requires_completed"

    def explain(self, facts, ctx):
        ok = any(r.measure == self.value and r.status == "completed" for r in facts.referrals)
        return self.outcome(ok, "completed_first" if ok else "not_completed_first")

    def condition(self, side, ctx):
        return side.completed(self.value)


class MaxYearsSinceGraduation(Rule):
    """Within N years of the diploma's date (not calendar years): the date decides; a year
    alone only where every day of it gives the same answer, else the date is asked for."""
    name = "max_years_since_graduation"

    def explain(self, facts, ctx):
        if facts.graduated_on is None and facts.graduation_year is None:
            return self.outcome(None, "graduation_unknown", missing="graduated_on")
        ok = graduated_within(facts, 12 * self.value, ctx.today)
        if ok is None:
            return self.outcome(None, "graduation_date_needed", missing="graduated_on",
                                year=facts.graduation_year)
        if facts.graduated_on is None:
            return self.outcome(ok, "graduated_year_recently" if ok
                                else "graduated_year_long_ago", year=facts.graduation_year)
        return self.outcome(ok, "graduated_recently" if ok else "graduated_long_ago",
                            since=facts.graduated_on)

    def condition(self, side, ctx):
        return graduated_within_condition(side, 12 * self.value, ctx.today)


class RequiresNoExperience(Rule):
    name = "requires_no_experience"

    def explain(self, facts, ctx):
        if facts.experience_months is None:
            return self.outcome(None, "experience_unknown", missing="experience_months")
        ok = facts.experience_months == 0
        return self.outcome(ok, "no_experience" if ok else "has_experience",
                            months=facts.experience_months)

    def condition(self, side, ctx):
        return side.experience_months == 0


class RequiresNoSpecialtyExperience(Rule):
    """No experience in the person's specialty; other work does not count against them.
    No experience at all answers it too."""
    name = "requires_no_specialty_experience"

    def explain(self, facts, ctx):
        months = facts.specialty_experience_months
        if months is None and facts.experience_months == 0:
            months = 0
        if months is None:
            return self.outcome(None, "specialty_experience_unknown",
                                missing="specialty_experience_months")
        ok = months == 0
        return self.outcome(ok, "no_specialty_experience" if ok
                            else "has_specialty_experience", months=months)

    def condition(self, side, ctx):
        return or_(side.specialty_experience_months == 0,
                   and_(side.specialty_experience_months.is_(None),
                        side.experience_months == 0))


class BelowPensionAge(Rule):
    name = "below_pension_age"

    def explain(self, facts, ctx):
        months = pension_months(facts.sex, ctx.today, ctx.pension_table)
        ok = not reached(facts.birth_date, months, ctx.today)
        return self.outcome(ok, "below_pension" if ok else "pension_age",
                            pension_age=months / 12)

    def condition(self, side, ctx):
        return _sex_split(side, ctx.today, ctx.pension_table,
                          lambda m: side.birth_date > months_cutoff(ctx.today, m))


class LabourSurplusRegionOnly(Rule):
    """A resettler comes from a labour-surplus region; a kandas may resettle from any."""
    name = "labour_surplus_region_only"

    def explain(self, facts, ctx):
        if "kandas" in facts.target_groups:
            return self.outcome(True, "kandas_any_region")
        ok = facts.labour_surplus_region
        return self.outcome(ok, "surplus_region" if ok else "not_surplus_region")

    def condition(self, side, ctx):
        return or_(side.ticked("kandas"), side.in_labour_surplus_region())


class Cooldown(Rule):
    """No referral of the same kind within N years (void referrals do not count)."""
    name = "cooldown_years"
    kind = ""

    def since(self, ctx) -> date:
        return months_cutoff(ctx.today, 12 * self.value)

    def explain(self, facts, ctx):
        recent = [r for r in facts.referrals if r.kind == self.kind and r.on > self.since(ctx)
                  and r.status not in ("rejected", "declined", "cancelled")]
        return self.outcome(not recent, "no_recent_referral" if not recent
                            else "recent_referral", last=max((r.on for r in recent), default=None))

    def condition(self, side, ctx):
        return not_(side.referred_kind_since(self.kind, self.since(ctx)))


RULES: dict[str, type[Rule]] = {r.name: r for r in (
    MinAge, MaxAge, TargetGroupsAny, RequiresBusinessIdea, RequiresCompleted,
    MaxYearsSinceGraduation, RequiresNoExperience, RequiresNoSpecialtyExperience,
    BelowPensionAge, LabourSurplusRegionOnly, Cooldown)}


def build(rules: dict, kind: str) -> list[Rule]:
    """Rule objects from a measure's rules data; unknown keys are refused, not ignored."""
    built = []
    for key, value in rules.items():
        if key not in RULES:
            raise ValueError(f"unknown rule {key}")
        if value in (None, False, "", []):
            continue
        rule = RULES[key](value)
        if isinstance(rule, Cooldown):
            rule.kind = kind
        built.append(rule)
    return built


@dataclass(frozen=True)
class Verdict:
    status: str
    outcomes: tuple[Outcome, ...]
    # The measure's version the rules came from (its number and first day), where known.
    version: int | None = None
    version_from: date | None = None

    @property
    def soon_ineligible(self) -> bool:
        return any(o.values.get("soon") for o in self.outcomes)

    @property
    def missing(self) -> list[str]:
        return [o.missing for o in self.outcomes if o.missing]


def evaluate(rules: dict, kind: str, facts: Facts, ctx: Context, version: int | None = None,
             version_from: date | None = None) -> Verdict:
    """The verdict of `rules` (a measure's version: say which) for the facts on ctx.today."""
    outcomes = tuple(rule.explain(facts, ctx) for rule in build(rules, kind))
    statuses = {o.status for o in outcomes}
    status = FAILED if FAILED in statuses else UNKNOWN if UNKNOWN in statuses else PASSED
    return Verdict(status, outcomes, version, version_from)


def condition(rules: dict, kind: str, side: SqlSide, ctx: Context):
    """SQL: true for exactly the persons who pass every rule."""
    parts = [rule.condition(side, ctx) for rule in build(rules, kind)]
    return and_(true(), *parts) if parts else true()

