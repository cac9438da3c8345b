"""What the referral pages show: form choices and defaults, the steps a user may take, and
a letter's content. Nothing here decides a rule or writes (see operations.py)."""
from __future__ import annotations

import secrets
from datetime import date

import segno
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from caseworker import clock, labels, policy
from caseworker.calendar.queries import work_calendar
from caseworker.domain import money, workflow
from caseworker.domain.workdays import working_days_between
from caseworker.extensions import db
from caseworker.labels import WORKFLOW_REASONS
from caseworker.models import (
    CareerCentre, District, Letter, Measure, Person, Referral, UndoneStep)
from caseworker.options import options
from caseworker.measures.resettlement import receiving_for
from caseworker.payments.queries import benefit_of, funds_of, mci_on
from caseworker.referrals import answer_links
from caseworker.referrals.operations import places_left
from caseworker.referrals.terms import (
    allocation_for, commitment, destinations, projects_for, providers_for)


def provider_choice(referral: Referral):
    """The form that names the referral's provider, with the providers it offers."""
    from caseworker.referrals.forms import ProviderChoiceForm
    form = ProviderChoiceForm(provider_id=str(referral.provider_id or ""))
    form.provider_id.choices = options([("", "—")] + [
        (str(p.id), p.name) for p in providers_for(referral.person, referral.measure)])
    return form


def provider_form(referral: Referral):
    """The choice of the referral's provider while its letter is still to come; None after."""
    return provider_choice(referral) if referral.status in workflow.BEFORE_LETTER else None


def prepare(form, person: Person, measure: Measure, on: date) -> None:
    providers = providers_for(person, measure)
    form.provider_id.choices = options([("", "—")] + [(str(p.id), p.name) for p in providers])
    projects = db.session.scalars(projects_for(person, on.year)).all()
    form.project_id.choices = options([("", "—")] + [(str(p.id), p.name) for p in projects])
    places = destinations(person, on) if measure.moves_person else []
    form.destination_region_id.choices = options(
        [("", "—")] + [(str(r.id), r.name) for r in places])
    # (MCI per family member, the regions paying it) of the regions the person may move to
    rates = receiving_for(person.target_groups, on) if measure.moves_person else {}
    by_rate: dict = {}
    for region in places:
        by_rate.setdefault(rates[region.id], []).append(region.name)
    form.special_rates = sorted(by_rate.items(), reverse=True)
    if not form.is_submitted():
        form.form_token.data = secrets.token_hex(16)
        # a move's amount depends on where to: left empty, it is worked out on saving
        form.amount_kzt.data = None if measure.moves_person else commitment(
            measure, on, person)


def allocation_context(person: Person, measure: Measure, on: date) -> dict:
    """The allocation a referral of that day would draw on, its places left and (where it has
    funds) its funds: allocated, committed, paid on closed referrals and left."""
    allocation = allocation_for(person, measure, on.year)
    if allocation is None:
        return {"allocation": None, "left": None, "funds": None}
    return {"allocation": allocation, "left": places_left(allocation),
            "funds": funds_of(allocation) if allocation.funds_kzt else None}


def transition_forms(referral: Referral, form_class, user) -> list:
    """A form for each step the user may take the referral to next."""
    forms = []
    for to in workflow.allowed(referral.status, referral.needs_approval,
                               may_approve=policy.can(user, "referral.approve")):
        form = form_class(to=to, on=None if to in workflow.REPORTED else clock.today(),
                          prefix=to)
        form.reason.choices = options([("", "—")] + [
            (code, str(WORKFLOW_REASONS[code])) for code in workflow.REASONS.get(to, ())])
        form.employer_reason.choices = options([("", "—")] + [
            (code, str(labels.EMPLOYER_REASONS[code])) for code in workflow.EMPLOYER_REASONS]
            if "employer_refused" in workflow.REASONS.get(to, ()) else [])
        forms.append(form)
    return forms


