"""Marshmallow schemas of the API: they validate input and describe output in the OpenAPI
document. Field-level rules that the pages also apply (IIN, phone, names, dates, choices) are
checked by the pages' own forms, so the API and the pages accept exactly the same data."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import marshmallow as ma
from marshmallow import fields, validate

from caseworker.api.entered import entered_late
from caseworker.domain import inputs
from caseworker.forms import CONTROL_MESSAGE, date_window_message
from caseworker.models import Letter, Measure, MeasureVersion, Person, Referral, ReferralEvent


MAX_ID = 2**31 - 1  # ids are 32-bit in the database; larger ones would not even be looked up


def _id(**kw):
    return fields.Integer(validate=validate.Range(1, MAX_ID), **kw)


class UtcDateTime(fields.DateTime):
    """A stored timestamp (naive, UTC) written with its offset, as RFC 3339 asks:
    2026-11-27T10:00:00+00:00."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class Checked(ma.Schema):
    """The check every input schema makes (as every page's form does, caseworker.forms):
    no control characters in any text (tab and line breaks allowed), dates in the window."""

    @ma.validates_schema(pass_original=False)
    def _boundary(self, data, **_kw):
        errors = {}
        keys = {field.attribute or name: field.data_key or name
                for name, field in self.load_fields.items()}
        for name, value in data.items():
            key = keys.get(name, name)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and inputs.bad_characters(item, multiline=True):
                    errors[key] = [str(CONTROL_MESSAGE)]
                elif isinstance(item, date) and not inputs.date_in_window(item):
                    errors[key] = [date_window_message()]
        if errors:
            raise ma.ValidationError(errors)


class Strict(Checked):
    class Meta:
        unknown = ma.RAISE
        ordered = True


# ---- errors -------------------------------------------------------------------------------

class FieldErrorSchema(Strict):
    code = fields.String(required=True)
    message = fields.String(required=True)


class ErrorBodySchema(Strict):
    code = fields.String(required=True, metadata={"description": "machine-readable code"})
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(),
                         values=fields.List(fields.Nested(FieldErrorSchema)), required=True)


class ErrorSchema(Strict):
    error = fields.Nested(ErrorBodySchema, required=True)


# ---- lists --------------------------------------------------------------------------------

class PageQuerySchema(Strict):
    """Paging of a list: its page and the rows on a page; the answer says the total."""
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


def page_schema(name: str, item: type[ma.Schema]) -> type[ma.Schema]:
    """The answer of a list: the page's items, where it is, and the total over all pages."""
    return type(name, (Strict,), {
        "items": fields.List(fields.Nested(item), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True, metadata={
            "description": "rows over all pages with these filters"}),
        "has_next": fields.Boolean(required=True),
    })


def _column_field(column) -> fields.Field:
    """The answer's field for a column: its type, null allowed where the column is nullable,
    required where it is not."""
    try:
        kind = column.type.python_type
    except NotImplementedError:  # JSON: what it holds is declared beside the columns
        raise TypeError(f"declare the field of column {column.key}") from None
    presence = {"allow_none": True} if column.nullable else {"required": True}
    if issubclass(kind, bool):
        return fields.Boolean(**presence)
    if issubclass(kind, int):
        return fields.Integer(**presence)
    if issubclass(kind, datetime):
        return UtcDateTime(**presence)
    if issubclass(kind, date):
        return fields.Date(**presence)
    if issubclass(kind, Decimal):
        return fields.Decimal(as_string=True, **presence,
                              metadata={"type": "string", "format": "decimal"})
    return fields.String(**presence)


def mirror(name: str, model, columns: str, base: type[ma.Schema] | None = None, /,
           **declared: fields.Field) -> type[ma.Schema]:
    """The schema of an answer that shows a record: the model's `columns` (named in the order
    they are written), each as its column says (`_column_field`), after the fields of `base`.
    `declared` are the fields that are not plain columns (a property, a list, a field with a
    description): one named in `columns` stands in its place there, the others follow."""
    names = columns.split()
    made = {key: declared.pop(key, None) or _column_field(model.__table__.columns[key])
            for key in names}
    return type(name, (base or Strict,), made | declared)


