"""The admin's forms for users."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, HiddenField, PasswordField, SelectField, StringField, ValidationError)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from caseworker.forms import Form
from caseworker import labels, policy
from caseworker.domain.passwords import problems


def password_rules(form, field):
    found = problems(field.data or "", form.login.data or "")
    if found:  # the admin sets someone else's password: "the user's login", not "your login"
        raise ValidationError(" ".join(str(labels.PASSWORD_PROBLEMS_OF_OTHERS.get(
            p, labels.PASSWORD_PROBLEMS[p])) for p in found))


class UserForm(Form):
    login = StringField(_l("Login"), validators=[
        DataRequired(), Length(min=3, max=80),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Latin letters, digits, dot, dash and underscore only."))])
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[])
    region_id = SelectField(_l("Region"), choices=[])
    district_id = SelectField(_l("District"), choices=[])
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), password_rules],
                             render_kw={"autocomplete": "new-password"})
    # the user's version the form was opened on: a save over a later one is refused
    version = HiddenField()

    # district id -> its region id (both as the form sends them), set with the choices
    district_regions: dict[str, str] = {}

    def validate_district_id(self, field):
        if policy.works_in(self.role.data) == "district":
            if not field.data:
                raise ValidationError(str(_l("A caseworker or supervisor works in a district.")))
            if self.region_id.data and self.district_regions.get(field.data) != self.region_id.data:
                raise ValidationError(str(_l("This district is in another region: choose its "
                                             "region, or leave the region empty.")))
        elif field.data:
            raise ValidationError(str(_l("Only a caseworker or a supervisor works in a "
                                         "district: leave it empty for this role.")))

    def validate_region_id(self, field):
        place = policy.works_in(self.role.data)
        if place == "region" and not field.data:
            raise ValidationError(str(_l("A regional officer works in a region.")))
        if field.data and place is None:
            raise ValidationError(str(_l("This role works for the whole country: leave the "
                                         "region empty.")))
