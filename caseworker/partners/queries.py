"""What the organisations answered: the answers recorded through their links (the caseworker's
count and list), and the rows their response times are computed from, grouped in SQL."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import aliased, selectinload

from caseworker import policy
from caseworker.models import Person, Provider, Referral, ReferralEvent, User

PERIOD_DAYS = 365  # response times: the referrals sent in the last year
ANSWER_STEPS = ("started", "declined", "rejected")  # what leaves "referred" as an answer


def _narrowed(stmt: Select, user: User) -> Select:
    """A caseworker: the persons of their caseload; one who reviews: the district's."""
    if policy.can(user, "caseload.own"):
        stmt = stmt.where(Person.caseworker_id == user.id)
    return policy.scope_persons(stmt, user)


def unseen_answers(user: User) -> Select | None:
    """The steps organisations recorded through their links that nobody acting on the
    referral has opened yet (`operations.mark_seen`), on referrals of the user's caseload (or
    district, for one who reviews it); None for other roles."""
    if not (policy.can(user, "caseload.own") or policy.can(user, "caseload.review")):
        return None
    stmt = (select(ReferralEvent.id)
            .join(Referral, Referral.id == ReferralEvent.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .where(ReferralEvent.provider_id.is_not(None), ReferralEvent.seen_at.is_(None)))
    return _narrowed(stmt, user)


def answers_list(user: User) -> Select:
    """The same answers with what the list shows of each: the step, the person, the
    referral's measure and the organisation; the latest first."""
    ids = unseen_answers(user)
    return (select(ReferralEvent, Referral, Person, Provider)
            .join(Referral, Referral.id == ReferralEvent.referral_id)
            .join(Person, Person.id == Referral.person_id)
            .join(Provider, Provider.id == ReferralEvent.provider_id)
            .where(ReferralEvent.id.in_(ids))
            .options(selectinload(Referral.measure))
            .order_by(ReferralEvent.recorded_at.desc(), ReferralEvent.id.desc()))


def response_rows(user: User, today: date, provider_id: int | None = None) -> Select:
    """Referrals sent to organisations in the last year (of the persons the user sees),
    grouped by organisation, the day they were sent, the day and kind of their answer and,
    unanswered, the referral's status now: (provider_id, sent_on, answered_on, to_status,
    reason, employer_reason, open_status, n). Groups are few: the days repeat."""
    sent, answer = aliased(ReferralEvent), aliased(ReferralEvent)
    open_status = case((answer.id.is_(None), Referral.status))
    columns = (Referral.provider_id, sent.happened_on, answer.happened_on, answer.to_status,
               answer.reason, answer.employer_reason, open_status)
    stmt = (select(*columns, func.count())
            .select_from(Referral)
            .join(Person, Person.id == Referral.person_id)
            .join(sent, and_(sent.referral_id == Referral.id, sent.to_status == "referred"))
            .outerjoin(answer, and_(answer.referral_id == Referral.id,
                                    answer.from_status == "referred",
                                    answer.to_status.in_(ANSWER_STEPS)))
            .where(Referral.provider_id.is_not(None),
                   sent.happened_on >= today - timedelta(days=PERIOD_DAYS))
            .group_by(*columns))
    if provider_id is not None:
        stmt = stmt.where(Referral.provider_id == provider_id)
    return policy.scope_persons(stmt, user)


def waiting_for(user: User, provider_id: int, sent_by: date) -> Select:
    """The referrals of the persons the user sees that wait for the organisation's answer
    since `sent_by` or longer: the longest first."""
    stmt = (select(Referral, Person).join(Person, Person.id == Referral.person_id)
            .where(Referral.provider_id == provider_id, Referral.status == "referred",
                   Referral.status_on <= sent_by)
            .options(selectinload(Referral.measure))
            .order_by(Referral.status_on, Referral.id))
    return policy.scope_persons(stmt, user)


def providers_named(ids: list[int]) -> Select:
    return select(Provider).where(Provider.id.in_(ids))
