"""The forms of offers: offer a vacancy, the person's answer, the supervisor's decision."""
from __future__ import annotations

from wtforms import BooleanField, DateField, HiddenField, SelectField, TextAreaField
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
    confirm = BooleanField(_l("Deregister: refused two offers of suitable work"))
    on = DateField(_l("Decided on"), validators=[Optional()])
    reason = TextAreaField(_l("Why it is rejected"), validators=[Optional(), Length(max=2000)])
