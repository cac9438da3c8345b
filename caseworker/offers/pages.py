"""What the offers' pages show: the person page's section (the vacancies that fit best and the
person's offers), a person's vacancies, a vacancy's candidates, the proposals to decide."""
from __future__ import annotations

from datetime import date

from flask import abort

from caseworker import policy, voiding
from caseworker.forms import VoidForm
from caseworker.models import Person, User, Vacancy
from caseworker.offers import explain, matching, queries
from caseworker.offers.forms import AnswerForm, DecisionForm, OfferForm
from caseworker.people.page import file_of

SHOWN = 5  # vacancies on the person's page
PER_PAGE = 20


def section(person: Person, today: date, user: User) -> dict:
    """The offers' part of a person's page (registered in create_app, see people.page)."""
    fits = matching.vacancies_for(person, today)[:SHOWN] \
        if policy.can(user, "vacancy.match") else []
    offers = file_of(person).offers
    refused = sum(1 for o in offers if o.state == "refused" and o.suitable)
    return {"fits": fits, "offers": offers, "fit_reasons": explain.reasons,
            "suitable_refused": refused if person.status == "active" else 0,
            "offer_form": OfferForm(on=today), "answer_form": AnswerForm(on=today),
            "offer_void_form": VoidForm(), "offer_states": explain.STATES,
            "refusal_labels": explain.REFUSALS,
            "may_void_offer": lambda by: voiding.may_void(user, by, person)}


def paged(rows: list, page: int) -> dict:
    page = max(page, 1)
    start = (page - 1) * PER_PAGE
    return {"rows": rows[start:start + PER_PAGE], "page": page, "total": len(rows),
            "has_next": start + PER_PAGE < len(rows), "has_prev": page > 1}


def vacancies_context(person: Person, today: date, page: int) -> dict:
    return {"person": person, "fit_reasons": explain.reasons, "offer_form": OfferForm(on=today),
            **paged(matching.vacancies_for(person, today), page)}


def candidates_context(vacancy: Vacancy, user: User, page: int, today: date) -> dict:
    return {"vacancy": vacancy, "fit_reasons": explain.reasons, "today": today,
            "offer_form": OfferForm(on=today),
            **paged(matching.candidates_for(vacancy, user), page)}


def decision_form(today: date) -> DecisionForm:
    return DecisionForm(on=today)


def offer_or_404(offer_id: int, user: User):
    """An offer of a person the user may make offers to: the page's and the API's guard (a
    person out of scope: 404, as if the offer did not exist)."""
    offer = queries.offer_in_scope(offer_id, user)
    if offer is None:
        abort(404)
    policy.require(user, "offer.make", offer.person)
    return offer
