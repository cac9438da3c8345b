"""Forms of casework: contacts, tasks, employment plans, reassignment."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, StringField,
    TextAreaField, ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseworker.people.forms import not_future


class InteractionForm(FlaskForm):
    at = DateTimeLocalField(_l("When"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    channel = SelectField(_l("Channel"), choices=[])
    topic = SelectField(_l("Topic"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)])
    next_action = StringField(_l("Next action"), validators=[Optional(), Length(max=300)])
    due_on = DateField(_l("Due on"), validators=[Optional()])

    def validate_at(self, field):
        from datetime import datetime, timedelta
        if field.data and field.data > datetime.now() + timedelta(minutes=5):
            raise ValidationError(str(_l("This date is in the future.")))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.next_action.data and not self.due_on.data and not self.due_on.errors:
            self.due_on.errors = [str(_l("Give the next action a due date."))]
            return False
        if self.due_on.data and not self.next_action.data:
            self.next_action.errors = [str(_l("Say what is to be done by that date."))]
            return False
        return ok


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)])


class PlanForm(FlaskForm):
    goal = TextAreaField(_l("Goal"), validators=[DataRequired(), Length(max=2000)])
    agreed_on = DateField(_l("Agreed with the person on"), validators=[InputRequired(), not_future])
    review_every_days = IntegerField(_l("Review every (days)"), default=90,
                                     validators=[InputRequired(), NumberRange(7, 365)])


class StepForm(FlaskForm):
    text = StringField(_l("Agreed step"), validators=[DataRequired(), Length(max=500)])
    due_on = DateField(_l("By"), validators=[InputRequired()])


class DoneForm(FlaskForm):
    pass


class ReassignForm(FlaskForm):
    persons = SelectMultipleField(_l("Persons"), choices=[], coerce=int,
                                  validators=[DataRequired(message=_l("Select at least one person."))])
    to = SelectField(_l("New caseworker"), choices=[], coerce=int, validators=[DataRequired()])
