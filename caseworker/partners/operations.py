"""The organisations' answers: an answer through the link printed on a letter, and a new link
for a letter in force. An answer is a step of the referral's workflow taken through the same
operation as a caseworker's (`referrals.operations.transition`), recorded as the
organisation's; each checks, writes, audits and flushes, or raises `Refused`."""
from __future__ import annotations

from datetime import date

from sqlalchemy import update

from caseworker import audit, clock, policy
from caseworker.domain import workflow
from caseworker.extensions import db
from caseworker.models import AnswerLink, Referral, ReferralEvent, User
from caseworker.models.referral import OPEN_STATUSES
from caseworker.referrals import answer_links
from caseworker.referrals.operations import transition
from caseworker.refusals import Refused


def check_answer(link: AnswerLink, given: str, on: date, *, seen_version: int | None,
                 employer_reason: str | None = None) -> tuple[str, str]:
    """Whether the answer would be recorded, without writing (the page asks the organisation
    to confirm only an answer that would be): the step and reason it makes, or `Refused`."""
    referral = link.letter.referral
    if referral.provider is None:
        raise Refused("link_not_valid")
    if seen_version != referral.version:
        raise Refused("already_answered")
    refusal = workflow.answer_refusal(referral.status, given, employer_reason)
    if refusal is not None:
        raise Refused(refusal)
    to, reason = workflow.ANSWERS[given]
    refusal = workflow.refusal(
        referral.status, to, needs_approval=referral.needs_approval, may_approve=False,
        happened_on=on, previous_on=referral.status_on, today=clock.today(), reason=reason)
    if refusal is not None:
        raise Refused(refusal)
    return to, reason


def answer(link: AnswerLink, given: str, on: date, *, seen_version: int | None,
           employer_reason: str | None = None) -> Referral:
    """The organisation's answer `given` (`workflow.ANSWERS`: started, not_hired,
    did_not_come) to the referral of the link's letter, as happened on `on`. `seen_version`:
    the referral's version the organisation's page showed; the answer is for that state only,
    so a second submission of it (or one after the caseworker's step) changes nothing."""
    to, reason = check_answer(link, given, on, seen_version=seen_version,
                              employer_reason=employer_reason)
    referral = link.letter.referral
    provider = referral.provider
    transition(referral, to, on, None, reason=reason, provider=provider,
               employer_reason=employer_reason if given == "not_hired" else None)
    audit.record("answer_link.answer", "letter", link.letter_id, on=on,
                 provider_id=provider.id)
    db.session.flush()
    return referral


def renew_link(referral: Referral, user: User) -> AnswerLink:
    """A new answer link for the referral's letter in force (a letter issued before links
    existed has none; a link given away by mistake is replaced): the earlier one stops
    working, the letter keeps its number."""
    letter = next((l for l in referral.letters if l.status == "genuine"), None)
    if letter is None or referral.status not in OPEN_STATUSES:
        raise Refused("no_letter_in_force")
    return answer_links.create(letter, user)


def mark_seen(referral: Referral, user: User) -> int:
    """The organisations' answers on the referral, opened by a user who acts on it (its
    caseworker, the district's supervisor): seen from now, no longer counted as news. A user
    who only reads it (a regional officer) leaves them as they are. Returns how many."""
    if not policy.can(user, "referral.create", referral.person):
        return 0
    return db.session.execute(
        update(ReferralEvent).where(ReferralEvent.referral_id == referral.id,
                                    ReferralEvent.provider_id.is_not(None),
                                    ReferralEvent.seen_at.is_(None))
        .values(seen_at=clock.utcnow(), seen_by_id=user.id)
        .execution_options(synchronize_session=False)).rowcount
