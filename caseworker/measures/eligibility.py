"""Connects the pure eligibility engine to persons in the database: the SQL side of each rule,
and a person's facts with their referral history."""
from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy import Text, and_, case, cast, exists, select

from caseworker.domain import eligibility
from caseworker.domain.derived import Facts, PastReferral
from caseworker.extensions import db
from caseworker.models import Measure, Person, Referral, Region
from caseworker.models.referral import VOID_STATUSES
from caseworker.people.profiling import facts_of, pension_table


class PersonSide:
    """Person columns for eligibility.condition (implements domain.eligibility.SqlSide).
    Set on the instance: a mapped attribute read through a plain object would try to load it."""

    def __init__(self):
        self.birth_date = Person.birth_date
        self.sex = Person.sex
        self.rural = Person.rural
        self.disability_group = Person.disability_group
        self.business_idea = Person.business_idea
        self.graduation_year = Person.graduation_year
        self.experience_months = Person.experience_months
        self.unemployed_since = case(
            (and_(Person.last_job_ended.is_not(None),
                  Person.last_job_ended < Person.registered_on), Person.last_job_ended),
            else_=Person.registered_on)

    def ticked(self, group: str):
        return cast(Person.target_groups, Text).contains(f'"{group}"', autoescape=True)

    def in_labour_surplus_region(self):
        return Person.region_id.in_(select(Region.id).where(Region.labour_surplus.is_(True)))

    def completed(self, measure: str):
        return exists().where(Referral.person_id == Person.id,
                              Referral.measure_code == measure, Referral.status == "completed")

    def referred_kind_since(self, kind: str, since: date):
        return exists().where(
            Referral.person_id == Person.id, Referral.measure_code == Measure.code,
            Measure.kind == kind, Referral.proposed_on > since,
            Referral.status.not_in(VOID_STATUSES))


def measures_by_code() -> dict[str, Measure]:
    """Every measure of the catalogue (active or not) by its code, read once per request."""
    if "measures_by_code" not in g:
        g.measures_by_code = {m.code: m for m in db.session.scalars(
            select(Measure).order_by(Measure.kind, Measure.code))}
    return g.measures_by_code


def context(today: date) -> eligibility.Context:
    if "measure_kinds" not in g:
        g.measure_kinds = {code: m.kind for code, m in measures_by_code().items()}
    return eligibility.Context(today, pension_table(), g.measure_kinds)


def full_facts(person: Person, history: list[tuple] | None = None) -> Facts:
    """The person's facts with their referrals: `history` as (measure code, kind, status, day
    proposed) when the caller has read them already."""
    if history is None:
        history = db.session.execute(
            select(Referral.measure_code, Measure.kind, Referral.status, Referral.proposed_on)
            .join(Measure, Measure.code == Referral.measure_code)
            .where(Referral.person_id == person.id)).all()
    base = facts_of(person)
    return Facts(**{**base.__dict__, "business_idea": person.business_idea,
                    "graduation_year": person.graduation_year,
                    "labour_surplus_region": bool(person.region.labour_surplus),
                    "referrals": tuple(PastReferral(*row) for row in history)})


def verdicts(person: Person, measures: list[Measure], today: date,
             history: list[tuple] | None = None):
    """Every measure with its verdict, eligible first, then unknown, then failed (`history`:
    see full_facts). Reads nothing per measure."""
    facts, ctx = full_facts(person, history), context(today)
    order = {eligibility.PASSED: 0, eligibility.UNKNOWN: 1, eligibility.FAILED: 2}
    rows = [(m, eligibility.evaluate(m.rules, m.kind, facts, ctx)) for m in measures]
    return sorted(rows, key=lambda row: (order[row[1].status], row[0].code))


def eligible_condition(measure: Measure, today: date):
    return eligibility.condition(measure.rules, measure.kind, PersonSide(), context(today))
