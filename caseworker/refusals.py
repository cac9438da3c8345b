"""A use case's coded "no": the one exception every operation raises when a rule refuses.

An operation (`<feature>/operations.py`) checks its rules and raises `Refused(code)`; the doors
only translate it: a page shows the message beside `field` (or as a flash), the API answers
`status` with `{"error": {"code", "message", "fields"}}`, an import writes it into its report
of bad rows. Because the code and its message are decided here and in the operation, two doors
can never disagree about a rule.

`REFUSALS` holds each known code's HTTP status, field and message; an operation may also
raise a code of its own with a message (tests do, to prove that the doors only translate).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Refusal:
    status: int
    message: object  # a lazy string: translated when shown, in the reader's language
    field: str | None = None


def _r(status: int, message, field: str | None = None) -> Refusal:
    return Refusal(status, message, field)


REFUSALS: dict[str, Refusal] = {
    # who may act
    "forbidden": _r(403, _l("Your role may not do this.")),
    "supervisor_only": _r(403, _l("Only a supervisor may approve or reject a referral.")),
    "override_supervisor_only": _r(403, _l(
        "Only a supervisor may refer despite the rules or a full quota.")),
    # registration
    "already_registered": _r(409, _l("This person is already registered in your area.")),
    "registered_elsewhere": _r(409, _l(
        "This person is registered in another district; a transfer can be requested on the "
        "registration page.")),
    "likely_duplicate": _r(409, _l(
        "A person with the same name and birth date or phone is registered in your district; "
        "confirm to register anyway.")),
    "too_young": _r(422, _l("The person is too young to be registered as unemployed."), "iin"),
    # referrals
    "already_open": _r(409, _l("This person already has an open referral to this measure.")),
    "not_active": _r(409, _l(
        "Only a person registered as unemployed can be referred: this person is employed or "
        "deregistered. Register them again from their profile first.")),
    "not_eligible": _r(409, _l(
        "The person does not meet the rules of this measure. A supervisor may refer them with a "
        "recorded reason.")),
    "no_places": _r(409, _l(
        "No places are left in this allocation. A supervisor may refer beyond it with a "
        "recorded reason.")),
    "duplicate_submit": _r(409, _l("This form was already sent; the referral exists once.")),
    "destination_required": _r(422, _l(
        "Choose the region the person moves to: not their own, and not a labour-surplus "
        "region."), "destination_region_id"),
    "free_measure": _r(422, _l(
        "This measure pays the person nothing (the course is free): leave the amount empty."),
        "amount_kzt"),
    "not_allowed": _r(409, _l("This step is not possible from the referral's current status.")),
    "future": _r(422, _l("The date cannot be in the future."), "on"),
    "before_previous": _r(422, _l("The date cannot be earlier than the previous step."), "on"),
    "reason_required": _r(422, _l("Choose a reason."), "reason"),
    "note_required": _r(422, _l("The reason is “Other”: say what it is in the note."), "note"),
    "no_provider": _r(409, _l(
        "Choose the provider first: the letter names where the person is sent.")),
    "letter_issued": _r(409, _l(
        "The letter is issued: the provider it names stays. Cancel the referral and refer the "
        "person again to send them elsewhere.")),
    # the measures catalogue: versions by date
    "version_ends_before_start": _r(422, _l("The version cannot end before it starts."),
                                    "valid_to"),
    "version_overlaps": _r(409, _l("These dates overlap another version of the measure."),
                           "valid_from"),
    "version_after_referrals": _r(409, _l(
        "Referrals to this measure were already made on or after this day under the version "
        "then in force: a new version may start only after the last of them."), "valid_from"),
    # concurrency
    "stale": _r(409, _l("Someone else saved this record first; read it again and repeat your "
                        "change.")),
    "busy": _r(409, _l("Someone else was saving at the same moment. Nothing was saved; try "
                       "again.")),
}


class Refused(Exception):
    """A rule said no. `code` is stable (machines read it); `message` is for people; `detail`
    carries what a door may show beside it (the existing record's id, the likely duplicates),
    never personal data for the API to echo unasked."""

    def __init__(self, code: str, message=None, field: str | None = None,
                 status: int | None = None, detail: dict | None = None):
        known = REFUSALS.get(code)
        super().__init__(code)
        self.code, self.detail = code, detail or {}
        self.message = message if message is not None else (known.message if known else code)
        self.field = field if field is not None else (known.field if known else None)
        self.status = status if status is not None else (known.status if known else 409)

    def __str__(self) -> str:
        return str(self.message)


def message_of(code: str) -> str:
    known = REFUSALS.get(code)
    return str(known.message) if known else code
