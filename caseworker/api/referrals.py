"""Referrals through the API: create (idempotent by key), read, move through the workflow,
name the provider, record the outcome and its follow-up checks, and the current letter as
PDF. Each write calls the same use case as the referral pages; a refusal propagates as
`Refused` and the blueprint answers it with its status and code (api/errors.py)."""
from __future__ import annotations

import hashlib

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy.orm import selectinload

from caseworker import audit, clock, pdf, policy
from caseworker.api import routes, schemas
from caseworker.api.entered import entered_late
from caseworker.api.errors import ApiError
from caseworker.extensions import db
from caseworker.models import FollowUp, Outcome, Referral, User
from caseworker.models.outcome import OUTCOME_KINDS, SOURCES
from caseworker.models.referral import OPEN_STATUSES, VOID_STATUSES
from caseworker.referrals import corrections, operations, outcomes, pages, queries
from caseworker.refusals import Refused, committed

TAG = {"tags": ["referrals"]}
STATUSES = (*OPEN_STATUSES, "completed", *VOID_STATUSES)
ATTEMPTS = 3  # a write that lost a race with another (SQLite: "database is locked") is retried


def idempotency_token(user: User, key: str) -> str:
    """What Referral.form_token holds for a key: per user, so two clients that happen to
    choose the same key never see each other's referral."""
    return "api-" + hashlib.sha256(f"{user.id}:{key}".encode()).hexdigest()[:60]


def _replay(existing: Referral, args: dict):
    if existing.person_id != args["person_id"] or existing.measure_code != args["measure_code"]:
        raise ApiError(409, "idempotency_key_reused", _l(
            "This Idempotency-Key was already used for another referral."))
    referral = policy.get_referral_or_404(existing.id, current_user)
    return routes.shown(referral, "referral.view", "referral", referral.id), 200


@routes.endpoint("POST", "/referrals", schemas.ReferralSchema, status=201,
                 alt=(200, {"schema": schemas.ReferralSchema,
                            "description": "a replay of the same key"}),
                 headers=schemas.IdempotencySchema, json=schemas.ReferralCreateSchema, **TAG)
def referral_create(headers, args):
    """Refer a person to a measure. A retry with the same Idempotency-Key returns the same
    referral (200) and creates nothing"""
    key = headers.get("idempotency_key")
    token = idempotency_token(current_user, key) if key else None
    for attempt in range(ATTEMPTS):
        try:
            return _create(token, args)
        except Refused as refused:
            if refused.code != "busy" or attempt == ATTEMPTS - 1:
                raise
    raise Refused("busy")  # not reached


def _create(token: str | None, args: dict):
    person = policy.get_person_or_404(args["person_id"], current_user)
    policy.require(current_user, "referral.create", person)
    try:
        referral = committed(lambda: operations.refer(
            person, args["measure_code"], current_user, on=args.get("on") or clock.today(),
            provider_id=args.get("provider_id"), project_id=args.get("project_id"),
            destination_region_id=args.get("destination_region_id"),
            amount_kzt=args.get("amount_kzt"), start_on=args.get("start_on"),
            comment=args.get("comment"), override_reason=args.get("override_reason"),
            token=token))
    except Refused as refused:
        db.session.rollback()
        # this key's referral exists (sent before, or by a retry of the same moment)
        existing = (operations.by_token(token)
                    if refused.code in ("duplicate_submit", "already_open") else None)
        if existing is not None:
            return _replay(existing, args)
        raise
    return referral, 201


class ReferralQuerySchema(schemas.PageQuerySchema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    measure_code = fields.String(validate=validate.Length(max=40))
    person_id = schemas._id()
    district_id = schemas._id(metadata={"description": "the person's district"})
    proposed_from = fields.Date(metadata={"description": "proposed on or after"})
    proposed_to = fields.Date(metadata={"description": "proposed on or before"})


ReferralPageSchema = schemas.page_schema("ReferralPage", schemas.ReferralSchema)


@routes.endpoint("GET", "/referrals", ReferralPageSchema, query=ReferralQuerySchema, **TAG)
def referral_list(args):
    """The referrals of the persons you see, newest first, with filters and paging (the total
    over all pages in the answer)"""
    policy.require(current_user, "person.view")
    filters = queries.Filters(**{k: v for k, v in args.items() if k not in ("page", "per_page")})
    stmt = queries.referral_list(current_user, filters).options(
        selectinload(Referral.events), selectinload(Referral.letters))  # not one query a row
    return routes.page(stmt, args, "referral.list", "referral")


@routes.endpoint("GET", "/referrals/<int(max=2147483647):referral_id>", schemas.ReferralSchema,
                 **TAG)
def referral_show(referral_id: int):
    """A referral with its dated history and letters"""
    referral = policy.get_referral_or_404(referral_id, current_user)
    return routes.shown(referral, "referral.view", "referral", referral.id)


def _changeable(referral_id: int) -> Referral:
    """A referral in the user's scope that the user may work on (404 / 403 otherwise)."""
    referral = policy.get_referral_or_404(referral_id, current_user)
    policy.require(current_user, "referral.create", referral.person)
    return referral


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/transitions",
                 schemas.ReferralSchema, json=schemas.TransitionSchema, **TAG)
