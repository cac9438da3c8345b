"""The use cases of suitable-job offers: offer a vacancy to a person, record the answer
(accepted: a referral to the job with its numbered letter; refused with a coded reason; no
answer), void an answer entered by mistake, and decide the deregistration proposed after a
second refusal of suitable work. Each checks, writes, audits and flushes, or raises `Refused`.

A job referral is a referral to the measure of the vacancy's subsidised job (social jobs,
youth practice...), or else to `JOB_MEASURE` ("placement on a vacancy", which pays nothing
and needs no approval), sent to the vacancy's employer: so its letter, number, workflow,
outcome and follow-ups are those of every referral."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from caseworker import audit, clock, voiding
from caseworker.domain.event_dates import day_problem
from caseworker.extensions import db
from caseworker.models import DeregistrationProposal, Offer, Person, User, Vacancy
from caseworker.models.offer import ANSWERS, REFUSAL_REASONS
from caseworker.models.types import utcnow
from caseworker.offers import queries
from caseworker.offers.rules import as_data, judged
from caseworker.people.operations import deregister
from caseworker.referrals.operations import refer, transition
from caseworker.refusals import Refused

JOB_MEASURE = "job_placement"
SUITABLE_REFUSALS = 2  # the refusals of suitable work that end the unemployed status
REFUSED_SUITABLE = "refused_two_offers"  # the deregistration reason it is done with
LETTER_STATUSES = ("proposed", "approved", "referred")  # a job referral still cancellable


def _not_open() -> Refused:
    """The vacancy's "not open" (its code as when a vacancy is changed), said of an offer."""
    return Refused("vacancy_not_open", _l("This vacancy is not open: it cannot be offered."),
                   field="vacancy_id")


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _open_on(vacancy: Vacancy, on: date) -> bool:
    return vacancy.status == "open" and (vacancy.closes_on is None or vacancy.closes_on >= on)


def make_offer(person: Person, vacancy_id: int | None, user: User, *, on: date,
               note: str | None = None) -> Offer:
    """Offer the vacancy to the person on `on`, judged suitable or not by the rules of `on`."""
    vacancy = db.session.get(Vacancy, vacancy_id) if vacancy_id else None
    if vacancy is None or vacancy.region_id != person.region_id:
        raise Refused("vacancy_not_found")
    if person.status != "active":
        raise Refused("not_active")
    problem = day_problem(on, clock.today(), born=person.birth_date,
                          follows=vacancy.opened_on, before="offer_before_vacancy")
    if problem:
        raise Refused(problem)
    if not _open_on(vacancy, on):
        raise _not_open()
    suitable, reasons, rules_from = judged(person, vacancy, on)
    offer = Offer(person_id=person.id, vacancy_id=vacancy.id, offered_on=on,
                  offered_by_id=user.id, state="offered", suitable=suitable,
                  reasons=as_data(reasons), rules_from=rules_from, note=_text(note),
                  entered_by_id=user.id, entered_at=utcnow())
    db.session.add(offer)
    db.session.flush()
    audit.record("offer.create", "offer", offer.id, user=user, on=on)
    return offer


def answer(offer: Offer, given: str | None, user: User, *, on: date,
           reason: str | None = None, note: str | None = None) -> Offer:
    """The person's answer, as it happened on `on` (not before the offer, not in the future).
    Accepted: the job's referral is made and its letter issued. A refusal of a suitable offer
    that is the person's second proposes deregistration to the supervisor."""
    if offer.state != "offered":
        raise Refused("offer_answered")
    if given not in ANSWERS:
        raise Refused("validation_error", field="answer")
    person, vacancy = offer.person, offer.vacancy
    problem = day_problem(on, clock.today(), follows=offer.offered_on,
                          before="answer_before_offer")
    if problem:
        raise Refused(problem)
    if given == "refused" and reason not in REFUSAL_REASONS:
        raise Refused("refusal_reason_required")
    if given == "accepted":
        if not _open_on(vacancy, on):
            raise _not_open()
        referral = refer(person, vacancy.measure_code or JOB_MEASURE, user, on=on,
                         provider_id=vacancy.organisation_id,
                         comment=f"{vacancy.title or vacancy.occupation.name_ru} (#{vacancy.id})")
        referral.vacancy_id = vacancy.id
        if not referral.needs_approval:
            transition(referral, "referred", on, user)
        offer.referral_id = referral.id
    offer.state, offer.answered_on, offer.note = given, on, _text(note) or offer.note
    offer.refusal_reason = reason if given == "refused" else None
    offer.answered_at, offer.answered_by_id = utcnow(), user.id
    db.session.flush()
    audit.record(f"offer.{given}", "offer", offer.id, user=user, on=on)
    if given == "refused" and offer.suitable:
        _propose_if_second(offer, on)
    return offer


