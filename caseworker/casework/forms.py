"""Forms of casework: contacts, tasks, employment plans, reassignment."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, StringField,
    TextAreaField, ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseworker import clock
from caseworker.domain.dates import FIRST_PLAN_YEAR, date_out_of_window
from caseworker.forms import not_future

TASK_MONTHS = 12  # a contact's next action is due within a year of the contact
STEP_MONTHS = 24  # a plan's step is due within two years of the plan's agreement


def _window_error(field, first, months: int, before) -> bool:
    """Puts the message on `field` when its date is outside the window that opens on
    `first`; tells whether it did."""
    problem = field.data and first and date_out_of_window(field.data, first, months)
    if problem:
        field.errors = list(field.errors) + [str(before) if problem == "before" else str(
            _l("That is more than %(n)d months later: check the year.", n=months))]
    return bool(problem)


class InteractionForm(FlaskForm):
    at = DateTimeLocalField(_l("When"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    channel = SelectField(_l("Channel"), choices=[])
    topic = SelectField(_l("Topic"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)])
    next_action = StringField(_l("Next action"), validators=[Optional(), Length(max=300)])
    due_on = DateField(_l("Due on"), validators=[Optional()])

    def validate_at(self, field):
        from datetime import timedelta
        if field.data and field.data > clock.now() + timedelta(minutes=5):
            raise ValidationError(str(_l("This date is in the future.")))
        if field.data and field.data.year < FIRST_PLAN_YEAR:  # 0001-01-01 is a slip, not a date
            raise ValidationError(str(_l("Check the year: a contact is of %(year)d or later.",
                                         year=FIRST_PLAN_YEAR)))
        if field.data and self.since and field.data.date() < self.since:
            raise ValidationError(str(_l(
                "The person was first registered on %(day)s: a contact is on or after it.",
                day=self.since.strftime("%d.%m.%Y"))))

    since = None  # the person's first registration

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.note.data or "").strip() and not (self.next_action.data or "").strip():
            # the channel and topic are chosen in advance: alone, they record nothing
            self.note.errors = list(self.note.errors) + [
                str(_l("Write what was said or done, or the next action."))]
            return False
        if self.next_action.data and not self.due_on.data and not self.due_on.errors:
            self.due_on.errors = [str(_l("Give the next action a due date."))]
            return False
        if self.due_on.data and not self.next_action.data:
            self.next_action.errors = [str(_l("Say what is to be done by that date."))]
            return False
        if _window_error(self.due_on, self.at.data and self.at.data.date(), TASK_MONTHS,
                         _l("The next action cannot be due before the contact.")):
            return False
        return ok


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)])


class PlanForm(FlaskForm):
    goal = TextAreaField(_l("Goal"), validators=[DataRequired(), Length(max=2000)])
    agreed_on = DateField(_l("Agreed with the person on"), validators=[InputRequired(), not_future])
    review_every_days = IntegerField(_l("Review every (days)"), default=90,
                                     validators=[InputRequired(), NumberRange(7, 365)])
    registered_on = None  # the person's registration: a plan is agreed on or after it

    def validate_agreed_on(self, field):
        if field.data and self.registered_on and field.data < self.registered_on:
            raise ValidationError(str(_l(
                "The person was registered on %(day)s: a plan is agreed on or after that day.",
                day=self.registered_on.strftime("%d.%m.%Y"))))


class StepForm(FlaskForm):
    text = StringField(_l("Agreed step"), validators=[DataRequired(), Length(max=500)])
    due_on = DateField(_l("By"), validators=[InputRequired()])
    agreed_on = None  # the plan's agreement: its steps are due from that day

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return ok and not _window_error(self.due_on, self.agreed_on, STEP_MONTHS,
                                        _l("A step cannot be due before the plan was agreed."))


class DoneForm(FlaskForm):
    pass


def _id_or_none(value) -> int | None:
    return int(value) if value not in (None, "") else None


class ReassignForm(FlaskForm):
    persons = SelectMultipleField(_l("Persons"), choices=[], coerce=int,
                                  validators=[DataRequired(message=_l("Select at least one person."))])
    # nobody chosen in advance: the least loaded member listed first may be the supervisor
    to = SelectField(_l("New caseworker"), choices=[], coerce=_id_or_none, validators=[
        DataRequired(message=_l("Choose the new caseworker."))])