def referral_transition(args, referral_id: int):
    """Move a referral on: the status it goes to, a coded reason where one is needed, and the
    date it happened (not in the future). Going to 'referred' issues a numbered letter"""
    referral = _changeable(referral_id)
    committed(lambda: operations.transition(
        referral, args["to"], args.get("on") or clock.today(), current_user,
        args.get("reason") or None, args.get("note"),
        employer_reason=args.get("employer_reason") or None))
    return referral


class ReissueSchema(schemas.Strict):
    on = fields.Date(allow_none=True, metadata={
        "description": "the day the new letter was issued (left out: today): not before the "
                       "letter it replaces, not in the future; numbered in that day's year"})


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/letter/reissue",
                 schemas.ReferralSchema, json=ReissueSchema, **TAG)
def referral_reissue(args, referral_id: int):
    """Cancel the letter in force and issue one with a new number, on a day (409 not_allowed
    when the referral has no letter to reissue; 422 future, reissue_before_letter)"""
    referral = _changeable(referral_id)
    committed(lambda: operations.reissue_letter(referral, current_user, args.get("on")))
    return referral


@routes.endpoint("PUT", "/referrals/<int(max=2147483647):referral_id>/provider",
                 schemas.ReferralSchema, json=schemas.ProviderChoiceSchema, **TAG)
def referral_provider(args, referral_id: int):
    """Where the referral sends the person: an active provider of the person's region. It can
    be chosen or changed until the letter is issued (409 letter_issued after); a referral goes
    to 'referred' only once it names one (409 no_provider)"""
    referral = _changeable(referral_id)
    committed(lambda: operations.set_provider(referral, args["provider_id"], current_user))
    return referral


# ---- outcomes and follow-ups --------------------------------------------------------------

class OutcomeInSchema(schemas.Strict):
    kind = fields.String(required=True, validate=validate.OneOf(OUTCOME_KINDS))
    start_on = fields.Date(required=True, metadata={
        "description": "since when: not before the referral, not in the future"})
    employer = fields.String(allow_none=True, validate=validate.Length(max=300))
    wage_kzt = fields.Integer(allow_none=True, validate=validate.Range(0, 100_000_000))


FollowUpSchema = schemas.mirror(
    "FollowUpSchema", FollowUp,
    "id months due_on checked_on still_employed source entered_late voided_at void_reason",
    entered_late=entered_late(lambda check: check.checked_on, "checked_at"),
    voided_at=schemas.UtcDateTime(allow_none=True, metadata={
        "description": "when it was voided (a new open check took its place)"}))

OutcomeSchema = schemas.mirror(
    "OutcomeSchema", Outcome,
    "referral_id kind employer start_on wage_kzt entered_late follow_ups voided_at void_reason",
    entered_late=entered_late(lambda outcome: outcome.start_on, "recorded_at"),
    follow_ups=fields.List(fields.Nested(FollowUpSchema), required=True),
    voided_at=schemas.UtcDateTime(allow_none=True, metadata={
        "description": "when it was voided (a voided outcome counts nowhere)"}))


class FollowUpCheckSchema(schemas.Strict):
    still_employed = fields.Boolean(allow_none=True)
    source = fields.String(required=True, validate=validate.OneOf(SOURCES))
    on = fields.Date(allow_none=True, metadata={
        "description": "the day it was checked (left out: today): not before the job began, "
                       "not in the future"})


@routes.endpoint("GET", "/referrals/<int(max=2147483647):referral_id>/outcomes",
                 OutcomeSchema(many=True), **TAG)
def referral_outcomes(referral_id: int):
    """The referral's outcomes with their follow-up checks (a voided one is kept, marked,
    beside the one recorded after it)"""
    referral = policy.get_referral_or_404(referral_id, current_user)
    return routes.shown(referral.outcomes, "referral.view", "referral", referral.id)


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/outcome", OutcomeSchema,
                 json=OutcomeInSchema, status=201, **TAG)
