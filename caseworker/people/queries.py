"""Selects over persons, each narrowed by the policy before it runs."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from datetime import date

from sqlalchemy import (
    Integer, Select, Text, and_, bindparam, case, cast, func, or_, select)
from sqlalchemy.orm import aliased, joinedload, selectinload

from caseworker import policy
from caseworker.domain.dates import birthday_in
from caseworker.domain.names import fold, fold_key, prefix_range, search_key
from caseworker.models import (
    FieldChange, Measure, Offer, Outcome, Person, PersonCount, Provider, Referral,
    TransferRequest, User, Vacancy)

SORTS = {
    "name": (Person.name_order, Person.id),
    "registered": (Person.registered_on.desc(), Person.id.desc()),
    "birth": (Person.birth_date, Person.id),
}


@dataclass
class Filters:
    name: str = ""
    status: str = ""
    segment: str = ""
    target_group: str = ""
    caseworker_id: int | None = None
    district_id: int | None = None
    sort: str = "name"


def person_list(user: User, f: Filters) -> Select:
    stmt = select(Person)
    key = search_key(f.name)
    if key:
        stmt = stmt.where(name_prefix(key))
    if f.status:
        stmt = stmt.where(Person.status == f.status)
    if f.segment:
        stmt = stmt.where(func.coalesce(Person.segment_override, Person.segment) == f.segment)
    if f.caseworker_id:
        stmt = stmt.where(Person.caseworker_id == f.caseworker_id)
    if f.district_id:
        stmt = stmt.where(Person.district_id == f.district_id)
    if f.target_group:
        # JSON list stored as text on both databases; quoted to match a whole code.
        stmt = stmt.where(cast(Person.target_groups, Text).contains(
            f'"{f.target_group}"', autoescape=True))
    order = SORTS.get(f.sort, SORTS["name"])
    if key and order is SORTS["name"]:
        # the matches in the order of the range read (see name_prefix): "Абенов" and
        # "Әбенова" side by side, as a search for either spelling expects
        order = (Person.name_fold, Person.id)
    stmt = stmt.order_by(*order)
    return policy.scope_persons(stmt, user)


def kept_total(user: User, f: Filters) -> Select | None:
    """How many persons the list gives, from the kept person counts (`people.counts`) when
    its filters are a status or district at most (the list as it opens: at national scale a
    region's count of `person` took tens of milliseconds a page); None when other filters
    are given and only counting the rows tells."""
    if search_key(f.name) or f.segment or f.caseworker_id or f.target_group:
        return None
    stmt = select(func.coalesce(func.sum(PersonCount.n), 0))
    if f.status:
        stmt = stmt.where(PersonCount.status == f.status)
    if f.district_id:
        stmt = stmt.where(PersonCount.district_id == f.district_id)
    return policy.scope_person_counts(stmt, user)


def name_prefix(key: str):
    """Names beginning with the casefolded `key`, whatever letters of it a search does not
    tell apart (domain.names.fold: "абд" finds "әбд"), as a range of their folded order key:
    a list sorted by it reads the range in order from the (district or region, name_fold)
    index and stops after its first page, instead of fetching every match to sort it."""
    low, high = prefix_range(fold(key))
    cond = Person.name_fold >= low
    return cond if high is None else cond & (Person.name_fold < high)


def by_iin(user: User, iin: str) -> Select:
    return policy.scope_persons(select(Person).where(Person.iin == iin), user)


def iin_anywhere(iin: str) -> Select:
    """Whether an IIN is registered at all: the one deliberate look outside the scope. It
    yields the id and where the person is, for the policy to say whether that is in the
    user's scope; the caller reveals nothing else."""
    return select(Person.id, Person.district_id, Person.region_id).where(Person.iin == iin)


def likely_duplicates(user: User, last: str, first: str, born: date,
                      phone: str | None) -> Select:
    key = search_key(last, first)
    same_name = or_(Person.name_fold == fold_key(key), name_prefix(key + " ")) & (
        Person.birth_date == born)
    cond = or_(same_name, Person.phone == phone) if phone else same_name
    return policy.scope_persons(select(Person).where(cond).limit(5), user)


def duplicate_candidates(born: set[date], phones: set[str]) -> Select:
    """Whom `likely_duplicates` may find for many persons at once (a batch, which asks
    `likely_same` and the scope of each): the persons born on one of the days or with one of
    the phones, with the columns those read."""
    cond = Person.birth_date.in_(born)
    if phones:
        cond = or_(cond, Person.phone.in_(phones))
    return select(Person.id, Person.name_search, Person.birth_date, Person.phone,
                  Person.district_id, Person.region_id).where(cond)


def likely_same(person: Person, last: str, first: str, born: date,
                 phone: str | None) -> bool:
    """Whether a person not written yet (of a batch) is one `likely_duplicates` would find:
    its condition, read in Python (the scope is the caller's to ask)."""
    key = search_key(last, first)
    theirs = fold_key(person.name_search or "")
    low, high = prefix_range(fold(key + " "))
    same_name = (theirs == fold_key(key) or (theirs >= low and (high is None or theirs < high))) \
        and person.birth_date == born
    return same_name or bool(phone and person.phone == phone)


def district_caseworkers(district_id: int) -> Select:
    return (select(User).where(User.district_id == district_id, User.active.is_(True),
                               policy.district_team())
            .order_by(User.full_name))


# What the person's page reads with the person itself, in the same statement.
PAGE_OPTIONS = (
    joinedload(Person.district), joinedload(Person.region), joinedload(Person.caseworker),
    joinedload(Person.episodes),
    joinedload(Person.transfers).joinedload(TransferRequest.from_district),
    joinedload(Person.transfers).joinedload(TransferRequest.to_district),
)


def offers_of(person_id: int, limit: int = 100) -> Select:
    """A person's suitable-job offers, newest first, with their vacancies and employers (the
    employers' kinds only if asked for: the page does not show them)."""
    return (select(Offer).where(Offer.person_id == person_id)
            .options(joinedload(Offer.vacancy).joinedload(Vacancy.organisation)
                     .lazyload(Provider.kind_rows),
                     joinedload(Offer.vacancy).joinedload(Vacancy.occupation),
                     joinedload(Offer.voided_by))
            .order_by(Offer.offered_on.desc(), Offer.id.desc()).limit(limit))


@cache
def _history() -> Select:
    named = {side: aliased(User) for side in ("old", "new")}

    def named_by(side: str):
        value = getattr(FieldChange, side)
        return named[side].id == case((FieldChange.field == "caseworker_id",
                                       cast(value, Integer)))
    return (select(FieldChange, named["old"], named["new"])
            .options(joinedload(FieldChange.user))
            .outerjoin(named["old"], named_by("old")).outerjoin(named["new"], named_by("new"))
            .where(FieldChange.person_id == bindparam("person_id"))
            .order_by(FieldChange.at.desc(), FieldChange.id.desc()).limit(bindparam("limit")))


def history(person_id: int, limit: int = 100) -> tuple[Select, dict]:
    """The person's field changes, newest first, each with who made it and, for a change of
    caseworker, the users it names (the page writes their names): one statement, made once
    (its aliases and cases cost a millisecond to build), with this person's values."""
    return _history(), {"person_id": person_id, "limit": limit}


def referral_file(person_id: int) -> Select:
    """The person's referrals, newest first, each with its measure (and the measure's dated
    versions), its steps, its outcome and
    the outcome's follow-up checks: one statement (read with `.unique()`)."""
    return (select(Referral).where(Referral.person_id == person_id)
            .options(joinedload(Referral.measure).joinedload(Measure.versions),
                     joinedload(Referral.events),
                     joinedload(Referral.outcomes).joinedload(Outcome.follow_ups))
            .order_by(Referral.proposed_on.desc(), Referral.id.desc()))


def transfer_to_decide(request_id: int, user: User) -> Select:
    """A transfer request is decided by the district it would leave; to anyone else it does
    not exist (404)."""
    return select(TransferRequest).where(TransferRequest.id == request_id,
                                         TransferRequest.from_district_id == user.district_id)


def transfers_for(user: User) -> Select:
    """Requests into or out of the user's district."""
    return (select(TransferRequest)
            .options(*(selectinload(getattr(TransferRequest, name)) for name in (
                "person", "from_district", "to_district", "requested_by", "decided_by")))
            .where(or_(TransferRequest.from_district_id == user.district_id,
                       TransferRequest.to_district_id == user.district_id))
            .order_by(TransferRequest.status != "pending", TransferRequest.requested_at.desc())
            .limit(200))


AGE_BANDS = ((0, 24, "16–24"), (25, 34, "25–34"), (35, 49, "35–49"), (50, 200, "50+"))


def age_band_expr(today: date):
    """An SQL CASE giving the age band, with cut-off birth dates computed in Python."""
    whens = []
    for low, high, label in AGE_BANDS:
        youngest = _born_on_or_before(today, low)
        oldest = _born_after(today, high + 1)
        whens.append(((Person.birth_date <= youngest) & (Person.birth_date > oldest), label))
    return case(*whens, else_="?")


def _born_on_or_before(today: date, years: int) -> date:
    return birthday_in(today.year - years, today)


def _born_after(today: date, years: int) -> date:
    return birthday_in(today.year - years, today)


def segments_by(user: User, dimension: str, today: date) -> Select:
    """Active persons of the user's scope by segment and one dimension (for equity checks)."""
    seg = func.coalesce(Person.segment_override, Person.segment)
    column = {
        "sex": Person.sex,
        "age": age_band_expr(today),
        "disability": case((Person.disability_group.is_(None), "none"),
                           else_=cast(Person.disability_group, Text)),
        "rural": case((Person.rural.is_(True), "rural"), else_="urban"),
    }[dimension]
    stmt = (select(column.label("value"), seg.label("segment"), func.count())
            .where(Person.status == "active").group_by(column, seg))
    return policy.scope_persons(stmt, user)


def access_history(person_id: int, limit: int = 500) -> Select:
    """The audit events of the person's file: the person's own, and those of the records that
    are theirs (contacts, plan, referrals, letters, follow-up checks)."""
    from caseworker.models import (
        AuditEvent, EmploymentPlan, FollowUp, Interaction, Letter, Outcome, Referral)
    referrals = select(Referral.id).where(Referral.person_id == person_id)
    key = lambda column: cast(column, Text)  # noqa: E731 (the audit keeps ids as text)
    theirs = {
        "interaction": select(key(Interaction.id)).where(Interaction.person_id == person_id),
        "employment_plan": select(key(EmploymentPlan.id)).where(
            EmploymentPlan.person_id == person_id),
        "referral": select(key(Referral.id)).where(Referral.person_id == person_id),
        "letter": select(key(Letter.id)).where(Letter.referral_id.in_(referrals)),
        "follow_up": select(key(FollowUp.id)).join(Outcome, Outcome.id == FollowUp.outcome_id)
        .where(Outcome.referral_id.in_(referrals)),
    }
    record_of = [and_(AuditEvent.record_type == "person",
                      AuditEvent.record_id == str(person_id))] + [
        and_(AuditEvent.record_type == kind, AuditEvent.record_id.in_(ids))
        for kind, ids in theirs.items()]
    return (select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.user_id)
            .where(or_(*record_of)).order_by(AuditEvent.id.desc()).limit(limit))
