"""The measures' part of a person's page (registered in create_app, see people.page): every
active measure with the person's verdict and its reasons, and the places left of the
allocation the person's district draws on."""
from __future__ import annotations

from datetime import date

from caseworker.measures.allocations import left_for_district
from caseworker.measures.eligibility import measures_by_code, verdicts
from caseworker.models import Person, User
from caseworker.people.page import file_of


def section(person: Person, today: date, _user: User) -> dict:
    active = [m for m in measures_by_code().values() if m.active]
    history = [(r.measure_code, r.measure.kind, r.status, r.proposed_on)
               for r in file_of(person).referrals]  # read once for the page
    return {"matches": verdicts(person, active, today, history),
            "left": left_for_district(person.district, today.year)}
