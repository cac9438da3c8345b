"""The form of a provider of the register: name, BIN with its check digit, contacts."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Email, Length, Optional

from caseworker.forms import Form
from caseworker.domain.iin import check_digit
from caseworker.forms import phone_check


def bin_check(form, field):
    value = (field.data or "").strip()
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(str(_l("A BIN has exactly 12 digits.")))
    if check_digit(value[:11]) != int(value[11]):
        raise ValidationError(str(_l("The check digit of this BIN does not match.")))
    field.data = value


class ProviderForm(Form):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=300)])
    bin = StringField(_l("BIN"), validators=[DataRequired(), bin_check],
                      render_kw={"inputmode": "numeric", "maxlength": 12})
    kind = SelectField(_l("Kind"), choices=[])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[Optional(), phone_check])
    email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=120)])
    contact_person = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    # The provider's version the form was filled from: a save over a later one is refused.
    version = HiddenField()