def strings(**kw) -> fields.List:
    """A list of codes or words an answer always has (empty, not null, when there are none)."""
    return fields.List(fields.String(), required=True, **kw)


def figure(description: str) -> fields.Integer:
    """A number an answer works out (a count, a sum), with what it counts."""
    return fields.Integer(required=True, metadata={"description": description})


class VoidSchema(Strict):
    reason = fields.String(required=True, validate=validate.Length(max=1000), metadata={
        "description": "why it is void: required, not blank"})


# ---- persons ------------------------------------------------------------------------------

def _text(size: int, **kw):
    return fields.String(allow_none=True, validate=validate.Length(max=size), **kw)


class ProfileInSchema(Strict):
    """Profile fields a client may set; the same rules as the profile form apply."""
    last_name = fields.String(validate=validate.Length(max=100))
    first_name = fields.String(validate=validate.Length(max=100))
    patronymic = _text(100)
    phone = _text(30, metadata={"example": "+7 701 234 56 78"})
    email = _text(120)
    address = _text(300)
    rural = fields.Boolean()
    household_size = fields.Integer(allow_none=True)
    education_level = fields.String(allow_none=True, validate=validate.OneOf(
        ["none", "basic", "secondary", "vocational", "higher"]))
    specialty = _text(200)
    graduation_year = fields.Integer(allow_none=True)
    graduated_on = fields.Date(allow_none=True)
    experience_months = fields.Integer(allow_none=True)
    specialty_experience_months = fields.Integer(allow_none=True)
    last_job_ended = fields.Date(allow_none=True)
    disability_group = fields.Integer(allow_none=True, validate=validate.OneOf([1, 2, 3]))
    target_groups = fields.List(fields.String(validate=validate.Length(max=40)),
                                validate=validate.Length(max=30))
    desired_occupations = _text(1000)
    occupation_codes = fields.List(fields.String(validate=validate.Regexp(r"^[0-9]{1,4}$")),
                                   validate=validate.Length(max=3))  # ISCO-08, main first
    locality = _text(200)
    expected_wage = fields.Integer(allow_none=True, validate=validate.Range(0, 10**8))
    last_wage = fields.Integer(allow_none=True, validate=validate.Range(0, 10**8))
    skills = _text(2000)
    languages = fields.List(fields.String(validate=validate.Length(max=10)),
                            validate=validate.Length(max=10))
    business_idea = _text(2000)
    consent_date = fields.Date()
    consent_basis = fields.String(validate=validate.OneOf(["written", "egov", "law"]))
    caseworker_id = _id(allow_none=True)


class PersonCreateSchema(ProfileInSchema):
    iin = fields.String(required=True, validate=validate.Length(max=20),
                        metadata={"description": "12 digits; checked like on the pages"})
    last_name = fields.String(required=True, validate=validate.Length(max=100))
    first_name = fields.String(required=True, validate=validate.Length(max=100))
    consent_date = fields.Date(required=True)
    consent_basis = fields.String(required=True,
                                  validate=validate.OneOf(["written", "egov", "law"]))
    confirm_duplicate = fields.Boolean(
        load_default=False,
        metadata={"description": "register even though a likely duplicate was found"})
    on = fields.Date(allow_none=True, metadata={
        "description": "the day the person was registered, the start of the registration "
                       "episode (left out: today); a past day back-dates it: not in the future, "
                       "not before birth, and the person is of registration age on that day"})


class PersonPatchSchema(ProfileInSchema):
    version = fields.Integer(required=True, metadata={
        "description": "the version read; a stale one gives 409"})


class SearchSchema(Strict):
    iin = fields.String(validate=validate.Length(max=20),
                        metadata={"description": "exact IIN (sent in the body, never a URL)"})
    name = fields.String(validate=validate.Length(min=1, max=100),
                         metadata={"description": "prefix of 'last first patronymic'"})
    status = fields.String(validate=validate.OneOf(["active", "employed", "deregistered"]))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))


