"""Forms of the person profile: registration by IIN, the profile, search, status changes."""
from __future__ import annotations

from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField,
    TextAreaField, ValidationError)
from wtforms.validators import (
    AnyOf, DataRequired, Email, InputRequired, Length, NumberRange, Optional)

from caseworker.forms import Form
from caseworker import clock
from caseworker.domain import derived
from caseworker.domain import iin as iin_rules
from caseworker.domain.names import is_name
from caseworker.labels import LANGUAGES, REASONS
from caseworker.forms import MultiCheckboxField, not_future, phone_check, year_not_future
from caseworker.options import options
from caseworker.translating import lazy_gettext as _l

IIN_MESSAGES = {
    "length": _l("An IIN has exactly 12 digits."),
    "digits": _l("An IIN has digits only."),
    "century": _l("The 7th digit of an IIN gives century and sex and must be 1 to 6."),
    "date": _l("The first six digits of an IIN are the date of birth (YYMMDD); this date does not exist."),
    "future": _l("The date of birth in this IIN is in the future."),
    "never_issued": _l("No IIN is ever issued with these digits: check it against the document."),
    "checksum": _l("The check digit (the last one) does not match: a digit is probably mistyped."),
}
EDUCATION_CHOICES = [("", _l("— choose —")), ("none", _l("No formal education")),
                     ("basic", _l("Basic secondary")), ("secondary", _l("General secondary")),
                     ("vocational", _l("Technical and vocational")), ("higher", _l("Higher"))]
DISABILITY_CHOICES = [("", _l("None")), ("1", _l("Group I")), ("2", _l("Group II")),
                      ("3", _l("Group III"))]
CONSENT_CHOICES = [("written", _l("Written, signed at the centre")),
                   ("egov", _l("Electronic, through eGov")),
                   ("law", _l("Required by law (no consent needed)"))]
LANGUAGE_CHOICES = list(LANGUAGES.items())
SEGMENT_CHOICES = [("A", _l("A: ready for work")), ("B", _l("B: needs support")),
                   ("C", _l("C: needs intensive support"))]


class IINField(StringField):
    """Twelve digits, checked by the domain rules; `info` holds birth date and sex. Spaces and
    dashes between the digits are dropped (an IIN is often written in groups of four)."""
    info: iin_rules.IINInfo | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = iin_rules.normalise(self.data)

    def pre_validate(self, form):
        self.info = None
        try:
            self.info = iin_rules.parse(self.data or "", clock.today())
        except iin_rules.InvalidIIN as error:
            raise ValidationError(str(IIN_MESSAGES[error.code])) from None


class CodesField(StringField):
    """Classifier codes typed as "5223, 7231": a list of at most three codes of 1 to 4
    digits, or a message."""

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        text = ",".join(valuelist)  # typed in one box, or sent as a list (the API, a file)
        self.data = [c for c in (p.strip() for p in text.replace(";", ",").split(",")) if c]

    def pre_validate(self, form):
        if len(self.data or []) > 3 or any(
                not (c.isdigit() and c.isascii() and 1 <= len(c) <= 4) for c in self.data or []):
            raise ValidationError(str(CODES_MESSAGE))


CODES_MESSAGE = _l("Write up to three codes of 1 to 4 digits, separated by commas.")


class IINForm(Form):
    iin = IINField(_l("IIN"), validators=[DataRequired()],
                   render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 20})


def too_young_message():
    """The registration's refusal of a person under the working age (people.operations)."""
    return _l("A person can be registered as unemployed from the age of %(age)d.",
              age=derived.REGISTRATION_MIN_AGE)


NAME_MESSAGES = {
    "last_name": _l("A last name has letters only, with spaces, hyphens or apostrophes "
                    "between them."),
    "first_name": _l("A first name has letters only, with spaces, hyphens or apostrophes "
                     "between them."),
    "patronymic": _l("A patronymic has letters only, with spaces, hyphens or apostrophes "
                     "between them."),
}


def person_name(form, field):
    if field.data and not is_name(field.data.strip()):
        raise ValidationError(str(NAME_MESSAGES[field.short_name]))


