"""A person's file through the API: deregistration with its coded reason, return (registered
again, a new episode), the segment set by hand and a transfer decided, each on the day it
happened. They call the file's use cases (people.operations.deregister, reregister,
set_segment, decide_transfer), as the pages do."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import fields, validate

from caseworker import clock, policy
from caseworker.api import routes, schemas
from caseworker.extensions import db
from caseworker.models import TransferRequest
from caseworker.people import operations, queries
from caseworker.refusals import committed

TAG = {"tags": ["persons"]}
PERSON = "/persons/<int(max=2147483647):person_id>"
ON = {"description": "the day it happened (left out: today); not in the future, not before "
                     "the last registration or deregistration"}


class DeregisterSchema(schemas.Strict):
    reason = fields.String(required=True, metadata={
        "enum": list(operations.LEAVING_REASONS),
        "description": "why the person leaves the register (422 reason_required otherwise)"})
    on = fields.Date(allow_none=True, metadata=ON)


class ReturnSchema(schemas.Strict):
    on = fields.Date(allow_none=True, metadata=ON)


def _editable(person_id: int):
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "person.edit", person)
    return person


@routes.endpoint("POST", PERSON + "/deregistration", schemas.PersonSchema, json=DeregisterSchema,
                 **TAG)
def person_deregister(args, person_id: int):
    """Deregister the person: the open registration episode is closed with its reason; the file
    is kept (409 not_registered when not on the register)"""
    person = _editable(person_id)
    today = clock.today()
    committed(lambda: operations.deregister(person, args["reason"], args.get("on") or today,
                                            current_user, today))
    return person


@routes.endpoint("POST", PERSON + "/return", schemas.PersonSchema, json=ReturnSchema, **TAG)
def person_return(args, person_id: int):
    """Register a person who left again: a new registration episode (409 on_register when the
    person is on the register)"""
    person = _editable(person_id)
    today = clock.today()
    committed(lambda: operations.reregister(person, args.get("on") or today, current_user,
                                            today))
    return person


class SegmentSchema(schemas.Strict):
    segment = fields.String(allow_none=True, validate=validate.OneOf(["A", "B", "C"]), metadata={
        "description": "the segment set by hand; null: back to the computed one"})
    reason = fields.String(allow_none=True, validate=validate.Length(max=1000), metadata={
        "description": "why (required with a segment: 422 segment_reason_required)"})
    on = fields.Date(allow_none=True, metadata={
        "description": "the day it holds from (left out: today); not in the future, not "
                       "before the registration"})


@routes.endpoint("PUT", PERSON + "/segment", schemas.PersonSchema, json=SegmentSchema, **TAG)
def person_segment(args, person_id: int):
    """Set the person's segment by hand, with the reason why, as of a day"""
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "person.segment", person)
    committed(lambda: operations.set_segment(person, args.get("segment"), args.get("reason"),
                                             current_user, args.get("on")))
    return person


class DecisionSchema(schemas.Strict):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "reject"]))
    reason = fields.String(allow_none=True, validate=validate.Length(max=500), metadata={
        "description": "why it is rejected (422 transfer_reason_required without it)"})
    on = fields.Date(allow_none=True, metadata={
        "description": "the day it was decided (left out: today); not in the future, not "
                       "before the request (422 decided_before_request)"})


TransferSchema = schemas.mirror(
    "TransferSchema", TransferRequest,
    """id person_id from_district_id to_district_id status requested_at decided_on decided_at
    decision_note""",
    decided_on=fields.Date(allow_none=True, metadata={"description": "the day decided"}),
    decided_at=schemas.UtcDateTime(allow_none=True, metadata={"description": "when entered"}))


@routes.endpoint("POST", "/transfers/<int(max=2147483647):request_id>/decision", TransferSchema,
                 json=DecisionSchema, **TAG)
def transfer_decide(args, request_id: int):
    """Decide a request to move a person's file out of the user's district, on a day: approve
    (the file moves) or reject saying why (409 when decided already)"""
    transfer = db.session.scalar(queries.transfer_to_decide(request_id, current_user))
    if transfer is None:
        abort(404)
    policy.require(current_user, "transfer.approve")
    committed(lambda: operations.decide_transfer(
        transfer, args["decision"] == "approve", current_user, args.get("reason"),
        args.get("on")))
    return transfer
