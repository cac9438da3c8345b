"""A measure as it stood on a day: the version in force, the MCI of that day, and the amount a
referral decided that day commits (the whole measure under that version at that day's MCI)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import g, has_app_context
from sqlalchemy import select

from caseworker.domain import money
from caseworker.extensions import db
from caseworker.measures import queries, resettlement
from caseworker.models import Measure, MciRate, MeasureVersion, Person, Region


def mci_on(day: date) -> int | None:
    """The MCI in force on `day` (the rates are read once a request)."""
    if has_app_context() and "mci_rates" in g:
        rates = g.mci_rates
    else:
        rates = [(r.effective_from, r.mci_kzt) for r in db.session.scalars(select(MciRate))]
        if has_app_context():
            g.mci_rates = rates
    return money.rate_on(rates, day)


def in_tenge(version: MeasureVersion, day: date) -> int | None:
    """The version's benefit in whole tenge at the MCI of `day` (None: not a fixed sum)."""
    return money.benefit_kzt(version.benefit_amount, version.benefit_unit, mci_on(day))


def benefit(measure: Measure, version: MeasureVersion, destination: Region | None = None,
            rate: Decimal | None = None) -> money.Benefit:
    """What the version pays; a move: `rate`, the allowance per family member of the region
    moved to as the receiving regions' list of the decision date says (`resettlement`), or
    the version's own where the list has none."""
    amount = version.benefit_amount
    if measure.moves_person and destination is not None:
        amount = rate if rate is not None else version.amount_to(destination.kato)
    return money.Benefit(code=measure.code, kind=measure.kind, amount=amount,
                         unit=version.benefit_unit, period=version.benefit_period,
                         max_months=version.max_months)


def commitment(measure: Measure, on: date, person: Person,
               destination: Region | None = None, wage_kzt: int | None = None) -> int | None:
    """What a referral decided on `on` commits, for the whole measure: under the version in
    force that day at that day's MCI, a subsidised job's monthly rate x the version's longest
    duration (a share of `wage_kzt` where the measure pays a share of a wage), the grant, the
    microcredit's maximum, the allowance per family member (a move at the destination's
    rate). None where the measure was not in force that day or the sum cannot be known yet (a
    share of a wage not agreed, a course without a fee)."""
    version = measure.version_on(on)
    if version is None:
        return None
    rate = (resettlement.rate_to(person.target_groups, destination, on)
            if measure.moves_person else None)
    return money.commitment(benefit(measure, version, destination, rate), None,
                            person.household_size, mci_on(on), wage_kzt=wage_kzt)


def numbered(measure: Measure, number: int | None) -> MeasureVersion | None:
    """The version a referral was judged under (its rules_version)."""
    return next((v for v in measure.versions if v.number == number), None)


def catalogue_on(day: date, active_only: bool = False) -> list[tuple[Measure, MeasureVersion]]:
    """Every measure in force on `day` with its version of that day, by kind and code."""
    found = [(m, m.version_on(day)) for m in db.session.scalars(queries.catalogue(active_only))]
    return [(m, v) for m, v in found if v is not None]