def referral_outcome(args, referral_id: int):
    """What came of a referred person's referral; a job plans the follow-up checks at 3, 6 and
    12 months (409 outcome_recorded when one exists)"""
    referral = _changeable(referral_id)
    return committed(lambda: outcomes.record_outcome(
        referral, current_user, kind=args["kind"], start_on=args["start_on"],
        employer=args.get("employer"), wage_kzt=args.get("wage_kzt")))


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/outcome/void",
                 OutcomeSchema, json=schemas.VoidSchema, **TAG)
def referral_outcome_void(args, referral_id: int):
    """Void the referral's outcome recorded by mistake, with a reason: it is kept, marked void,
    and counts nowhere; the person's status it changed is put back. By whoever recorded it or
    the district's supervisor (403 not_yours_to_void; 409 already_void; 422
    void_reason_required)"""
    referral = _changeable(referral_id)
    outcome = referral.outcome or (referral.outcomes[-1] if referral.outcomes else None)
    if outcome is None:
        raise ApiError(404, "no_outcome", _l("This referral has no outcome."))
    return committed(lambda: outcomes.void_outcome(outcome, current_user,
                                                   reason=args["reason"]))


def _follow_up(follow_up_id: int) -> FollowUp:
    """A follow-up check of a referral the user may work on (404 / 403 otherwise)."""
    item = db.session.get(FollowUp, follow_up_id)
    if item is None:
        raise ApiError(404)
    _changeable(item.outcome.referral_id)
    return item


@routes.endpoint("POST", "/follow-ups/<int(max=2147483647):follow_up_id>", FollowUpSchema,
                 json=FollowUpCheckSchema, **TAG)
def follow_up_check(args, follow_up_id: int):
    """A follow-up check of an outcome: whether the person is still in the job, and from which
    source (409 already_checked the second time)"""
    item = _follow_up(follow_up_id)
    return committed(lambda: outcomes.check_follow_up(
        item, current_user, still_employed=args.get("still_employed"), source=args["source"],
        on=args.get("on") or clock.today()))


@routes.endpoint("POST", "/follow-ups/<int(max=2147483647):follow_up_id>/void", FollowUpSchema,
                 json=schemas.VoidSchema, **TAG)
def follow_up_void(args, follow_up_id: int):
    """Void a follow-up check recorded by mistake, with a reason: it is kept, marked void, and
    a new open check of the same months takes its place. By whoever recorded it or the
    district's supervisor (409 not_checked, already_void; 403 not_yours_to_void)"""
    item = _follow_up(follow_up_id)
    return committed(lambda: outcomes.void_follow_up(item, current_user, reason=args["reason"]))


PDF_RESPONSE = {"200": {"description": "the referral's current letter",
                        "content": {"application/pdf": {
                            "schema": {"type": "string", "format": "binary"}}}}}


@routes.endpoint("GET", "/referrals/<int(max=2147483647):referral_id>/letter.pdf",
                 responses=PDF_RESPONSE, **TAG)
def referral_letter(referral_id: int):
    """The referral's current (genuine) letter as PDF"""
    referral = policy.get_referral_or_404(referral_id, current_user)
    current = next((l for l in reversed(referral.letters) if l.status == "genuine"), None)
    if current is None:
        raise ApiError(404, "no_letter", _l("This referral has no current letter."))
    audit.record("letter.pdf", "letter", current.id)
    db.session.commit()
    body = pdf.render("pdf/letters.html", items=[pages.letter_context(current)])
    return pdf.pdf_response(body, f"letter-{current.number}.pdf")


@routes.endpoint("POST", "/referrals/<int(max=2147483647):referral_id>/steps/undo",
                 schemas.ReferralSchema, json=schemas.VoidSchema, **TAG)
def referral_undo_step(args, referral_id: int):
    """Undo the referral's last step, recorded by mistake, with a reason: the referral goes
    back to the status and day before it; the step is kept as undone, with who undid it and
    why, and counts nowhere. By whoever recorded the step or the district's supervisor (403
    not_yours_to_void; 409 first_step_stays, undo_outcome_first, undo_money_first,
    already_open, no_places, no_funds_final)"""
    referral = _changeable(referral_id)
    committed(lambda: corrections.undo_last_step(referral, current_user,
                                                 reason=args["reason"], confirmed=True))
    return referral
