"""Forms of referrals: creating one, moving it on, its outcome and follow-ups. They read the
input (required fields, lengths, choices); the rules about dates and records are the
operations' (a date in the future, before the referral, before the job began...)."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField,
    ValidationError)
from wtforms.validators import (
    AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional)

from caseworker import clock
from caseworker.forms import Form, IdField
from caseworker.domain import letter_codes, workflow
from caseworker.options import options


class ReferralForm(Form):
    form_token = HiddenField(validators=[Length(max=64)])  # the column's width
    # the day the referral was proposed: today, or a past day it is entered for (the rules,
    # the amount and the allocation of that day apply)
    on = DateField(_l("Proposed on"), default=clock.today, validators=[Optional()])
    provider_id = IdField(_l("Provider"), choices=[], validators=[Optional()])
    project_id = IdField(_l("A job of an Employment Roadmap project"), choices=[],
                         validators=[Optional()])
    destination_region_id = IdField(_l("Region the person moves to"), choices=[],
                                    validators=[Optional()])
    start_on = DateField(_l("Start date"), validators=[Optional()])
    amount_kzt = IntegerField(_l("Amount, tenge"), validators=[Optional(), NumberRange(0, 10**10)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=1000)])
    override_reason = TextAreaField(
        _l("Reason to refer despite the rules or a full quota (supervisors only)"),
        validators=[Optional(), Length(max=1000)])


class TransitionForm(Form):
    to = HiddenField(validators=[DataRequired()])
    on = DateField(_l("Date it happened"), validators=[InputRequired()])
    reason = SelectField(_l("Reason"), choices=[], validators=[Optional()])
    # with "employer refused": the organisation's own reason (as its answer link records it)
    employer_reason = SelectField(_l("Why the person was not hired"), choices=[],
                                  validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])


class TransitionTarget(Form):
    """Which of a referral's transition forms was sent: each carries its target status both
    plainly and under its own prefix, with its own token."""
    class Meta:
        csrf = False  # the chosen form checks it

    to = HiddenField(validators=[AnyOf(tuple(workflow.FROM))])


class VerifyForm(Form):
    """The code printed under a letter's QR code, typed in by whoever holds the letter."""
    class Meta:
        csrf = False  # a public look-up by GET: it changes nothing

    code = StringField(_l("Code printed on the letter"), validators=[
        DataRequired(), Length(max=40)], render_kw={"autocomplete": "off", "spellcheck": "false"})

    def validate_code(self, field):
        if not letter_codes.normalise(field.data or ""):
            raise ValidationError(str(_l("A code has letters and digits.")))


class HolderForm(Form):
    """The IIN of the person who shows a letter, typed by whoever receives it: the answer is
    only whether it is the letter's person."""
    iin = StringField(_l("IIN of the person showing the letter"), validators=[
        DataRequired(), Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 20})


class LetterForm(Form):
    pass


class ProviderChoiceForm(Form):
    """Where a referral sends the person, chosen before its letter is issued."""
    provider_id = IdField(_l("Provider"), choices=[], validators=[
        DataRequired(message=_l("Choose the provider."))])


class ReissueForm(Form):
    """A new number for the letter: the paper letter in the person's hands stops being valid.
    Issued on `on`: today, or the past day it was issued on (the operation's rules)."""
    confirm = BooleanField(_l("The letter in force is cancelled: I have it back, or the "
                              "person knows it is no longer valid"))
    on = DateField(_l("Issued on"), default=clock.today, validators=[Optional()])  # empty: today

    def __init__(self, *args, **kwargs):
        # its fields apart from the outcome form's "confirm" on the same page
        kwargs.setdefault("prefix", "reissue")
        super().__init__(*args, **kwargs)


class OutcomeForm(Form):
    """Nothing chosen beforehand: what came of it and since when are the user's to say, and a
    job (which deregisters the person as employed) is confirmed by ticking `confirm`."""
    kind = SelectField(_l("What came of it"), choices=[], validators=[
        DataRequired(message=_l("Choose what came of it."))])
    employer = StringField(_l("Employer"), validators=[Optional(), Length(max=300)])
    start_on = DateField(_l("Since"), validators=[InputRequired()])
    wage_kzt = IntegerField(_l("Monthly wage, tenge"),
                            validators=[Optional(), NumberRange(0, 100_000_000)])
    confirm = BooleanField(_l("I confirm: with a job or a business, the person is deregistered "
                              "as employed"))


class FollowUpForm(Form):
    """No answer chosen beforehand: whether the person is still in the job (unless it could not
    be verified) and where it was learnt are the user's to say."""
    still_employed = SelectField(_l("Still in the job?"), choices=options([
        ("", "—"), ("yes", _l("Yes")), ("no", _l("No"))]), validators=[Optional()])
    source = SelectField(_l("Source"), choices=[], validators=[
        DataRequired(message=_l("Choose where you learnt it."))])
    on = DateField(_l("Checked on"), validators=[InputRequired()])
    back = HiddenField()  # "list": sent from the list of due checks, which it returns to

    def validate_still_employed(self, field):
        if not field.data and self.source.data != "could_not_verify":
            raise ValidationError(str(_l("Say whether the person is still in the job.")))
