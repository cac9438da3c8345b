"""Schemas of money through the API: payments (and reversals), a subsidised job's contract and
its timesheets, the payments of a region or district, a bank file's row not recorded. Amounts
are whole tenge; an amount with tiyn is read, and refused by the operation with its code
(fraction_of_tenge)."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from caseworker.api.schemas import (
    MAX_ID, PageQuerySchema, Strict, UtcDateTime, _id, mirror, page_schema)
from caseworker.models import UnmatchedRow
from caseworker.payments import bank_imports


class Month(fields.Field):
    """A month as "YYYY-MM"; read as the month's first day."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%Y-%m")

    def _deserialize(self, value, attr, data, **kwargs):
        match = re.fullmatch(r"(\d{4})-(\d{2})", value) if isinstance(value, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise ValidationError(str(_l("A month is written 2026-03.")))
        return date(int(match.group(1)), int(match.group(2)), 1)


def _amount(**kw):
    """(Its bounds are the operation's: an amount out of them is refused with its code.)"""
    return fields.Decimal(allow_nan=False, **kw,
                          metadata={"description": "whole tenge", "example": 129750})


class PaymentSchema(Strict):
    id = fields.Integer()
    referral_id = fields.Integer()
    kind = fields.String(metadata={
        "description": "grant | microcredit | wage_subsidy | course_fee | allowance"})
    amount_kzt = fields.Integer(metadata={"description": "negative for a reversal"})
    paid_on = fields.Date()
    month = Month(allow_none=True, metadata={"description": "a wage subsidy's month"})
    document_number = fields.String(allow_none=True)
    reverses = fields.Integer(attribute="reverses_id", allow_none=True,
                              metadata={"description": "the payment a reversal takes back"})
    reason = fields.String(allow_none=True)
    measure_code = fields.String()
    region_id = fields.Integer(metadata={
        "description": "the region of the centre that paid (where the person was)"})
    district_id = fields.Integer(metadata={
        "description": "the district of the centre that paid (where the person was)"})
    source = fields.String()
    entered_at = UtcDateTime()
    entered_by_id = fields.Integer(allow_none=True)


class ReferralPaymentsSchema(Strict):
    referral_id = fields.Integer()
    commitment_kzt = fields.Integer(allow_none=True)
    paid_kzt = fields.Integer()
    balance_kzt = fields.Integer(allow_none=True)
    items = fields.List(fields.Nested(PaymentSchema))


class PaymentInSchema(Strict):
    """A payment; or, with `reverses`, the reversal of one (its whole amount: no amount)."""
    amount_kzt = _amount()
    paid_on = fields.Date(required=True)
    document_number = fields.String(allow_none=True, validate=validate.Length(max=60))
    kind = fields.String(validate=validate.OneOf(
        ["grant", "microcredit", "wage_subsidy", "course_fee", "allowance"]))
    month = Month(allow_none=True)
    reverses = fields.Integer(validate=validate.Range(1, MAX_ID))
    reason = fields.String(validate=validate.Length(max=1000))


class ContractSchema(Strict):
    id = fields.Integer()
    referral_id = fields.Integer()
    position = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    monthly_wage_kzt = fields.Integer()
    version = fields.Integer()


class ContractInSchema(Strict):
    position = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    monthly_wage_kzt = _amount(required=True)
    version = fields.Integer(validate=validate.Range(1, MAX_ID), metadata={
        "description": "the version read, when changing a contract; a stale one gives 409"})


class TimesheetSchema(Strict):
    id = fields.Integer()
    contract_id = fields.Integer()
    month = Month()
    days_worked = fields.Integer()
    working_days = fields.Integer()
    subsidy_kzt = fields.Integer()


class TimesheetListSchema(Strict):
    contract_id = fields.Integer()
    items = fields.List(fields.Nested(TimesheetSchema))


class TimesheetInSchema(Strict):
    month = Month(required=True)
    days_worked = fields.Integer(required=True, strict=True, validate=validate.Range(0, 366))


class PaymentQuerySchema(Strict):
    region = _id()
    district = _id()
    measure = fields.String(validate=validate.Length(max=40))
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))


class PaymentPageSchema(Strict):
    items = fields.List(fields.Nested(PaymentSchema))
    page = fields.Integer()
    has_next = fields.Boolean()
    total_kzt = fields.Integer(metadata={"description": "the sum of every payment of the "
                                                        "filter (reversals subtract)"})
    count = fields.Integer()


class CommitmentInSchema(Strict):
    """A referral's whole commitment raised: more than the present one, with why; beyond the
    funds left only by a supervisor with `override_reason`, where the measure allows."""
    amount_kzt = _amount(required=True)
    reason = fields.String(required=True, validate=validate.Length(max=1000))
    override_reason = fields.String(allow_none=True, validate=validate.Length(max=1000))


class CommitmentChangeSchema(Strict):
    id = fields.Integer()
    referral_id = fields.Integer()
    from_kzt = fields.Integer(allow_none=True)
    to_kzt = fields.Integer()
    reason = fields.String()
    override_reason = fields.String(allow_none=True)
    decided_on = fields.Date()
    entered_at = UtcDateTime()
    entered_by_id = fields.Integer(allow_none=True)


UnmatchedRowSchema = mirror(
    "UnmatchedRowSchema", UnmatchedRow,
    """id import_id district_id line reference document_number paid_on amount_kzt reason
    resolved_at resolved_by_id resolved_by_import_id resolution reopened_at reopened_by_id
    reopen_reason reopened_done_on reopened_resolved_by_id reopened_resolution""",
    reference=fields.String(allow_none=True, metadata={
        "description": "the row's letter number, or its IIN masked"}),
    reason=fields.Function(bank_imports.reasons_of, metadata={
        "description": "why the row was not recorded: each reason with the file's column, in "
                       "the language the request asks for (Accept-Language)"}),
    resolved_by_import_id=fields.Integer(allow_none=True, metadata={
        "description": "the later file that took the row up (then no one settled it)"}),
    reopened_done_on=fields.Date(allow_none=True, metadata={
        "description": "the day it had been settled before it was last opened again"}),
    reopened_resolution=fields.String(allow_none=True, metadata={
        "description": "what that settlement said (reopened_resolved_by_id made it)"}))


class ResolveSchema(Strict):
    resolution = fields.String(required=True, validate=validate.Length(max=1000), metadata={
        "description": "how the row was settled (paid by hand, a bank's mistake, ...): "
                       "required, not blank"})


class UnmatchedQuerySchema(PageQuerySchema):
    resolved = fields.Boolean(load_default=False, metadata={
        "description": "true: the rows settled or taken up (latest first); false: those "
                       "waiting (oldest file first)"})


UnmatchedRowPageSchema = page_schema("UnmatchedRowPageSchema", UnmatchedRowSchema)
