"""Connects the pure eligibility engine to persons in the database: the SQL side of each rule,
and a person's facts with their referral history."""
from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy import Text, and_, case, cast, exists, false, select, true
from sqlalchemy.orm import joinedload

from caseworker.domain import eligibility
from caseworker.domain.derived import TRAINING_KIND, Facts, PastReferral
from caseworker.extensions import db
from caseworker.models import Measure, Person, Referral, Region
from caseworker.models.referral import VOID_STATUSES
from caseworker.people.profiling import facts_of, pension_table


class PersonSide:
    """Person columns for eligibility.condition (implements domain.eligibility.SqlSide).
    Set on the instance: a mapped attribute read through a plain object would try to load it.
    With `on`, a person's referrals count only when proposed by that day (as full_facts)."""

    def __init__(self, on: date | None = None):
        self.on = on
        self.birth_date = Person.birth_date
        self.sex = Person.sex
        self.rural = Person.rural
        self.disability_group = Person.disability_group
        self.business_idea = Person.business_idea
        self.graduation_year = Person.graduation_year
        self.graduated_on = Person.graduated_on
        self.education_level = Person.education_level
        self.experience_months = Person.experience_months
        self.specialty_experience_months = Person.specialty_experience_months
        self.unemployed_since = case(
            (and_(Person.last_job_ended.is_not(None),
                  Person.last_job_ended < Person.registered_on), Person.last_job_ended),
            else_=Person.registered_on)

    def ticked(self, group: str):
        return cast(Person.target_groups, Text).contains(f'"{group}"', autoescape=True)

    def in_labour_surplus_region(self):
        return Person.region_id.in_(select(Region.id).where(Region.labour_surplus.is_(True)))

    def _by_then(self):
        return true() if self.on is None else Referral.proposed_on <= self.on

    def completed(self, measure: str):
        return exists().where(Referral.person_id == Person.id, Referral.measure_code == measure,
                              Referral.status == "completed", self._by_then())

    def in_training(self):
        """On a training measure now: a referral of the training kind that has started."""
        return exists().where(
            Referral.person_id == Person.id, Referral.measure_code == Measure.code,
            Measure.kind == TRAINING_KIND, Referral.status == "started", self._by_then())

    def referred_kind_since(self, kind: str, since: date):
        return exists().where(
            Referral.person_id == Person.id, Referral.measure_code == Measure.code,
            Measure.kind == kind, Referral.proposed_on > since,
            Referral.status.not_in(VOID_STATUSES), self._by_then())


def measures_by_code() -> dict[str, Measure]:
    """Every measure of the catalogue (active or not) by its code, read once per request."""
    if "measures_by_code" not in g:
        g.measures_by_code = {m.code: m for m in db.session.scalars(  # versions: same statement
            select(Measure).options(joinedload(Measure.versions))
            .order_by(Measure.kind, Measure.code)).unique()}
    return g.measures_by_code


def context(today: date) -> eligibility.Context:
    if "measure_kinds" not in g:
        g.measure_kinds = {code: m.kind for code, m in measures_by_code().items()}
    return eligibility.Context(today, pension_table(), g.measure_kinds)


def full_facts(person: Person, on: date | None = None,
               history: list[tuple] | None = None) -> Facts:
    """The person's facts with their referrals proposed by `on` (all, without it): `history`
    as (measure code, kind, status, day proposed) when the caller has read them already."""
    if history is None:
        stmt = (select(Referral.measure_code, Measure.kind, Referral.status, Referral.proposed_on)
                .join(Measure, Measure.code == Referral.measure_code)
                .where(Referral.person_id == person.id))
        if on is not None:
            stmt = stmt.where(Referral.proposed_on <= on)
        history = db.session.execute(stmt).all()
    elif on is not None:
        history = [row for row in history if row[3] <= on]
    base = facts_of(person)
    return Facts(**{**base.__dict__, "business_idea": person.business_idea,
                    "labour_surplus_region": bool(person.region.labour_surplus),
                    "referrals": tuple(PastReferral(*row) for row in history)})


def judged(measure: Measure, facts: Facts, ctx: eligibility.Context
           ) -> eligibility.Verdict | None:
    """The verdict under the measure's version in force on ctx.today (None: not in force)."""
    version = measure.version_on(ctx.today)
    if version is None:
        return None
    return eligibility.evaluate(version.rules, measure.kind, facts, ctx, version.number,
                                version.valid_from)


def verdict_on(person: Person, measure: Measure, on: date,
               history: list[tuple] | None = None) -> eligibility.Verdict | None:
    """The person's verdict for one measure on `on` (a decision date), under the version in
    force that day; `verdict.version` is the number a referral keeps as its rules_version
    (`history`: see full_facts)."""
    return judged(measure, full_facts(person, on, history), context(on))


def verdicts(person: Person, measures: list[Measure], on: date,
             history: list[tuple] | None = None):
    """Every measure in force on `on` with its verdict under that day's version (which one:
    verdict.version), eligible first, then unknown, then failed (`history`: see full_facts).
    Reads nothing per measure."""
    facts, ctx = full_facts(person, on, history), context(on)
    order = {eligibility.PASSED: 0, eligibility.UNKNOWN: 1, eligibility.FAILED: 2}
    rows = [(m, verdict) for m in measures
            if (verdict := judged(m, facts, ctx)) is not None]
    return sorted(rows, key=lambda row: (order[row[1].status], row[0].code))


def eligible_condition(measure: Measure, on: date):
    """SQL: the persons who pass the rules of the measure's version in force on `on`."""
    version = measure.version_on(on)
    if version is None:
        return false()
    return eligibility.condition(version.rules, measure.kind, PersonSide(on), context(on))
