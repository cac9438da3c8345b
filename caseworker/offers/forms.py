"""The forms of offers: offer a vacancy, the person's answer, the supervisor's decision."""
from __future__ import annotations

from wtforms import (
    BooleanField, DateField, HiddenField, SelectField, SubmitField, TextAreaField)
from wtforms.validators import InputRequired, Length, Optional

from caseworker.forms import Form
from caseworker.options import options
from caseworker.models.offer import REFUSAL_REASONS
from caseworker.offers.explain import REFUSALS, STATES
from caseworker.translating import lazy_gettext as _l

ANSWER_CHOICES = [(code, STATES[code]) for code in ("accepted", "refused", "no_answer")]
REASON_CHOICES = [("", "—")] + [(c, REFUSALS[c]) for c in REFUSAL_REASONS]


class OfferForm(Form):
    vacancy_id = HiddenField(validators=[InputRequired()])
    on = DateField(_l("Offered on"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class AnswerForm(Form):
    answer = SelectField(_l("Answer"), choices=options(ANSWER_CHOICES))
    on = DateField(_l("Answered on"), validators=[Optional()])
    reason = SelectField(_l("Reason of a refusal"), validators=[Optional()],
                         choices=options(REASON_CHOICES))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class DecisionForm(Form):
    """Two buttons, each saying what it does: deregister (with the tick that the two refusals
    were checked) or keep the person on the register (with the reason)."""
    confirm = BooleanField(_l("I checked: the person refused two offers of suitable work"))
    on = DateField(_l("Decided on"), validators=[Optional()])
    reason = TextAreaField(_l("Why the person stays on the register"),
                           validators=[Optional(), Length(max=2000)])
    deregister = SubmitField(_l("Deregister"))
    keep = SubmitField(_l("Keep on the register"))
