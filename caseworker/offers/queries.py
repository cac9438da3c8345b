"""The selects of matching and offers, narrowed in SQL before anything is scored.

A person's vacancies: the open ones of the person's region, the district's first (a region
has hundreds, not millions). A vacancy's candidates: active persons of the vacancy's region
in the user's scope with a desired occupation in the vacancy's major group, read by the
indexes (district, status, occupation code 1, 2 or 3) as ranges of codes (the scope names
the district, or for a region's officer its districts), ordered by what weighs
most in the score (the depth of the group shared, then the district) and cut at `POOL`: only
that many are scored in Python. A person with no desired occupation of the major group is not
a candidate (the score's occupation part would be 0)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import joinedload, load_only

from caseworker import policy
from caseworker.domain.matching import OCCUPATION_POINTS, PLACE_POINTS, group_range
from caseworker.extensions import db
from caseworker.models import (
    DeregistrationProposal, District, MciRate, Offer, Person, Provider, User, Vacancy)

POOL = 120  # persons or vacancies scored for one list (six pages of candidates)
# What scoring a candidate and listing them read of a person (the rest is never loaded).
CANDIDATE_COLUMNS = (
    Person.id, Person.iin, Person.last_name, Person.first_name, Person.patronymic,
    Person.region_id, Person.district_id, Person.status, Person.locality,
    Person.education_level, Person.experience_months, Person.expected_wage, Person.languages,
    Person.target_groups, Person.disability_group, Person.occupation_codes, Person.version)


def open_vacancies(person: Person, today: date, pool: int = POOL) -> Select:
    return (select(Vacancy).where(
        Vacancy.region_id == person.region_id, Vacancy.status == "open",
        Vacancy.opened_on <= today,
        or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= today))
        .options(joinedload(Vacancy.occupation),
                 joinedload(Vacancy.organisation).lazyload(Provider.kind_rows))
        .order_by((Vacancy.district_id == person.district_id).desc(), Vacancy.id)
        .limit(pool))


DESIRED = (Person.occupation_code, Person.occupation_code_2, Person.occupation_code_3)


def _in(code: str, digits: int):
    """Any of the person's desired occupations in `code`'s group of `digits` digits."""
    low, high = group_range(code, digits)
    return or_(*((column >= low) & (column < high) for column in DESIRED))


def candidates(vacancy: Vacancy, user: User, pool: int = POOL) -> Select:
    code = vacancy.occupation_code
    depth = case(*((_in(code, d), OCCUPATION_POINTS[d]) for d in (4, 3, 2)),
                 else_=OCCUPATION_POINTS[1])
    near = case((Person.district_id == vacancy.district_id, PLACE_POINTS["district"]),
                else_=PLACE_POINTS["region"])
    districts = select(District.id).where(District.region_id == vacancy.region_id)
    stmt = select(Person).options(load_only(*CANDIDATE_COLUMNS)).where(
        Person.region_id == vacancy.region_id, Person.district_id.in_(districts),
        Person.status == "active", _in(code, 1))
    return (policy.scope_persons(stmt, user)
            .order_by((depth + near).desc(), Person.id).limit(pool))


def min_wage_on(on: date) -> int | None:
    """The minimum monthly wage in force on `on` (mci.csv's rows), None before the first."""
    return db.session.scalar(select(MciRate.min_wage_kzt).where(MciRate.effective_from <= on)
                             .order_by(MciRate.effective_from.desc()).limit(1))


def suitable_refusals(person_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Offer).where(
        Offer.person_id == person_id, Offer.state == "refused", Offer.suitable.is_(True)))


def pending_proposal(person_id: int) -> DeregistrationProposal | None:
    return db.session.scalar(select(DeregistrationProposal).where(
        DeregistrationProposal.person_id == person_id,
        DeregistrationProposal.state == "pending"))


def confirmed_for(offer_id: int) -> bool:
    """Whether the deregistration the refusal of this offer proposed was confirmed."""
    return db.session.scalar(select(DeregistrationProposal.id).where(
        DeregistrationProposal.offer_id == offer_id,
        DeregistrationProposal.state == "confirmed")) is not None


def proposals(user: User, state: str = "pending") -> Select:
    """The deregistrations proposed in the user's district (its persons only)."""
    stmt = (select(DeregistrationProposal).join(Person, Person.id ==
                                                DeregistrationProposal.person_id)
            .where(DeregistrationProposal.state == state)
            .options(joinedload(DeregistrationProposal.person),
                     joinedload(DeregistrationProposal.offer).joinedload(Offer.vacancy))
            .order_by(DeregistrationProposal.proposed_on, DeregistrationProposal.id))
    return policy.scope_persons(stmt, user)


def offer_in_scope(offer_id: int, user: User) -> Offer | None:
    stmt = select(Offer).join(Person, Person.id == Offer.person_id).where(Offer.id == offer_id)
    return db.session.scalar(policy.scope_persons(stmt, user))


def proposal_in_scope(proposal_id: int, user: User) -> DeregistrationProposal | None:
    stmt = select(DeregistrationProposal).join(
        Person, Person.id == DeregistrationProposal.person_id).where(
        DeregistrationProposal.id == proposal_id)
    return db.session.scalar(policy.scope_persons(stmt, user))
