"""A person leaving the register and coming back, through the API: deregistration with its
coded reason, and return (registered again, a new episode), each on the day it happened.
Both call the person's file's use cases (people.operations.deregister / reregister)."""
from __future__ import annotations

from flask_login import current_user
from marshmallow import fields

from caseworker import clock, policy
from caseworker.api import schemas
from caseworker.api.spec import blp
from caseworker.people import operations
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


@blp.route(PERSON + "/deregistration", methods=["POST"])
@blp.doc(summary="Deregister the person: the open registration episode is closed with its "
                 "reason; the file is kept (409 not_registered when not on the register)",
         **TAG)
@blp.arguments(DeregisterSchema)
@blp.response(200, schemas.PersonSchema)
def person_deregister(args, person_id: int):
    person = _editable(person_id)
    today = clock.today()
    committed(lambda: operations.deregister(person, args["reason"], args.get("on") or today,
                                            current_user, today))
    return person


@blp.route(PERSON + "/return", methods=["POST"])
@blp.doc(summary="Register a person who left again: a new registration episode (409 "
                 "on_register when the person is on the register)", **TAG)
@blp.arguments(ReturnSchema)
@blp.response(200, schemas.PersonSchema)
def person_return(args, person_id: int):
    person = _editable(person_id)
    today = clock.today()
    committed(lambda: operations.reregister(person, args.get("on") or today, current_user,
                                            today))
    return person
