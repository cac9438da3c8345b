"""Forms of money: a payment, its reversal, a subsidised job's contract and timesheet, a bank
file, and the filters of the district's payments. The rules of money (whole tenge, months of
the contract, ...) are the operations'; the forms only read what was typed."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, MonthField, SelectField, StringField,
    TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseworker.forms import Form
from caseworker.forms import not_future

MAX_FILE = 5 * 1024 * 1024


class TengeField(StringField):
    """An amount in tenge as people type it: "150 000", "150000,50" (the operation then says
    that tiyn are not recorded). Its data is a Decimal, or None."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        text = re.sub(r"[\s\u00a0\u202f]|₸", "", valuelist[0]).replace(",", ".")
        try:
            self.data = Decimal(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
        except InvalidOperation:
            self.data = None
        if self.data is None:
            raise ValueError(str(_l("Enter an amount in tenge, digits only.")))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class PaymentForm(Form):
    kind = SelectField(_l("Payment"), choices=[], validators=[DataRequired()])
    month = MonthField(_l("Month of the subsidy"), validators=[Optional()])
    amount_kzt = TengeField(_l("Amount, tenge"), validators=[InputRequired(
        message=_l("Enter the amount."))])
    paid_on = DateField(_l("Date paid"), validators=[InputRequired(), not_future])
    document_number = StringField(_l("Payment document number"), validators=[
        DataRequired(message=_l("Enter the payment document's number.")), Length(max=60)])


class ReversalForm(Form):
    reason = TextAreaField(_l("Why the payment is reversed"), validators=[
        DataRequired(message=_l("Say why the payment is reversed.")), Length(max=1000)])
    paid_on = DateField(_l("Date of the reversal"), validators=[InputRequired(), not_future])
    document_number = StringField(_l("Document number of the return (if any)"),
                                  validators=[Optional(), Length(max=60)])
    confirm = BooleanField(_l("I confirm: the payment is taken back in full."), validators=[
        DataRequired(message=_l("Tick the confirmation to reverse the payment."))])


class ContractForm(Form):
    version = HiddenField()
    position = StringField(_l("Position"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("First day of the contract"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day of the contract"), validators=[InputRequired()])
    monthly_wage_kzt = TengeField(_l("Monthly wage, tenge"), validators=[InputRequired(
        message=_l("Enter the monthly wage."))])


class TimesheetForm(Form):
    """Sent with the prefix "sheet": its month is not the payment form's on the same page."""
    month = MonthField(_l("Month"), validators=[InputRequired()])
    days_worked = IntegerField(_l("Days worked"), validators=[InputRequired(),
                                                              NumberRange(0, 31)])


class CommitmentForm(Form):
    """The referral's whole commitment raised (sent with the prefix "commitment")."""
    amount_kzt = TengeField(_l("New whole commitment, tenge"), validators=[InputRequired(
        message=_l("Enter the amount."))])
    reason = TextAreaField(_l("Why it is raised"), validators=[
        DataRequired(message=_l("Say why the commitment is raised.")), Length(max=1000)])
    override_reason = TextAreaField(
        _l("Beyond the funds left: the supervisor's reason"),
        validators=[Optional(), Length(max=1000)])


class ResolveForm(Form):
    """A bank file's row that was not recorded, settled with what was done about it."""
    resolution = StringField(_l("How it was settled"), validators=[
        DataRequired(message=_l("Say how the row was settled.")), Length(max=1000)])


class ImportForm(Form):
    file = FileField(_l("Bank or treasury file (CSV)"), validators=[
        FileRequired(message=_l("Choose the file.")),
        FileSize(MAX_FILE, message=_l("The file is larger than 5 MB: split it."))])


class FilterForm(Form):
    class Meta:
        csrf = False  # a list read by GET: it changes nothing

    district = SelectField(_l("District"), choices=[], validators=[Optional()])
    measure = SelectField(_l("Measure"), choices=[], validators=[Optional()])
    kind = SelectField(_l("Payment"), choices=[], validators=[Optional()])
    date_from = DateField(_l("Paid from"), validators=[Optional()])
    date_to = DateField(_l("Paid to"), validators=[Optional()])