def _propose_if_second(offer: Offer, on: date) -> None:
    if queries.suitable_refusals(offer.person_id) < SUITABLE_REFUSALS:
        return
    if queries.pending_proposal(offer.person_id) is not None:
        return
    proposal = DeregistrationProposal(person_id=offer.person_id,
                                      district_id=offer.person.district_id,
                                      offer_id=offer.id, proposed_on=on, state="pending")
    db.session.add(proposal)
    db.session.flush()
    audit.record("deregistration.propose", "deregistration_proposal", proposal.id, on=on)


def void_answer(offer: Offer, user: User, reason: str | None, confirmed: bool) -> Offer:
    """An answer entered by mistake: voided (by its author or the district's supervisor, with
    a reason, confirmed); the offer waits for its answer again. An accepted one cancels the
    job's referral while its letter can still be cancelled; a refusal withdraws the
    deregistration it proposed, unless that was decided."""
    if offer.state == "offered":
        raise Refused("offer_not_answered")
    if not voiding.may_void(user, offer.answered_by_id, offer.person):
        raise Refused("not_yours_to_void")
    reason = voiding.reason_given(reason, confirmed, "void")
    today = clock.today()
    if offer.referral is not None:
        if offer.referral.status not in LETTER_STATUSES:
            raise Refused("offer_referral_moved")
        transition(offer.referral, "cancelled", max(today, offer.referral.status_on), user,
                   reason="entered_in_error", note=reason)
    proposal = queries.pending_proposal(offer.person_id)
    if offer.state == "refused":
        if queries.confirmed_for(offer.id):
            raise Refused("proposal_decided")
        if proposal is not None and offer.suitable:
            proposal.state, proposal.decided_on = "rejected", today
            proposal.decided_at, proposal.decided_by_id = utcnow(), user.id
            proposal.reason = reason
    offer.state, offer.answered_on, offer.refusal_reason = "offered", None, None
    offer.answered_at, offer.answered_by_id, offer.referral_id = None, None, None
    offer.voided_at, offer.voided_by_id, offer.void_reason = utcnow(), user.id, reason
    db.session.flush()
    audit.record("offer.void", "offer", offer.id, user=user)
    return offer


def decide(proposal: DeregistrationProposal, confirm: bool, user: User, *, on: date,
           reason: str | None = None, checked: bool = False) -> DeregistrationProposal:
    """The supervisor confirms (the person is deregistered on `on` for refusing suitable work
    twice, with the tick that the refusals were checked) or rejects with a reason."""
    if proposal.state != "pending":
        raise Refused("proposal_decided")
    reason = _text(reason)
    if confirm and not checked:
        raise Refused("confirm_deregistration")
    if not confirm and not reason:
        raise Refused("decision_reason_required")
    if confirm:
        deregister(proposal.person, REFUSED_SUITABLE, on, user, clock.today())
    proposal.state = "confirmed" if confirm else "rejected"
    proposal.decided_on, proposal.decided_at = on, utcnow()
    proposal.decided_by_id, proposal.reason = user.id, reason
    db.session.flush()
    audit.record(f"deregistration.{proposal.state}", "deregistration_proposal", proposal.id,
                 user=user, on=on)
    return proposal
