"""Forms of the token page, and the bridge that runs the pages' profile form on JSON input
so that the API accepts exactly what the form accepts."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from caseworker.forms import ConfirmForm, Form
from caseworker.api.errors import ApiError
from caseworker.domain import iin as iin_rules
from caseworker.models import Person
from caseworker.people import forms as people_forms
from caseworker.people import operations, pages


class TokenForm(Form):
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=80)],
                       render_kw={"placeholder": _l("e.g. Electronic Labour Exchange")})
    # One use per form shown: sending the page again (a reload) makes no second token.
    once = HiddenField()


class RevokeForm(ConfirmForm):
    """Revoking a token stops every program that uses it, at once and for good."""


def current_values(person: Person) -> dict:
    return {name: getattr(person, name) for name in operations.PROFILE_FIELDS}


def parse_iin(value: str, today: date) -> iin_rules.IINInfo:
    try:
        return iin_rules.parse(value.strip(), today)
    except iin_rules.InvalidIIN as error:
        raise _iin_error("invalid_iin", error.code, people_forms.IIN_MESSAGES[error.code]) from None


def _iin_error(code: str, field_code: str, message) -> ApiError:
    return ApiError(422, code, message, {"iin": [{"code": field_code, "message": str(message)}]})


def validated(form_class, values: dict, names, prepare=None):
    """Run a page's form over JSON values (`prepare` sets its choices): its errors become a
    422 with fields, so the API accepts exactly what the page accepts; the form validated."""
    data = pages.form_data(values, names)
    form = form_class(formdata=data, meta={"csrf": False})
    if prepare is not None:
        prepare(form)
    if not form.validate():
        fields = {}
        for name, messages in form.errors.items():
            empty = not any(v.strip() for v in data.getlist(name))
            fields[name] = [{"code": "required" if empty else "invalid", "message": str(m)}
                            for m in messages]
        raise ApiError(422, "validation_error", fields=fields)
    return form


def validated_profile(values: dict, district_id: int, birth_date: date | None) -> dict:
    """Run the profile form over the values; its errors become a 422 with fields, its
    cleaned data the values operations.register/update take."""
    cleaned, errors = pages.checked_profile(values, district_id, birth_date)
    if cleaned is None:
        raise ApiError(422, "validation_error", fields={
            name: [{"code": "required" if empty else "invalid", "message": str(m)}
                   for m in messages] for name, (empty, messages) in errors.items()})
    return cleaned
