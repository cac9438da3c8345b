"""The organisation's answer: what came of the referral and on which day; then the same, sent
again with "confirm", saves it (nothing is recorded by the first click)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseworker.forms import Form


class AnswerForm(Form):
    answer = RadioField(_l("What came of the referral"), choices=[],
                        validators=[InputRequired(_l("Choose an answer."))])
    on = DateField(_l("Date: the first working day, or the day you decided"),
                   validators=[InputRequired(_l("Enter the date."))])
    employer_reason = SelectField(_l("Why the person was not hired"), choices=[],
                                  validators=[Optional()])
    # the referral's version the page showed: the answer is for that state only
    version = HiddenField(validators=[DataRequired(), Length(max=12)])
    confirm = BooleanField()  # set by the confirmation page's button


class NewLinkForm(Form):
    """A caseworker's request for a new answer link of the letter in force."""