def verify_url(code: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + "/verify/" + code


def qr_data_uri(code: str) -> str:
    """The verification link as a QR code (never a Micro QR, which cannot hold a link: asking
    segno for a full symbol spares it trying one, 2 ms a letter)."""
    return segno.make_qr(verify_url(code), error="m").svg_data_uri(border=2)


def outcome_form():
    from caseworker.referrals.forms import OutcomeForm
    form = OutcomeForm()  # nothing chosen beforehand: no kind, no date
    form.kind.choices = options([("", "—")] + [(k, str(v)) for k, v in labels.OUTCOMES.items()])
    return form


def follow_up_form():
    from caseworker.referrals.forms import FollowUpForm
    form = FollowUpForm(on=clock.today())  # the day: today; the answer and source: none
    form.source.choices = options([("", "—")] + [(k, str(v)) for k, v in labels.SOURCES.items()])
    return form


def printable_letters():
    """Letters with everything their print shows (referral, person, centre, measure, provider)
    loaded in the same statement; the caller narrows it to the user's scope."""
    referral = contains_eager(Letter.referral)
    return (select(Letter).join(Referral, Referral.id == Letter.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(Letter.status == "genuine")
            .options(joinedload(Letter.answer_link),
                     referral.contains_eager(Referral.person).joinedload(Person.district)
                     .joinedload(District.centre).undefer(CareerCentre.demo_contacts),
                     referral.joinedload(Referral.measure),
                     referral.joinedload(Referral.provider),
                     referral.joinedload(Referral.destination)))


def letter_context(letter) -> dict:
    referral = letter.referral
    amount = money.letter_amount(benefit_of(referral), mci_on(referral.proposed_on),
                                 referral.amount_kzt, referral.person.household_size)
    return {"referral": referral, "letter": letter, "person": referral.person,
            "centre": referral.person.district.centre, "qr": qr_data_uri(letter.code),
            "verify_url": verify_url(letter.code), "amount": amount,
            "answer": answer_links.printed(letter.answer_link)}


def waiting_days(referral: Referral, today: date) -> int | None:
    """Working days a provider has not answered a referred person, once past the setting
    (PROVIDER_WAIT_DAYS working days)."""
    if referral.status != "referred":
        return None
    days = working_days_between(referral.status_on, today,
                                work_calendar(referral.status_on, today))
    return days if days >= current_app.config["PROVIDER_WAIT_DAYS"] else None


def load_for_header(user) -> None:
    """Load what the page header shows of the user (their district and region), for a page
    rendered after the request's database session has closed."""
    for loaded in (user.district, user.region):
        if loaded is not None:
            _ = loaded.name


def history(referral: Referral) -> list[tuple[str, object]]:
    """The referral's history: its steps and its outcomes (a voided one too, shown struck
    through), and the steps undone as recorded by mistake (struck through, with who undid
    them and why), in the order they happened; an outcome after the steps of its day."""
    lines = [((e.happened_on, 0, e.id), "step", e) for e in referral.events]
    lines += [((o.start_on, 1, o.id), "outcome", o) for o in referral.outcomes]
    lines += [((u.happened_on, 0, 0), "undone", u) for u in db.session.scalars(
        select(UndoneStep).where(UndoneStep.referral_id == referral.id))]
    return [(kind, item) for _key, kind, item in sorted(lines, key=lambda line: line[0])]


# What features above referrals do when a user opens a referral's page (the partners mark the
# organisations' answers on it seen): registered at start-up, each called with the referral
# and the user before the page's read is committed.
_ON_OPEN: list = []


def on_open(hook) -> None:
    """Register `hook(referral, user)` once (a second registration of it changes nothing)."""
    if hook not in _ON_OPEN:
        _ON_OPEN.append(hook)


def opened(referral: Referral, user) -> None:
    for hook in _ON_OPEN:
        hook(referral, user)
