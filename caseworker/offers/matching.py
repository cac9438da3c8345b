"""The records as the matching rules' plain facts, and the two ranked lists (a person's
vacancies, a vacancy's candidates), both scored by `domain.matching.fit`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseworker.domain.matching import Fit, Job, Place, Seeker, fit, ranked
from caseworker.extensions import db
from caseworker.models import Person, User, Vacancy
from caseworker.offers import queries


@dataclass(frozen=True)
class Match:
    item: object  # a Vacancy or a Person
    fit: Fit


def seeker_of(person: Person) -> Seeker:
    groups = set(person.target_groups or ())
    if person.disability_group:
        groups.add("disability")
    return Seeker(tuple(person.occupation_codes or ()),
                  Place(person.region_id, person.district_id, person.locality),
                  person.education_level, person.experience_months,
                  person.expected_wage, tuple(person.languages or ()), frozenset(groups))


def job_of(vacancy: Vacancy) -> Job:
    return Job(vacancy.occupation_code,
               Place(vacancy.region_id, vacancy.district_id, vacancy.locality),
               vacancy.education_level, vacancy.experience_months,
               vacancy.wage, tuple(vacancy.languages or ()), tuple(vacancy.quota_groups or ()))


def score(person: Person, vacancy: Vacancy) -> Fit:
    return fit(seeker_of(person), job_of(vacancy))


def vacancies_for(person: Person, today: date) -> list[Match]:
    """The open vacancies of the person's region, best fit first (one statement)."""
    seeker = seeker_of(person)
    found = db.session.scalars(queries.open_vacancies(person, today)).unique().all()
    return [Match(v, f) for v, f in ranked(((v, fit(seeker, job_of(v))) for v in found),
                                           key=lambda pair: pair[0].id)]


def candidates_for(vacancy: Vacancy, user: User) -> list[Match]:
    """The persons in the user's scope who fit the vacancy, best first (one statement)."""
    job = job_of(vacancy)
    found = db.session.scalars(queries.candidates(vacancy, user)).all()
    return [Match(p, f) for p, f in ranked(((p, fit(seeker_of(p), job)) for p in found),
                                           key=lambda pair: pair[0].id)]
