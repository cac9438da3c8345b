"""Helpers behind the referral views: form choices, defaults, and the letter's content."""
from __future__ import annotations

import secrets
from datetime import date

import segno
from flask import current_app
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import contains_eager

from caseworker.domain import workflow
from caseworker.domain.money import (
    RESETTLEMENT_MCI, benefit_kzt, for_household, rate_on, resettlement_amount)
from caseworker.extensions import db
from caseworker import clock, labels
from caseworker.labels import WORKFLOW_REASONS
from caseworker.measures import allocations
from caseworker.models.provider import KINDS_FOR_MEASURE
from caseworker.measures.eligibility import full_facts, context
from caseworker.domain import eligibility
from caseworker.models import (
    District, Letter, LetterBatch, Measure, MciRate, Person, Provider, Referral, Region,
    RoadmapProject)
from caseworker.options import options


def verdict_of(person: Person, measure: Measure, today: date) -> dict:
    """The verdict stored with a referral: status and each rule's outcome, as plain data."""
    return stored_verdict(measure, eligibility.evaluate(measure.rules, measure.kind,
                                                        full_facts(person), context(today)))


def stored_verdict(measure: Measure, verdict: eligibility.Verdict) -> dict:
    """A verdict as a referral keeps it."""
    return {"status": verdict.status, "rules_version": measure.rules_version,
            "outcomes": [{"rule": o.rule, "status": o.status, "reason": o.reason}
                         for o in verdict.outcomes]}


def default_amount(measure: Measure, on: date, person: Person,
                   destination: Region | None = None) -> int | None:
    """The benefit the measure pays on that day, for the person's household where it is paid
    per family member (for a move, at the destination's rate)."""
    mci = rate_on([(r.effective_from, r.mci_kzt) for r in db.session.scalars(select(MciRate))],
                  on)
    amount = measure.benefit_amount
    if measure.moves_person:
        amount = resettlement_amount(amount, destination.kato if destination else None)
    return for_household(benefit_kzt(amount, measure.benefit_unit, mci),
                         measure.benefit_period, person.household_size)


def destinations(person: Person) -> list[Region]:
    """Where a person may resettle to: the regions that are not labour-surplus, but their own."""
    return db.session.scalars(select(Region).where(
        Region.labour_surplus.is_(False), Region.id != person.region_id)
        .order_by(Region.kato)).all()


def destination_of(measure: Measure, region_id: int | None) -> Region | None:
    return db.session.get(Region, region_id) if region_id and measure.moves_person else None


def projects_for(person: Person, year: int):
    """The Employment Roadmap projects whose jobs a person may be referred to: the year's
    projects of their region, of the whole region or of their district."""
    return (select(RoadmapProject).where(
        RoadmapProject.region_id == person.region_id, RoadmapProject.year == year,
        or_(RoadmapProject.district_id.is_(None),
            RoadmapProject.district_id == person.district_id))
        .order_by(RoadmapProject.name))


def providers_for(person: Person, measure: Measure) -> list[Provider]:
    """The region's active providers of the kinds that deliver the measure (all of them, where
    the region has none of those kinds)."""
    stmt = select(Provider).where(Provider.region_id == person.region_id,
                                  Provider.active.is_(True)).order_by(Provider.name)
    kinds = KINDS_FOR_MEASURE.get(measure.kind)
    fitting = db.session.scalars(stmt.where(Provider.kind.in_(kinds))).all() if kinds else []
    return fitting or db.session.scalars(stmt).all()


def provider_form(referral: Referral):
    """The choice of the referral's provider while its letter is still to come; None after."""
    from caseworker.referrals.forms import ProviderChoiceForm
    if referral.status not in workflow.BEFORE_LETTER:
        return None
    form = ProviderChoiceForm(provider_id=str(referral.provider_id or ""))
    form.provider_id.choices = options([("", "—")] + [
        (str(p.id), p.name) for p in providers_for(referral.person, referral.measure)])
    return form


