"""The vacancy's form (entered or changed), and the form that ends one (filled, closed,
cancelled), confirmed and with its reason."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseworker.forms import Form, IdField, MultiCheckboxField, ReopenForm


class VacancyForm(Form):
    organisation_id = IdField(_l("Employer"), choices=[], validators=[InputRequired()])
    occupation_code = SelectField(_l("Occupation (unit group)"), choices=[],
                                  validators=[DataRequired()])
    title = StringField(_l("Position as the employer names it"),
                        validators=[Optional(), Length(max=200)])
    locality = StringField(_l("Settlement of the workplace"),
                           validators=[Optional(), Length(max=200)])
    places = IntegerField(_l("Places"), validators=[InputRequired(), NumberRange(0, 10_000)])
    wage = IntegerField(_l("Wage, tenge a month"),
                        validators=[InputRequired(), NumberRange(0, 100_000_000)])
    hours_per_week = IntegerField(_l("Hours a week"), default=40,
                                  validators=[InputRequired(), NumberRange(0, 168)])
    schedule = SelectField(_l("Schedule"), choices=[])
    education_level = SelectField(_l("Education at least"), choices=[],
                                  validators=[Optional()])
    experience_months = IntegerField(_l("Experience at least, months"),
                                     validators=[Optional(), NumberRange(0, 600)])
    languages = MultiCheckboxField(_l("Languages needed"), choices=[])
    duties = TextAreaField(_l("Duties"), validators=[Optional(), Length(max=4000)])
    measure_code = SelectField(_l("Subsidised job of a measure"), choices=[],
                               validators=[Optional()])
    quota_groups = MultiCheckboxField(_l("Quota for"), choices=[])
    opened_on = DateField(_l("Opened on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    version = HiddenField()


class EndForm(Form):
    status = SelectField(_l("What happened"), choices=[])
    on = DateField(_l("On"), validators=[InputRequired()])
    reason = TextAreaField(_l("Why"), validators=[
        DataRequired(message=_l("Say why the vacancy is closed or cancelled.")),
        Length(max=1000)])
    confirm = BooleanField(_l("I confirm: the vacancy is no longer offered (recorded by mistake, "
                              "it is opened again with a reason)."),
                           validators=[DataRequired(message=_l("Tick to confirm."))])
    version = HiddenField()


class VacancyReopenForm(ReopenForm):
    """A vacancy ended by mistake, opened again from the version its page showed."""
    version = HiddenField()