PersonSummarySchema = mirror(
    "PersonSummarySchema", Person,
    "id iin_masked last_name first_name patronymic birth_date sex district_id status version",
    iin_masked=fields.String(required=True, attribute="masked_iin"))


class PersonPageSchema(Strict):
    items = fields.List(fields.Nested(PersonSummarySchema), required=True)
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)


class PersonQuerySchema(PageQuerySchema):
    name = fields.String(validate=validate.Length(min=1, max=100), metadata={
        "description": "prefix of 'last first patronymic' (Kazakh letters optional)"})
    status = fields.String(validate=validate.OneOf(["active", "employed", "deregistered"]))
    segment = fields.String(validate=validate.OneOf(["A", "B", "C"]))
    target_group = fields.String(validate=validate.Length(max=40))
    caseworker_id = _id()
    district_id = _id(metadata={"description": "a district within your scope"})


PersonListSchema = page_schema("PersonList", PersonSummarySchema)


PersonSchema = mirror(
    "PersonSchema", Person,
    """id iin birth_date sex last_name first_name patronymic phone email region_id district_id
    address rural household_size education_level specialty graduation_year graduated_on
    experience_months specialty_experience_months last_job_ended disability_group
    target_groups desired_occupations occupation_codes locality expected_wage last_wage
    skills languages business_idea consent_date consent_basis caseworker_id status segment
    segment_on registered_on version""",
    # the lists as the profile takes them: what matching and suitable offers read
    target_groups=strings(), occupation_codes=strings(), languages=strings(),
    segment=fields.String(allow_none=True, attribute="effective_segment"),
    segment_on=fields.Date(allow_none=True, metadata={"description": "set by hand, as of"}))


# ---- eligibility and measures -------------------------------------------------------------

class RuleOutcomeSchema(Strict):
    rule = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["passed", "failed",
                                                                   "unknown"]))
    reason = fields.String(required=True)
    sentence = fields.String(required=True)
    missing = fields.String(allow_none=True,
                            metadata={"description": "profile field to fill in when unknown"})


class VerdictSchema(Strict):
    measure_code = fields.String(required=True)
    measure_name = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["passed", "failed",
                                                                   "unknown"]))
    rules_version = fields.Integer(required=True)
    outcomes = fields.List(fields.Nested(RuleOutcomeSchema), required=True)


class EligibilitySchema(Strict):
    person_id = fields.Integer(required=True)
    on = fields.Date(required=True)
    measures = fields.List(fields.Nested(VerdictSchema), required=True)


# A measure with its version in force on the day asked for.
MeasureSchema = mirror(
    "MeasureSchema", MeasureVersion,
    """rules_version valid_from valid_to needs_approval over_funds benefit_amount benefit_unit
    benefit_period amount_by_region max_months rules source source_kk source_ru source_en""",
    mirror("MeasureNamesSchema", Measure,
           "code kind name_kk name_ru name_en notes_kk notes_ru notes_en active"),
    rules_version=fields.Integer(required=True, metadata={
        "description": "the version's number (a referral keeps the one it was judged under)"}),
    source=fields.String(allow_none=True, metadata={
        "description": "the decree or order it follows, in the language the request asks "
                       "(Accept-Language), else in another (as before the three below)"}),
    valid_from=fields.Date(required=True, metadata={"description": "the version's first day"}),
    valid_to=fields.Date(allow_none=True, metadata={
        "description": "the version's last day; null: until a later version"}),
    over_funds=fields.String(required=True, validate=validate.OneOf(["refuse", "approval"]),
                             metadata={"description": (
                                 "a referral committing more than its allocation's funds "
                                 "left under this version: refused (refuse), or made by a "
                                 "supervisor with a reason (approval)")}),
    benefit_unit=fields.String(required=True, validate=validate.OneOf(
        ["none", "MCI", "tenge", "percent_of_wage"])),
    amount_by_region=fields.Dict(
        keys=fields.String(), required=True,
        values=fields.Decimal(as_string=True, metadata={"type": "string", "format": "decimal"}),
        metadata={"description": "KATO of a region moved to -> its own amount (in benefit_unit)"}),
    rules=fields.Dict(required=True))


