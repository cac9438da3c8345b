"""The forms of the organisations' register: an organisation (names, BIN, kinds, district,
contacts) and its deactivation. The BIN's rules are the operation's (`checked_bin`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from caseworker.forms import Form, IdField, MultiCheckboxField, phone_check


class ProviderForm(Form):
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=300)])
    name_kk = StringField(_l("Name in Kazakh"), validators=[Optional(), Length(max=300)])
    bin = StringField(_l("BIN"), validators=[DataRequired(), Length(max=20)],
                      render_kw={"inputmode": "numeric", "maxlength": 15})
    kinds = MultiCheckboxField(_l("Kinds"), choices=[])
    district_id = IdField(_l("District"), choices=[], validators=[Optional()])
    legal_address = StringField(_l("Legal address"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[Optional(), phone_check])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=120)])
    contact_person = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    # The organisation's version the form was filled from: a save over a later one is refused.
    version = HiddenField()


class DeactivateForm(Form):
    reason = TextAreaField(_l("Why is it deactivated?"), validators=[
        DataRequired(message=_l("Say why the organisation is deactivated.")),
        Length(max=1000)])
    # the operation refuses a deactivation that is not confirmed ("confirm_deactivation")
    confirm = BooleanField(_l("I confirm: the organisation is no longer offered for new "
                              "referrals and vacancies, and its open vacancies are closed with "
                              "this reason; its referrals stay."))
    version = HiddenField()


class ReactivateForm(Form):
    reason = TextAreaField(_l("Why is it active again? (optional)"),
                           validators=[Optional(), Length(max=1000)])
    version = HiddenField()


KIND_FILTER = SelectField  # the list's filter of kinds is a plain select (pages.choices)
