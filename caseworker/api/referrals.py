"""Referrals through the API: create (idempotent by key), read, move through the workflow,
and the current letter as PDF. The same operations and checks as the referral pages."""
from __future__ import annotations

import hashlib

from flask import Response
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from caseworker import audit, clock, labels, pdf, policy
from caseworker.api import schemas
from caseworker.api.errors import ApiError
from caseworker.api.spec import blp
from caseworker.domain.workflow import TransitionError
from caseworker.extensions import db
from caseworker.models import Measure, Provider, Referral, RoadmapProject, User
from caseworker.referrals import operations, pages

TAG = {"tags": ["referrals"]}
ATTEMPTS = 3  # a write that lost a race with another (SQLite: "database is locked") is retried

REFUSAL_STATUS = {"override_supervisor_only": 403, "not_eligible": 409, "already_open": 409,
                  "not_active": 409,
                  "no_places": 409, "duplicate_submit": 409, "free_measure": 422,
                  "destination_required": 422}
TRANSITION_STATUS = {"not_allowed": 409, "supervisor_only": 403, "no_places": 409,
                     "no_provider": 409,
                     "future": 422, "before_previous": 422, "reason_required": 422,
                     "note_required": 422}
TRANSITION_FIELD = {"future": "on", "before_previous": "on", "reason_required": "reason"}


def idempotency_token(user: User, key: str) -> str:
    """What Referral.form_token holds for a key: per user, so two clients that happen to
    choose the same key never see each other's referral."""
    return "api-" + hashlib.sha256(f"{user.id}:{key}".encode()).hexdigest()[:60]


def _message(code: str) -> str:
    return str(labels.REFERRAL_ERRORS.get(code, code))


def _by_token(token: str) -> Referral | None:
    return db.session.scalar(select(Referral).where(Referral.form_token == token))


def _replay(existing: Referral, args: dict):
    if existing.person_id != args["person_id"] or existing.measure_code != args["measure_code"]:
        raise ApiError(409, "idempotency_key_reused", _l(
            "This Idempotency-Key was already used for another referral."))
    referral = policy.get_referral_or_404(existing.id, current_user)
    audit.record("referral.view", "referral", referral.id)
    db.session.commit()
    return referral, 200


@blp.route("/referrals", methods=["POST"])
@blp.doc(summary="Refer a person to a measure. A retry with the same Idempotency-Key "
                 "returns the same referral (200) and creates nothing", **TAG)
@blp.arguments(schemas.IdempotencySchema, location="headers")
@blp.arguments(schemas.ReferralCreateSchema)
@blp.response(201, schemas.ReferralSchema)
@blp.alt_response(200, schema=schemas.ReferralSchema, description="a replay of the same key")
def referral_create(headers, args):
    token = idempotency_token(current_user, headers["idempotency_key"])
    for attempt in range(ATTEMPTS):
        try:
            return _create(token, args)
        except OperationalError:
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise ApiError(409, "busy", _message("busy")) from None
    raise ApiError(409, "busy", _message("busy"))  # not reached


def _invalid(field: str, message) -> None:
    raise ApiError(422, "validation_error", message, {
        field: [{"code": "invalid", "message": str(message)}]})


def _check_provider(provider_id: int, person) -> None:
    provider = db.session.get(Provider, provider_id)
    if provider is None or not provider.active or provider.region_id != person.region_id:
        _invalid("provider_id", _l("No active provider with this id in the person's region."))


def _create(token: str, args: dict):
    existing = _by_token(token)
    if existing is not None:
        return _replay(existing, args)
    person = policy.get_person_or_404(args["person_id"], current_user)
    if not policy.can(current_user, "referral.create", person):
        raise ApiError(403)
    measure = db.session.get(Measure, args["measure_code"])
    if measure is None or not measure.active:
        raise ApiError(404, "measure_not_found", _l("No active measure with this code."))
    today = clock.today()
    provider_id, project_id = args.get("provider_id"), args.get("project_id")
    if provider_id is not None:
        _check_provider(provider_id, person)
    if project_id is not None and db.session.scalar(pages.projects_for(person, today.year).where(
            RoadmapProject.id == project_id)) is None:
        _invalid("project_id", _l("No Employment Roadmap project with this id in the person's "
                                  "region this year."))
    if args.get("destination_region_id") is not None and not measure.moves_person:
        _invalid("destination_region_id", _l("Only a resettlement names a region to move to."))
    destination = pages.destination_of(measure, args.get("destination_region_id"))
    amount = args.get("amount_kzt")
    if amount is None:
        amount = pages.default_amount(measure, today, person, destination)
    try:
        referral = operations.create(
            person, measure, current_user, verdict=pages.verdict_of(person, measure, today),
            on=today, allocation=pages.allocation_for(person, measure, today.year),
            provider_id=provider_id, start_on=args.get("start_on"), amount_kzt=amount,
            comment=(args.get("comment") or "").strip() or None,
            override_reason=(args.get("override_reason") or "").strip() or None,
            form_token=token, project_id=project_id, destination=destination)
        db.session.commit()
    except operations.ReferralRefused as refused:
        db.session.rollback()
        if refused.code == "duplicate_submit":  # a concurrent retry with the same key won
            existing = _by_token(token)
            if existing is not None:
                return _replay(existing, args)
        raise ApiError(REFUSAL_STATUS.get(refused.code, 409), refused.code,
                       _message(refused.code)) from None
    return referral, 201


