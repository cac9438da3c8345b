"""The admin's forms for a measure of the catalogue: its entry (names, notes), a new version of
its rules and benefit from a date; and the allocations' form."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateField, DecimalField, FieldList, FormField, HiddenField, IntegerField,
    SelectField, StringField, TextAreaField, ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseworker.forms import Form, MultiCheckboxField, SubForm, VoidForm
from caseworker.options import options
from caseworker.domain.eligibility import RULES
from caseworker.models.mixins import LANGUAGES

UNITS = [("none", _l("No fixed sum")), ("MCI", _l("MCI")), ("tenge", _l("Tenge")),
         ("percent_of_wage", _l("Percent of the wage"))]
RULE_FIELDS = tuple(RULES)  # the columns of a measure's rules, as the reference file has them


class LocalDecimalField(DecimalField):
    """A decimal typed as people here type it: "85 000,50" as well as "85000.50"."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
                         for value in valuelist]
        super().process_formdata(valuelist)


class MeasureForm(Form):
    """The entry of a measure: its names, notes and whether it is offered."""
    name_kk = StringField(_l("Name in Kazakh"), validators=[DataRequired(), Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    active = BooleanField(_l("Active: offered to persons"))
    notes_kk = TextAreaField(_l("Notes in Kazakh"), validators=[Optional(), Length(max=2000)])
    notes_ru = TextAreaField(_l("Notes in Russian"), validators=[Optional(), Length(max=2000)])
    notes_en = TextAreaField(_l("Notes in English"), validators=[Optional(), Length(max=2000)])
    # The entry as saved when the form was opened (operations.seen): a save over a later one
    # is refused rather than lost.
    seen = HiddenField()


class OnForm(Form):
    """The day the catalogue is shown as it stood on (a link, not a change: no CSRF token)."""
    class Meta:
        csrf = False

    on = DateField(_l("As it stood on"), validators=[Optional()])


class RegionAmountForm(SubForm):
    region = SelectField(_l("Region moved to"), choices=[], validators=[Optional()])
    amount = LocalDecimalField(_l("Its amount"), places=2,
                               validators=[Optional(), NumberRange(0, 10_000_000)])

    def validate_region(self, field):
        if self.amount.data is None and not self.amount.errors:
            raise ValidationError(str(_l("Enter the amount of a move to this region.")))

    def validate_amount(self, field):
        if not self.region.data:
            raise ValidationError(str(_l("Choose the region this amount is for.")))


class VersionForm(Form):
    """A version of a measure from a date: its rules, benefit, duration and approval."""
    valid_from = DateField(_l("In force from"), validators=[
        InputRequired(message=_l("Enter the first day the version is in force."))])
    valid_to = DateField(_l("Last day in force (empty: until a later version)"),
                         validators=[Optional()])
    # The decree or order it follows, in the three languages (the page shows the reader's).
    source_kk = StringField(_l("Source in Kazakh"), validators=[Optional(), Length(max=500)])
    source_ru = StringField(_l("Source in Russian"), validators=[Optional(), Length(max=500)])
    source_en = StringField(_l("Source in English"), validators=[Optional(), Length(max=500)])
    needs_approval = BooleanField(_l("A referral needs a supervisor's approval"))
    over_funds_approval = BooleanField(_l("A supervisor may refer beyond the funds left, "
                                          "with a recorded reason"))
    benefit_amount = LocalDecimalField(_l("Benefit amount"), places=2,
                                       validators=[Optional(), NumberRange(0, 10_000_000)])
    benefit_unit = SelectField(_l("Benefit unit"), choices=options(UNITS))
    benefit_period = SelectField(_l("Benefit period"), choices=[], validators=[Optional()])
    region_amounts = FieldList(FormField(RegionAmountForm), min_entries=2, max_entries=5)
    max_months = IntegerField(_l("Maximum duration, months"),
                              validators=[Optional(), NumberRange(1, 120)])
    min_age = IntegerField(_l("Minimum age"), validators=[Optional(), NumberRange(14, 80)])
    max_age = IntegerField(_l("Maximum age"), validators=[Optional(), NumberRange(14, 80)])
    target_groups_any = MultiCheckboxField(_l("Only for these target groups (any of them)"),
                                           choices=[])
    requires_business_idea = BooleanField(_l("Needs a business idea"))
    requires_completed = SelectField(_l("Another measure completed first"), choices=[],
                                     validators=[Optional()])
    max_years_since_graduation = IntegerField(
        _l("At most this many years since graduation"), validators=[Optional(), NumberRange(0, 50)])
    requires_no_experience = BooleanField(_l("Only without work experience"))
    requires_no_specialty_experience = BooleanField(
        _l("Only without experience in the specialty (other work allowed)"))
    below_pension_age = BooleanField(_l("Only below the pension age"))
    labour_surplus_region_only = BooleanField(_l("Only in labour-surplus regions"))
    cooldown_years = IntegerField(_l("No referral of the same kind within this many years"),
                                  validators=[Optional(), NumberRange(1, 20)])

    def validate_benefit_period(self, field):
        if field.data == "course" and (self.benefit_unit.data != "none"
                                       or self.benefit_amount.data):
            raise ValidationError(str(_l("A free course pays the person nothing: choose "
                                         "“No fixed sum” and leave the amount empty.")))

    def validate_max_age(self, field):
        if field.data is not None and self.min_age.data is not None and field.data < self.min_age.data:
            raise ValidationError(str(_l("The maximum age is below the minimum age.")))

    def fill(self, version) -> None:
        """The form on a version (the one a new version most likely changes a little)."""
        for name in ("needs_approval", "benefit_amount", "benefit_unit", "max_months"):
            getattr(self, name).data = getattr(version, name)
        self.over_funds_approval.data = version.over_funds == "approval"
        self.benefit_period.data = version.benefit_period or ""
        for name, value in version.rules.items():
            getattr(self, name).data = value
        for entry, (kato, amount) in zip(self.region_amounts, version.amount_by_region.items()):
            entry.form.region.data, entry.form.amount.data = kato, Decimal(str(amount))

    def rules(self) -> dict:
        """The rules as data, with empty ones left out (as the loader stores them)."""
        rules = {}
        for name in RULE_FIELDS:
            value = getattr(self, name).data
            if value in (None, False, "", []):
                continue
            rules[name] = value
        return rules

    def values(self) -> dict:
        """What operations.add_version takes besides the dates."""
        by_region = {entry.form.region.data: _plain(entry.form.amount.data)
                     for entry in self.region_amounts
                     if entry.form.region.data and entry.form.amount.data is not None}
        return {"rules": self.rules(), "needs_approval": self.needs_approval.data,
                "over_funds": "approval" if self.over_funds_approval.data else "refuse",
                "benefit_amount": self.benefit_amount.data, "benefit_unit": self.benefit_unit.data,
                "benefit_period": self.benefit_period.data or None,
                "amount_by_region": by_region, "max_months": self.max_months.data,
                **words(self, "source")}


def words(form: Form, stem: str) -> dict:
    """The form's `stem_kk`, `stem_ru` and `stem_en` as saved: trimmed, None when empty."""
    return {f"{stem}_{lang}": (getattr(form, f"{stem}_{lang}").data or "").strip() or None
            for lang in LANGUAGES}


def _plain(amount: Decimal) -> int | float:
    """An amount as JSON keeps it: whole numbers whole."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


class AllocationForm(Form):
    measure_code = SelectField(_l("Measure"), choices=[], validators=[DataRequired()])
    district_id = SelectField(_l("Where"), choices=[])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2015, 2100)])
    places = IntegerField(_l("Places"), validators=[
        InputRequired(message=_l("Enter the number of places.")), NumberRange(0, 1_000_000)])
    funds_kzt = IntegerField(_l("Funds, tenge"), validators=[
        InputRequired(message=_l("Enter the funds (0 for a measure that pays nothing).")),
        NumberRange(0, 10**13)])
    # The allocation the form was filled from ("measure|district|year") and its version; empty
    # for a new one. The version counts only while the form still names that allocation.
    version_of = HiddenField()
    version = HiddenField()

    def key(self) -> str:
        return f"{self.measure_code.data}|{self.district_id.data or ''}|{self.year.data}"


class WithdrawForm(VoidForm):
    """A version added by mistake, withdrawn before its first day: why, and a tick (the
    operation refuses one without: `confirm_withdraw`)."""
    reason = TextAreaField(_l("Why is it withdrawn?"), validators=[
        DataRequired(message=_l("Say why the version is withdrawn.")), Length(max=1000)])
    confirm = BooleanField(_l("I confirm: the version is withdrawn before its first day; the "
                              "page keeps what it said, who withdrew it and why"))
