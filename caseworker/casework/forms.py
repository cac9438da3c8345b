"""Forms of casework: contacts, tasks, employment plans, reassignment. They read what was
typed (types, lengths, choices); the rules that relate the values to each other, to the
person's record or to today are the operations' (`casework.operations`)."""
from __future__ import annotations

from wtforms import (
    BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField, SelectField,
    SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import (
    AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional)

from caseworker import clock
from caseworker.forms import Form
from caseworker.translating import lazy_gettext as _l


def _id_or_none(value) -> int | None:
    return int(value) if value not in (None, "") else None


class InteractionForm(Form):
    at = DateTimeLocalField(_l("When"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    channel = SelectField(_l("Channel"), choices=[])
    topic = SelectField(_l("Topic"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=4000)])
    next_action = StringField(_l("Next action"), validators=[Optional(), Length(max=300)])
    due_on = DateField(_l("Due on"), validators=[Optional()])


class NoteForm(Form):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)])


class PlanForm(Form):
    goal = TextAreaField(_l("Goal"), validators=[DataRequired(), Length(max=2000)])
    agreed_on = DateField(_l("Agreed with the person on"), validators=[InputRequired()])
    review_every_days = IntegerField(_l("Review every (days)"), default=90,
                                     validators=[InputRequired(), NumberRange(7, 365)])
    new_plan = BooleanField(_l("This is a new plan: the current one is closed and kept"))
    # the plan the form was opened on (none: a first plan), so that a save that comes second
    # is refused instead of overwriting the first
    plan_id = HiddenField(filters=[_id_or_none])
    version = HiddenField(filters=[_id_or_none])

    def __init__(self, *args, obj=None, **kwargs):
        if obj is not None:  # opened on a plan: the plan's id travels with its version
            kwargs.setdefault("plan_id", obj.id)
        super().__init__(*args, obj=obj, **kwargs)


class StepForm(Form):
    text = StringField(_l("Agreed step"), validators=[DataRequired(), Length(max=500)])
    due_on = DateField(_l("By"), validators=[InputRequired()])
    on = DateField(_l("Agreed on"), default=clock.today, validators=[Optional()])


class DoneForm(Form):
    """A task or a plan's step done: on the day it was done (today, or a past day entered
    later; not before the contact or the step, never in the future: the operation's rules)."""
    on = DateField(_l("Done on"), default=clock.today, validators=[Optional()])  # empty: today


class ReassignForm(Form):
    persons = SelectMultipleField(_l("Persons"), choices=[], coerce=int,
                                  validators=[DataRequired(message=_l("Select at least one person."))])
    # nobody chosen in advance: the least loaded member listed first may be the supervisor
    to = SelectField(_l("New caseworker"), choices=[], coerce=_id_or_none, validators=[
        DataRequired(message=_l("Choose the new caseworker."))])
    # which of the two buttons was pressed: "preview" shows the caseloads after the handover,
    # anything else hands the cases over
    action = StringField(validators=[Optional(), AnyOf(("preview", "reassign"))])