@blp.route("/referrals/<int(max=2147483647):referral_id>", methods=["GET"])
@blp.doc(summary="A referral with its dated history and letters", **TAG)
@blp.response(200, schemas.ReferralSchema)
def referral_show(referral_id: int):
    referral = policy.get_referral_or_404(referral_id, current_user)
    audit.record("referral.view", "referral", referral.id)
    db.session.commit()
    return referral


def _changeable(referral_id: int) -> Referral:
    """A referral in the user's scope that the user may work on (404 / 403 otherwise)."""
    referral = policy.get_referral_or_404(referral_id, current_user)
    if not policy.can(current_user, "referral.create", referral.person):
        raise ApiError(403)
    return referral


@blp.route("/referrals/<int(max=2147483647):referral_id>/transitions", methods=["POST"])
@blp.doc(summary="Move a referral on: the status it goes to, a coded reason where one is "
                 "needed, and the date it happened (not in the future). Going to "
                 "'referred' issues a numbered letter", **TAG)
@blp.arguments(schemas.TransitionSchema)
@blp.response(200, schemas.ReferralSchema)
def referral_transition(args, referral_id: int):
    referral = _changeable(referral_id)
    to, on = args["to"], args["on"]
    try:
        operations.transition(referral, to, on, current_user, clock.today(),
                              args.get("reason") or None,
                              (args.get("note") or "").strip() or None)
        if to == "referred":
            operations.issue_letter(referral, current_user, on)
        db.session.commit()
    except TransitionError as error:
        db.session.rollback()
        field = TRANSITION_FIELD.get(error.code)
        fields = {field: [{"code": error.code, "message": _message(error.code)}]} if field else {}
        raise ApiError(TRANSITION_STATUS.get(error.code, 409), error.code,
                       _message(error.code), fields) from None
    except OperationalError:
        db.session.rollback()
        raise ApiError(409, "busy", _message("busy")) from None
    return referral


@blp.route("/referrals/<int(max=2147483647):referral_id>/provider", methods=["PUT"])
@blp.doc(summary="Where the referral sends the person: an active provider of the person's "
                 "region. It can be chosen or changed until the letter is issued (409 "
                 "letter_issued after); a referral goes to 'referred' only once it names one "
                 "(409 no_provider)", **TAG)
@blp.arguments(schemas.ProviderChoiceSchema)
@blp.response(200, schemas.ReferralSchema)
def referral_provider(args, referral_id: int):
    referral = _changeable(referral_id)
    _check_provider(args["provider_id"], referral.person)
    try:
        operations.set_provider(referral, args["provider_id"])
        db.session.commit()
    except TransitionError as error:
        db.session.rollback()
        raise ApiError(409, error.code, _message(error.code)) from None
    return referral


PDF_RESPONSE = {"200": {"description": "the referral's current letter",
                        "content": {"application/pdf": {
                            "schema": {"type": "string", "format": "binary"}}}}}


@blp.route("/referrals/<int(max=2147483647):referral_id>/letter.pdf", methods=["GET"])
@blp.doc(summary="The referral's current (genuine) letter as PDF", responses=PDF_RESPONSE,
         **TAG)
def referral_letter(referral_id: int):
    referral = policy.get_referral_or_404(referral_id, current_user)
    current = next((l for l in reversed(referral.letters) if l.status == "genuine"), None)
    if current is None:
        raise ApiError(404, "no_letter", _l("This referral has no current letter."))
    audit.record("letter.pdf", "letter", current.id)
    db.session.commit()
    body = pdf.render("pdf/letters.html", items=[pages.letter_context(current)])
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="letter-{current.number}.pdf"'})