class ProfileForm(Form):
    version = HiddenField()
    # The profile as the edit form was opened (JSON), to tell one's own changes from another's
    # when someone saves first.
    began = HiddenField()
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100),
                                                          person_name])
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100),
                                                            person_name])
    patronymic = StringField(_l("Patronymic"), validators=[Optional(), Length(max=100),
                                                           person_name])
    phone = StringField(_l("Phone"), validators=[Optional(), phone_check],
                        render_kw={"placeholder": "+7 7XX XXX XX XX", "inputmode": "tel"})
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=120)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    rural = SelectField(_l("Locality"), default="0",
                        choices=options([("0", _l("Urban")), ("1", _l("Rural"))]))
    household_size = IntegerField(_l("Household size"),
                                  validators=[Optional(), NumberRange(1, 30)])
    education_level = SelectField(_l("Education"), choices=options(EDUCATION_CHOICES),
                                  validators=[Optional()])
    specialty = StringField(_l("Specialty"), validators=[Optional(), Length(max=200)])
    graduation_year = IntegerField(_l("Graduation year"),
                                   validators=[Optional(), NumberRange(1940, 2100),
                                               year_not_future])
    graduated_on = DateField(_l("Diploma awarded on"), validators=[Optional(), not_future],
                             description=_l("Youth practice counts three years from this day."))
    experience_months = IntegerField(_l("Work experience, months"),
                                     validators=[Optional(), NumberRange(0, 720)])
    specialty_experience_months = IntegerField(
        _l("Experience in the specialty, months"), validators=[Optional(), NumberRange(0, 720)],
        description=_l("Work in the person's specialty only; other work does not count."))
    last_job_ended = DateField(_l("Last job ended on"), validators=[Optional(), not_future])
    disability_group = SelectField(_l("Disability group"), choices=options(DISABILITY_CHOICES),
                                   validators=[Optional()])
    target_groups = MultiCheckboxField(_l("Target groups"), choices=[], validate_choice=True)
    desired_occupations = TextAreaField(_l("Desired occupations"),
                                        validators=[Optional(), Length(max=1000)])
    occupation_codes = CodesField(_l("Desired occupations: classifier codes"), description=_l(
        "Up to three ISCO-08 codes (4 digits for an occupation, fewer for a group), the main "
        "one first, separated by commas: what the vacancies that fit are found by."))
    locality = StringField(_l("Locality (town, aul)"), validators=[Optional(), Length(max=200)])
    expected_wage = IntegerField(_l("Wage asked, tenge a month"),
                                 validators=[Optional(), NumberRange(0, 100_000_000)])
    last_wage = IntegerField(_l("Wage of the last job, tenge a month"),
                             validators=[Optional(), NumberRange(0, 100_000_000)])
    skills = TextAreaField(_l("Skills"), validators=[Optional(), Length(max=2000)])
    languages = MultiCheckboxField(_l("Languages"), choices=options(LANGUAGE_CHOICES))
    business_idea = TextAreaField(_l("Business idea"), validators=[Optional(), Length(max=2000)])
    consent_date = DateField(_l("Consent given on"), validators=[InputRequired(), not_future])
    consent_basis = SelectField(_l("Basis of consent"), choices=options(CONSENT_CHOICES))
    caseworker_id = SelectField(_l("Caseworker"), choices=[], validators=[Optional()])

    def validate_graduation_year(self, field):
        if field.data and self.birth_year and field.data < self.birth_year + 12:
            raise ValidationError(str(_l("This year is before the person could graduate.")))

    def validate_graduated_on(self, field):
        if field.data and self.graduation_year.data and (
                field.data.year != self.graduation_year.data):
            raise ValidationError(str(_l("The diploma's date is not in the graduation year.")))

    def validate_specialty_experience_months(self, field):
        if field.data and self.experience_months.data is not None and (
                field.data > self.experience_months.data):
            raise ValidationError(str(_l("More than the whole work experience.")))

    def validate_experience_months(self, field):
        if field.data and self.birth_year and field.data > 12 * max(
                0, clock.today().year - self.birth_year - 14 + 1):
            raise ValidationError(str(_l("More work experience than the person's age allows "
                                         "(from 14).")))

    def validate_last_job_ended(self, field):
        if field.data and self.birth_year and field.data.year < self.birth_year + 14:
            raise ValidationError(str(_l("This date is before the person could work (from 14).")))

    def validate_consent_date(self, field):
        if field.data and self.birth_year and field.data.year < self.birth_year:
            raise ValidationError(str(_l("The consent cannot be given before the person was "
                                         "born.")))

    birth_year: int | None = None


class RegisterForm(ProfileForm):
    iin = HiddenField()
    # the day the person was registered: today, or the day an earlier registration was made
    # (the operation judges it: not in the future, not before birth, of age on that day)
    on = DateField(_l("Registered on"), default=clock.today, validators=[Optional()])
    confirm_duplicate = BooleanField(_l("I have checked: this is a different person"))


class RegistrationStep(Form):
    """Which step of the registration a form was sent from: "iin" or "profile" (that step's
    own form checks the token)."""
    class Meta:
        csrf = False

    step = HiddenField()


class DeregisterForm(Form):
    # no reason chosen in advance: leaving the register is a decision taken on purpose
    reason = SelectField(_l("Reason"), choices=options([("", "—")] + [
        (k, v) for k, v in REASONS.items() if k != "placed"]), validators=[DataRequired(
            message=_l("Choose why the person leaves the register."))])
    on = DateField(_l("Date"), validators=[InputRequired(), not_future])

    def __init__(self, *args, **kwargs):
        # its fields' ids apart from the segment form's "reason" on the same page
        kwargs.setdefault("prefix", "leave")
        super().__init__(*args, **kwargs)


class ReturnForm(Form):
    on = DateField(_l("Date"), validators=[InputRequired(), not_future])


class SegmentForm(Form):
    segment = SelectField(_l("Segment"),
                          choices=options([("", _l("As computed"))] + SEGMENT_CHOICES))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=1000)])
    # the day the segment set by hand holds from (empty: today); its own id on the person's
    # page, where other forms have a date named "on"
    on = DateField(_l("As of"), default=clock.today, validators=[Optional()], id="segment-on")


class TransferRequestForm(Form):
    iin = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l("Note for the other district"),
                         validators=[Optional(), Length(max=1000)])


class DecisionForm(Form):
    decision = HiddenField(validators=[DataRequired(), AnyOf(("approve", "reject"))])
    reason = StringField(_l("Reason for a rejection"), validators=[Length(max=500)])
    on = DateField(_l("Decided on"), default=clock.today, validators=[Optional()])  # empty: today
