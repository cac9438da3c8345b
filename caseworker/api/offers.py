"""Matching and suitable-job offers through the API: a person's vacancies and a vacancy's
candidates (ranked, each with the reasons of its score), offers and their answers. The writes
call offers.operations, whose refusals come back with their codes."""
from __future__ import annotations

from flask_login import current_user
from marshmallow import fields, validate

from caseworker import audit, clock, policy
from caseworker.api import routes, schemas
from caseworker.extensions import db
from caseworker.models import Offer, Vacancy
from caseworker.models.offer import ANSWERS, REFUSAL_REASONS
from caseworker.offers import explain, matching, operations, pages
from caseworker.refusals import committed

TAG = {"tags": ["offers"]}
ID = "<int(max=2147483647):{}>"


class ReasonSchema(schemas.Strict):
    rule = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "passed, failed, unknown"})
    points = fields.Integer(required=True)
    text = fields.String(required=True, metadata={"description": "in the user's language"})


class VacancyFitSchema(schemas.Strict):
    vacancy_id = fields.Integer(required=True)
    title = fields.String(required=True)
    occupation_code = fields.String(required=True)
    organisation_id = fields.Integer(required=True)
    district_id = fields.Integer(required=True)
    wage = fields.Integer(required=True)
    score = fields.Integer(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


class CandidateSchema(schemas.Strict):
    person_id = fields.Integer(required=True)
    name = fields.String(required=True)
    district_id = fields.Integer(required=True)
    score = fields.Integer(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


OfferSchema = schemas.mirror(
    "OfferSchema", Offer,
    """id person_id vacancy_id offered_on state answered_on refusal_reason note referral_id
    suitable reasons voided_at void_reason""",
    reasons=fields.List(fields.Nested(ReasonSchema), required=True))


class OfferInSchema(schemas.Strict):
    person_id = fields.Integer(required=True, validate=validate.Range(1, 2147483647))
    vacancy_id = fields.Integer(required=True, validate=validate.Range(1, 2147483647))
    on = fields.Date(allow_none=True, metadata={
        "description": "the day it was offered (left out: today); not in the future, not "
                       "before the vacancy opened"})
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))


class AnswerSchema(schemas.Strict):
    answer = fields.String(required=True, validate=validate.OneOf(ANSWERS))
    on = fields.Date(allow_none=True, metadata={
        "description": "the day of the answer (left out: today); not before the offer"})
    reason = fields.String(allow_none=True, validate=validate.OneOf(REFUSAL_REASONS),
                           metadata={"description": "a refusal's coded reason (required)"})
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))


VacancyFitPage = schemas.page_schema("VacancyFitPage", VacancyFitSchema)
CandidatePage = schemas.page_schema("CandidatePage", CandidateSchema)


def _page(rows: list, args: dict) -> dict:
    start = (args["page"] - 1) * args["per_page"]
    return {"items": rows[start:start + args["per_page"]], "page": args["page"],
            "per_page": args["per_page"], "total": len(rows),
            "has_next": start + args["per_page"] < len(rows)}


def _offer(offer) -> dict:
    return {c: getattr(offer, c) for c in OfferSchema._declared_fields if c != "reasons"} | {
        "reasons": explain.reasons(offer.reasons)}


@routes.endpoint("GET", "/persons/" + ID.format("person_id") + "/vacancies", VacancyFitPage,
                 query=schemas.PageQuerySchema, **TAG)
def person_vacancies(args, person_id: int):
    """Open vacancies of the person's region, best fit first, with the reasons of each score"""
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "vacancy.match")
    rows = [{"vacancy_id": m.item.id, "title": m.item.title or m.item.occupation.name,
             "occupation_code": m.item.occupation_code,
             "organisation_id": m.item.organisation_id, "district_id": m.item.district_id,
             "wage": m.item.wage, "score": m.fit.score,
             "reasons": explain.reasons(m.fit.reasons)}
            for m in matching.vacancies_for(person, clock.today())]
    audit.record("person.view", "person", person.id)
    db.session.commit()
    return _page(rows, args)


@routes.endpoint("GET", "/vacancies/" + ID.format("vacancy_id") + "/candidates", CandidatePage,
                 query=schemas.PageQuerySchema, **TAG)
def vacancy_candidates(args, vacancy_id: int):
    """Active persons (in your scope) who fit the vacancy, best first, with the reasons of each
    score"""
    vacancy = policy.get_or_404(Vacancy, vacancy_id, current_user, "vacancy.match")
    rows = [{"person_id": m.item.id, "name": m.item.full_name,
             "district_id": m.item.district_id, "score": m.fit.score,
             "reasons": explain.reasons(m.fit.reasons)}
            for m in matching.candidates_for(vacancy, current_user)]
    audit.record("vacancy.candidates", "vacancy", vacancy.id)
    db.session.commit()
    return _page(rows, args)


@routes.endpoint("POST", "/offers", OfferSchema, json=OfferInSchema, status=201, **TAG)
def offer_create(args):
    """Offer a vacancy to a person (judged suitable or not by the rules of the day): 409
    vacancy_not_open, 422 future / offer_before_vacancy"""
    person = policy.get_person_or_404(args["person_id"], current_user)
    policy.require(current_user, "offer.make", person)
    offer = committed(lambda: operations.make_offer(
        person, args["vacancy_id"], current_user, on=args.get("on") or clock.today(),
        note=args.get("note")))
    return _offer(offer), 201


@routes.endpoint("POST", "/offers/" + ID.format("offer_id") + "/answer", OfferSchema,
                 json=AnswerSchema, **TAG)
def offer_answer(args, offer_id: int):
    """The person's answer: accepted (the job's referral and its letter), refused with a coded
    reason, or no answer. 409 offer_answered; 422 answer_before_offer / future"""
    offer = pages.offer_or_404(offer_id, current_user)
    committed(lambda: operations.answer(
        offer, args["answer"], current_user, on=args.get("on") or clock.today(),
        reason=args.get("reason"), note=args.get("note")))
    return _offer(offer)


@routes.endpoint("POST", "/offers/" + ID.format("offer_id") + "/void", OfferSchema,
                 json=schemas.VoidSchema, **TAG)
def offer_void(args, offer_id: int):
    """Void an answer entered by mistake, with a reason: the offer waits for its answer again
    (409 offer_not_answered)"""
    offer = pages.offer_or_404(offer_id, current_user)
    committed(lambda: operations.void_answer(offer, current_user, args["reason"], True))
    return _offer(offer)
