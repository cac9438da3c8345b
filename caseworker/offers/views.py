"""The offers' pages: a person's vacancies, a vacancy's candidates, an offer made and
answered (or its answer voided), the supervisor's proposals to decide. Thin: the guard, the
form, the operation (offers.operations, the API's too), one commit."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseworker import clock, policy
from caseworker.extensions import db
from caseworker.forms import VoidForm, record_id
from caseworker.models import Vacancy
from caseworker.offers import operations, pages, queries
from caseworker.offers.forms import AnswerForm, DecisionForm, OfferForm
from caseworker.web import sent, staff_pages

bp = staff_pages("offers", __name__)


def _back(person_id: int):
    return redirect(url_for("people.show", person_id=person_id) + "#offers")


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.route("/people/<int:person_id>/vacancies")
def vacancies(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "vacancy.match")
    return render_template("offers/vacancies.html",
                           **pages.vacancies_context(person, clock.today(), _page()))


@bp.route("/vacancies/<int:vacancy_id>/candidates")
def candidates(vacancy_id: int):
    vacancy = policy.get_or_404(Vacancy, vacancy_id, current_user, "vacancy.match")
    return render_template("offers/candidates.html",
                           **pages.candidates_context(vacancy, current_user, _page(),
                                                     clock.today()))


@bp.route("/people/<int:person_id>/offers", methods=["POST"])
def make(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "offer.make", person)
    form = OfferForm()
    sent(form, lambda: operations.make_offer(
        person, record_id(form.vacancy_id.data), current_user,
        on=form.on.data or clock.today(), note=form.note.data), _("The vacancy is offered."))
    return _back(person_id)


@bp.route("/offers/<int:offer_id>/answer", methods=["POST"])
def answer(offer_id: int):
    offer = pages.offer_or_404(offer_id, current_user)
    form = AnswerForm()
    sent(form, lambda: operations.answer(
        offer, form.answer.data, current_user, on=form.on.data or clock.today(),
        reason=form.reason.data or None, note=form.note.data), _("The answer is recorded."))
    return _back(offer.person_id)


@bp.route("/offers/<int:offer_id>/void", methods=["POST"])
def void(offer_id: int):
    offer = pages.offer_or_404(offer_id, current_user)
    person_id = offer.person_id
    form = VoidForm()
    sent(form, lambda: operations.void_answer(offer, current_user, form.reason.data,
                                              form.confirm.data),
         _("The answer is void: the offer waits for its answer."))
    return _back(person_id)


@bp.route("/offers/proposals")
def proposals():
    policy.require(current_user, "deregistration.decide")
    rows = db.session.scalars(queries.proposals(current_user)).unique().all()
    return render_template("offers/proposals.html", rows=rows,
                           form=pages.decision_form(clock.today()))


@bp.route("/offers/proposals/<int:proposal_id>", methods=["POST"])
def decide(proposal_id: int):
    policy.require(current_user, "deregistration.decide")
    proposal = queries.proposal_in_scope(proposal_id, current_user)
    if proposal is None:
        abort(404)
    form = DecisionForm()
    deregister = bool(form.deregister.data)
    sent(form, lambda: operations.decide(proposal, deregister, current_user,
                                         on=form.on.data or clock.today(),
                                         reason=form.reason.data,
                                         checked=bool(form.confirm.data)),
         _("The person is deregistered.") if deregister else
         _("The person stays on the register."))
    return redirect(url_for("offers.proposals"))
