"""The demo's suitable-job offers, of the vacancies `demo.vacancies` entered: for persons of
the demo caseworkers, offers in every state through the offers' operations: waiting for an
answer, accepted (with the job's referral and letter), refused (suitable and not), no answer,
an answer voided, and two suitable refusals that wait for the supervisor's decision."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, func, select

from caseworker import policy
from caseworker.extensions import db
from caseworker.models import Person, Referral, User, Vacancy
from caseworker.models.referral import OPEN_STATUSES
from caseworker.offers import operations


def _fit_for(person: Person, vacancy: Vacancy) -> None:
    person.occupation_codes = [vacancy.occupation_code]
    person.last_wage, person.expected_wage = vacancy.wage - 30_000, vacancy.wage - 10_000


def _open_vacancies(district_id: int) -> tuple[list[Vacancy], list[Vacancy]]:
    """The district's open vacancies: (ordinary jobs, subsidised jobs of a measure)."""
    found = db.session.scalars(select(Vacancy).where(
        Vacancy.district_id == district_id, Vacancy.status == "open").order_by(Vacancy.id)).all()
    return ([v for v in found if v.measure_code is None],
            [v for v in found if v.measure_code is not None])


def _first_free(today: date, districts: list[int], each: int = 6) -> dict[int, list[Person]]:
    """District id -> its first `each` active persons registered 40 days ago or earlier with no
    open referral, by id: read for every district in one statement (one statement a district
    would read the person table once a district while its secondary indexes are away, as they
    are during a national build)."""
    ranked = (select(Person.id, Person.district_id, func.row_number().over(
        partition_by=Person.district_id, order_by=Person.id).label("n"))
        .where(Person.district_id.in_(districts), Person.status == "active",
               Person.registered_on <= today - timedelta(40),
               ~exists().where(Referral.person_id == Person.id,
                               Referral.status.in_(OPEN_STATUSES)))
        .subquery())
    ids = db.session.scalars(select(ranked.c.id).where(ranked.c.n <= each)).all()
    found: dict[int, list[Person]] = {}
    for person in db.session.scalars(select(Person).where(Person.id.in_(ids))
                                     .order_by(Person.id)):
        found.setdefault(person.district_id, []).append(person)
    return found


def add_offers(today: date) -> int:
    """Offers in every state for the first active persons of each demo caseworker."""
    workers: dict[int, User] = {}
    for user in db.session.scalars(select(User).where(
            User.role == policy.CASEWORKER, User.district_id.is_not(None)).order_by(User.id)):
        workers.setdefault(user.district_id, user)
    made = 0
    chosen = _first_free(today, list(workers))
    for district_id, worker in sorted(workers.items()):
        ordinary, subsidised = _open_vacancies(district_id)
        persons = chosen.get(district_id, [])
        if len(persons) < 6 or len(ordinary) < 2:
            continue
        # an accepted offer refers to the job: an ordinary one, so that no measure's rules
        # or funds stand in the way; the others may be subsidised jobs as well
        first, job = ordinary[:2]
        other = subsidised[0] if subsidised else first
        on = today - timedelta(30)
        for person, vacancy in zip(persons, (first, job, other, other, first, first)):
            _fit_for(person, vacancy)
        db.session.flush()
        waiting, accepted, refused, silent, voided, twice = persons
        operations.make_offer(waiting, first.id, worker, on=today - timedelta(2))
        offer = operations.make_offer(accepted, job.id, worker, on=on)
        operations.answer(offer, "accepted", worker, on=on + timedelta(3))
        offer = operations.make_offer(refused, other.id, worker, on=on)
        operations.answer(offer, "refused", worker, on=on + timedelta(2), reason="schedule")
        offer = operations.make_offer(silent, other.id, worker, on=on)
        operations.answer(offer, "no_answer", worker, on=on + timedelta(10))
        offer = operations.make_offer(voided, first.id, worker, on=on)
        operations.answer(offer, "refused", worker, on=on + timedelta(1), reason="wage")
        operations.void_answer(offer, worker, "Ответ записан не тому человеку", True)
        for days in (20, 10):
            offer = operations.make_offer(twice, first.id, worker, on=today - timedelta(days))
            operations.answer(offer, "refused", worker, on=today - timedelta(days - 1),
                              reason="distance")
        made += 7
    return made
