"""A person's contacts through the API: listed with paging, recorded (with a next action due
on a day: a task), their task marked done on a day or opened again when marked by mistake, and
voided when recorded by mistake. The writes call the contacts' use cases (casework.operations,
casework.reopening), whose refusals come back with their codes."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy import select

from caseworker import clock, policy
from caseworker.api import routes, schemas
from caseworker.api.entered import entered_late
from caseworker.casework import operations, reopening
from caseworker.extensions import db
from caseworker.models import Interaction
from caseworker.models.casework import CHANNELS, TOPICS
from caseworker.refusals import committed

TAG = {"tags": ["contacts"]}
PERSON = "/persons/<int(max=2147483647):person_id>"


class LocalDateTime(fields.DateTime):
    """A contact's time is local wall-clock time: written without an offset, and taken with
    one (converted to the centres' time) or without (as it is)."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return clock.local(moment) if moment.tzinfo else moment
        except OverflowError:  # an offset that takes year 1 or 9999 out of the calendar
            raise self.make_error("invalid", obj_type="datetime") from None


ContactSchema = schemas.mirror(
    "ContactSchema", Interaction,
    """id person_id user_id at channel topic note next_action due_on done_on corrects_id
    created_at entered_late voided_at void_reason""", schemas.Reopened,
    at=fields.DateTime(required=True, format="%Y-%m-%dT%H:%M:%S", metadata={
        "description": "local time of the centres (CASEWORKER_TIMEZONE), without an offset"}),
    created_at=schemas.UtcDateTime(required=True, metadata={"description": "when entered"}),
    entered_late=entered_late(lambda contact: contact.at.date(), "created_at"))


class TaskDoneSchema(schemas.Strict):
    on = fields.Date(allow_none=True, metadata={
        "description": "the day the task was done (left out: today); not in the future, not "
                       "before the contact"})


class ContactInSchema(schemas.Strict):
    at = LocalDateTime(allow_none=True, metadata={
        "description": "when it happened (left out: now); not in the future, not before the "
                       "person's first registration"})
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    topic = fields.String(required=True, validate=validate.OneOf(TOPICS))
    note = fields.String(allow_none=True, validate=validate.Length(max=4000))
    next_action = fields.String(allow_none=True, validate=validate.Length(max=300))
    due_on = fields.Date(allow_none=True, metadata={"description": "the next action's day"})


ContactPageSchema = schemas.page_schema("ContactPage", ContactSchema)


@routes.endpoint("GET", PERSON + "/contacts", ContactPageSchema, query=schemas.PageQuerySchema,
                 **TAG)
def contact_list(args, person_id: int):
    """A person's contacts, newest first (void ones too, marked)"""
    person = policy.get_person_or_404(person_id, current_user)
    stmt = select(Interaction).where(Interaction.person_id == person.id).order_by(
        Interaction.at.desc(), Interaction.id.desc())
    return routes.page(stmt, args, "person.view", "person", person.id)


@routes.endpoint("POST", PERSON + "/contacts", ContactSchema, json=ContactInSchema, status=201,
                 **TAG)
def contact_record(args, person_id: int):
    """Record a contact with the person, perhaps with a next action due on a day"""
    person = policy.get_person_or_404(person_id, current_user)
    policy.require(current_user, "person.edit", person)
    now = clock.now().replace(microsecond=0)
    return committed(lambda: operations.record_contact(
        person, current_user, at=args.get("at") or now, channel=args["channel"],
        topic=args["topic"], note=args.get("note"), next_action=args.get("next_action"),
        due_on=args.get("due_on"), now=now)), 201


CONTACT = "/contacts/<int(max=2147483647):interaction_id>"


def _contact(interaction_id: int) -> Interaction:
    """The contact, when the token's user may change its person's file; else 404 or 403."""
    item = db.session.get(Interaction, interaction_id)
    if item is None:
        abort(404)
    person = policy.get_person_or_404(item.person_id, current_user)
    policy.require(current_user, "person.edit", person)
    return item


@routes.endpoint("POST", CONTACT + "/void", ContactSchema, json=schemas.VoidSchema, **TAG)
def contact_void(args, interaction_id: int):
    """Void a contact recorded by mistake, with a reason: it is kept, marked void, and stops
    counting. By whoever recorded it or the district's supervisor (403 not_yours_to_void; 409
    already_void)"""
    item = _contact(interaction_id)
    return committed(lambda: operations.void_contact(item, current_user,
                                                     reason=args["reason"]))


@routes.endpoint("POST", CONTACT + "/done", ContactSchema, json=TaskDoneSchema, **TAG)
def contact_task_done(args, interaction_id: int):
    """Mark the contact's task done on a day (409 not_a_task, task_done; 422 for a day in the
    future or before the contact)"""
    item = _contact(interaction_id)

    def finish():
        operations.finish_task(item, current_user, args.get("on") or clock.today())
        return item
    return committed(finish)


@routes.endpoint("POST", CONTACT + "/reopen", ContactSchema, json=schemas.ReopenSchema, **TAG)
def contact_task_reopen(args, interaction_id: int):
    """Open again a task marked done by mistake, with a reason (`reason`): it counts as open
    once more, and the contact keeps who opened it, when, why and the day it had been marked
    (409 task_not_done, not_a_task, already_void)"""
    item = _contact(interaction_id)
    return committed(lambda: reopening.reopen_task(item, current_user,
                                                   reason=args["reason"], confirmed=True))