class MeasureListSchema(Strict):
    on = fields.Date(required=True)
    items = fields.List(fields.Nested(MeasureSchema), required=True, metadata={
        "description": "the measures in force on that day (a measure not yet or no longer in "
                       "force is left out)"})


class MeasuresQuerySchema(Strict):
    on = fields.Date(metadata={"description": "YYYY-MM-DD; without it, today"},
                     validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31)))


class CandidatesQuerySchema(Strict):
    district = _id(metadata={"description": "district id, within your scope"})
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))


# ---- referrals ----------------------------------------------------------------------------

class IdempotencySchema(Checked):
    class Meta:
        unknown = ma.EXCLUDE  # other headers pass through

    idempotency_key = fields.String(
        data_key="Idempotency-Key", validate=validate.Length(min=1, max=200),
        metadata={"description": "optional: a retry with the same key returns the same "
                                 "referral"})


class ReferralCreateSchema(Strict):
    person_id = _id(required=True)
    measure_code = fields.String(required=True, validate=validate.Length(max=40))
    on = fields.Date(allow_none=True, metadata={
        "description": "the day the referral was proposed (left out: today); a past day "
                       "back-dates it: the rules, amount and allocation of that day apply"})
    provider_id = _id(allow_none=True)
    project_id = _id(allow_none=True, metadata={
        "description": "a job of an Employment Roadmap project of the person's region, this "
                       "year"})
    start_on = fields.Date(allow_none=True, metadata={
        "description": "in last year, this year or next year"})
    amount_kzt = fields.Integer(allow_none=True, validate=validate.Range(0, 10**10), metadata={
        "description": "left out: what the measure pays (for a move, at the destination's rate)"})
    destination_region_id = _id(allow_none=True, metadata={
        "description": "voluntary resettlement only, and required there: the region the person "
                       "moves to (not their own, not a labour-surplus region)"})
    comment = _text(1000)
    override_reason = _text(1000, metadata={"description": "supervisors only"})


class ProviderChoiceSchema(Strict):
    provider_id = _id(required=True)


class TransitionSchema(Strict):
    to = fields.String(required=True, validate=validate.OneOf(
        ["approved", "referred", "started", "completed", "rejected", "declined", "cancelled"]))
    on = fields.Date(allow_none=True, metadata={
        "description": "the date it happened (left out: today): not in the future, not before "
                       "the referral's last step; a letter issued on a past day is numbered in "
                       "that day's year"})
    reason = fields.String(allow_none=True, validate=validate.Length(max=40))
    employer_reason = fields.String(allow_none=True, validate=validate.Length(max=40), metadata={
        "description": "with reason 'employer_refused': the organisation's own coded reason"})
    note = _text(1000)


# provider_id: the organisation that took the step itself, through the answer link on its letter
EventSchema = mirror(
    "EventSchema", ReferralEvent,
    """from_status to_status happened_on recorded_at entered_late user_id provider_id reason
    employer_reason note""",
    entered_late=entered_late(lambda event: event.happened_on, "recorded_at"))

LetterSchema = mirror("LetterSchema", Letter, "number issued_on status")


ReferralSchema = mirror(
    "ReferralSchema", Referral,
    """id person_id measure_code status status_on proposed_on allocation_id provider_id
    project_id destination_region_id amount_kzt start_on comment reason override_reason
    verdict rules_version version events letters""",
    verdict=fields.Dict(required=True),
    events=fields.List(fields.Nested(EventSchema), required=True),
    letters=fields.List(fields.Nested(LetterSchema), required=True))


class Reopened(Strict):
    """What a record marked done or ended by mistake (a contact's task, a vacancy) says of its
    last opening again."""
    reopened_at = UtcDateTime(allow_none=True, metadata={
        "description": "when it was last opened again after being marked done or ended"})
    reopen_reason = fields.String(allow_none=True)
    reopened_done_on = fields.Date(allow_none=True, metadata={
        "description": "the day it had been marked done or ended before it was opened again"})


class ReopenSchema(Strict):
    reason = fields.String(required=True, validate=validate.Length(max=1000), metadata={
        "description": "why it is opened again: required, not blank"})