def prepare(form, person: Person, measure: Measure, on: date) -> None:
    providers = providers_for(person, measure)
    form.provider_id.choices = options([("", "—")] + [(str(p.id), p.name) for p in providers])
    projects = db.session.scalars(projects_for(person, on.year)).all()
    form.project_id.choices = options([("", "—")] + [(str(p.id), p.name) for p in projects])
    places = destinations(person) if measure.moves_person else []
    form.destination_region_id.choices = options(
        [("", "—")] + [(str(r.id), r.name) for r in places])
    # (region, MCI per family member) where a move is paid otherwise than the catalogue says
    form.special_rates = [(r.name, RESETTLEMENT_MCI[r.kato]) for r in places
                          if r.kato in RESETTLEMENT_MCI]
    if not form.is_submitted():
        form.form_token.data = secrets.token_hex(16)
        # a move's amount depends on where to: left empty, it is worked out on saving
        form.amount_kzt.data = None if measure.moves_person else default_amount(
            measure, on, person)


def allocation_for(person: Person, measure: Measure, year: int):
    return allocations.for_district(person.district, year).get(measure.code)


def transition_forms(referral: Referral, form_class, role: str) -> list:
    forms = []
    for to in workflow.allowed(referral.status, referral.measure.needs_approval):
        if to in workflow.SUPERVISOR_ONLY and role != "supervisor":
            continue
        form = form_class(to=to, on=clock.today(), prefix=to)
        form.reason.choices = options([("", "—")] + [
            (code, str(WORKFLOW_REASONS[code])) for code in workflow.REASONS.get(to, ())])
        forms.append(form)
    return forms


def verify_url(code: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + "/verify/" + code


def qr_data_uri(code: str) -> str:
    """The verification link as a QR code (never a Micro QR, which cannot hold a link: asking
    segno for a full symbol spares it trying one, 2 ms a letter)."""
    return segno.make_qr(verify_url(code), error="m").svg_data_uri(border=2)


def outcome_form(referral: Referral | None = None):
    from caseworker.referrals.forms import OutcomeForm
    form = OutcomeForm(start_on=clock.today())
    form.referred_on = referral.proposed_on if referral else None
    form.kind.choices = options([(k, str(v)) for k, v in labels.OUTCOMES.items()])
    return form


def follow_up_form(job_began: date | None = None):
    from caseworker.referrals.forms import FollowUpForm
    form = FollowUpForm(on=clock.today())
    form.job_began = job_began
    form.source.choices = options([(k, str(v)) for k, v in labels.SOURCES.items()])
    return form


def printable_letters():
    """Letters with everything their print shows (referral, person, centre, measure, provider)
    loaded in the same statement; the caller narrows it to the user's scope."""
    referral = contains_eager(Letter.referral)
    return (select(Letter).join(Referral, Referral.id == Letter.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Letter.status == "genuine")
            .options(referral.contains_eager(Referral.person).joinedload(Person.district)
                     .joinedload(District.centre),
                     referral.joinedload(Referral.measure),
                     referral.joinedload(Referral.provider),
                     referral.joinedload(Referral.destination)))


def letter_context(letter) -> dict:
    referral = letter.referral
    return {"referral": referral, "letter": letter, "person": referral.person,
            "centre": referral.person.district.centre, "qr": qr_data_uri(letter.code),
            "verify_url": verify_url(letter.code)}


def waiting_days(referral: Referral, today: date) -> int | None:
    """Days a provider has not answered a referred person, once past the setting."""
    if referral.status != "referred":
        return None
    days = (today - referral.status_on).days
    return days if days >= current_app.config["PROVIDER_WAIT_DAYS"] else None


def keep_batch(body: bytes, letters: int, user) -> int:
    """Keep the district's PDF of today's letters, dropping its earlier ones."""
    db.session.execute(delete(LetterBatch).where(LetterBatch.district_id == user.district_id))
    batch = LetterBatch(district_id=user.district_id, made_by_id=user.id, made_on=clock.today(),
                        letters=letters, pdf=body)
    db.session.add(batch)
    db.session.flush()
    return batch.id


def load_for_header(user) -> None:
    """Load what the page header shows of the user (their district and region), for a page
    rendered after the request's database session has closed."""
    for loaded in (user.district, user.region):
        if loaded is not None:
            _ = loaded.name
