"""The rules of a referral's proposal, in the order they are checked and with their refusal
codes: one copy for `operations.refer` (a typed referral) and its batch form
`many.refer_many` (an import of many). What the rules read goes through `Reads`: one
statement each time for a typed referral; the batch form's reads (`many.BatchReads`) read
each thing once for many rows and keep what the batch has made so far."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseworker import clock, policy
from caseworker.domain.dates import start_within_plans
from caseworker.domain.event_dates import day_problem
from caseworker.extensions import db
from caseworker.measures.allocations import lock as lock_allocation
from caseworker.models import (
    Allocation, Measure, Person, Provider, Referral, Region, RoadmapProject, User)
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import commitments
from caseworker.payments.queries import funds_of
from caseworker.referrals import terms
from caseworker.refusals import Refused

START_MESSAGE = _l("A start date belongs to last year, this year or next year: check the year.")


def text(value: str | None) -> str | None:
    return (value or "").strip() or None


def invalid(field: str, message) -> Refused:
    return Refused("validation_error", message, field=field)


@dataclass
class Proposal:
    """What a referral's form (or an import's row) says besides the person and measure."""
    on: date
    provider_id: int | None = None
    project_id: int | None = None
    destination_region_id: int | None = None
    amount_kzt: int | None = None
    start_on: date | None = None
    comment: str | None = None
    override_reason: str | None = None


def places_left(allocation: Allocation) -> int:
    """Its referrals counted, not its kept use (`measures.use`): read under the allocation's
    lock to give a place, the limit rests on the referrals alone."""
    used = db.session.scalar(select(func.count()).select_from(Referral).where(
        Referral.allocation_id == allocation.id, Referral.status.in_(USING_STATUSES)))
    return allocation.places - used


def open_referral(person: Person, measure: Measure) -> Referral | None:
    return db.session.scalar(select(Referral).where(
        Referral.person_id == person.id, Referral.measure_code == measure.code,
        Referral.status.in_(OPEN_STATUSES)))


class Reads:
    """What the rules read, one statement each time (a typed referral)."""

    def measure(self, code: str) -> Measure | None:
        return db.session.get(Measure, code)

    def provider(self, provider_id: int) -> Provider | None:
        return db.session.get(Provider, provider_id)

    def has_project(self, person: Person, year: int, project_id: int) -> bool:
        return db.session.scalar(terms.projects_for(person, year).where(
            RoadmapProject.id == project_id)) is not None

    def is_open(self, person: Person, measure: Measure) -> bool:
        return open_referral(person, measure) is not None

    def history(self, person: Person) -> list[tuple] | None:
        """The person's referrals as `eligibility.full_facts` takes them (None: it reads)."""
        return None

    def allocation(self, person: Person, measure: Measure, year: int) -> Allocation | None:
        return terms.allocation_for(person, measure, year)

    def places_left(self, allocation: Allocation) -> int:
        """Under the allocation's lock (PostgreSQL: its row's; SQLite: the write lock), so
        two people cannot both take its last place."""
        lock_allocation(allocation.id)
        return places_left(allocation)

    def funds_left(self, allocation: Allocation) -> int:
        return funds_of(allocation).left


def _referable(person: Person, measure: Measure | None) -> Measure:
    if measure is None or not measure.active:
        raise Refused("measure_not_found")
    if person.status != "active":
        raise Refused("not_active")
    return measure


def referable(person: Person, measure_code: str) -> Measure:
    """The active measure a person may be referred to, as far as the person and the
    measure go (the form's terms are checked by `refer`)."""
    return _referable(person, db.session.get(Measure, measure_code))


def _destination(person: Person, measure: Measure, region_id: int | None,
                 on: date) -> Region | None:
    if region_id is not None and not measure.moves_person:
        raise invalid("destination_region_id",
                      _l("Only a resettlement names a region to move to."))
    destination = db.session.get(Region, region_id) if region_id is not None else None
    if measure.moves_person and not terms.may_move_to(person, destination, on):
        raise Refused("destination_required")
    return destination


def check_provider(person: Person, provider_id: int | None, reads: Reads | None = None) -> None:
    if provider_id is not None and not terms.may_send_to(
            person, (reads or Reads()).provider(provider_id)):
        raise invalid("provider_id", _l("No active provider with this id in the person's "
                                        "region."))


def _check_terms(person: Person, p: Proposal, reads: Reads) -> None:
    check_provider(person, p.provider_id, reads)
    if p.project_id is not None and not reads.has_project(person, p.on.year, p.project_id):
        raise invalid("project_id", _l("No Employment Roadmap project with this id in the "
                                       "person's region this year."))
    if p.start_on is not None and not start_within_plans(p.start_on, p.on):
        raise invalid("start_on", START_MESSAGE)


def _check_day(person: Person, on: date) -> None:
    """A referral is proposed today or on a past day (back-dated), never before the person's
    registration."""
    problem = day_problem(on, clock.today(), born=person.birth_date,
                          follows=person.registered_on, before="referral_before_registration")
    if problem:
        raise Refused(problem)


def judged(person: Person, measure_code: str, user: User, p: Proposal,
           reads: Reads) -> Referral:
    """The proposed referral (not added to the session), with the eligibility verdict and
    rules version of `p.on`, the allocation it draws on and (left out) the amount it commits
    for the whole measure, under that version at that day's MCI; or the first rule's
    refusal."""
    comment, override_reason, on = text(p.comment), text(p.override_reason), p.on
    measure = _referable(person, reads.measure(measure_code))
    _check_day(person, on)
    _check_terms(person, p, reads)
    destination = _destination(person, measure, p.destination_region_id, on)
    if reads.is_open(person, measure):
        raise Refused("already_open")
    verdict = terms.verdict_of(person, measure, on, reads.history(person))
    if verdict is None:
        raise Refused("measure_not_in_force")
    if verdict["status"] != "passed" and not override_reason:
        raise Refused("not_eligible")
    amount_kzt = p.amount_kzt
    if amount_kzt and measure.pays_nothing:
        raise Refused("free_measure")
    if amount_kzt is None:
        amount_kzt = terms.commitment(measure, on, person, destination)
    allocation = reads.allocation(person, measure, on.year)
    if allocation is not None:
        if reads.places_left(allocation) <= 0 and not override_reason:
            raise Refused("no_places")
        commitments.check_funds(allocation, measure, amount_kzt, on, override_reason,
                                reads.funds_left)
    if override_reason and not policy.can(user, "eligibility.override"):
        raise Refused("override_supervisor_only")
    return Referral(
        person_id=person.id, measure_code=measure.code, status="proposed", proposed_on=on,
        status_on=on, verdict=verdict, rules_version=verdict["rules_version"],
        override_reason=override_reason, allocation_id=allocation.id if allocation else None,
        provider_id=p.provider_id, start_on=p.start_on, amount_kzt=amount_kzt,
        comment=comment, created_by_id=user.id, project_id=p.project_id,
        destination_region_id=destination.id if destination else None)
