"""Form pieces that several features use: field types, validators and how a page lists a
form's errors. Feature forms import from here, never from another feature's forms."""
from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, ValidationError

from caseworker import clock
from caseworker.domain import phones


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def phone_check(form, field):
    if field.data:
        normal = phones.normalise(field.data)
        if normal is None:
            raise ValidationError(str(_l("Enter a Kazakhstan number: +7 7XX XXX XX XX.")))
        field.data = normal


def not_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(str(_l("This date is in the future.")))


def year_not_future(form, field):
    if field.data and field.data > clock.today().year:
        raise ValidationError(str(_l("This year is in the future.")))


def flash_errors(form) -> None:
    """Each error of a form sent with mistakes, as a message at the top of the page."""
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "danger")


class VoidForm(FlaskForm):
    """Void a record made by mistake: why, and a tick that confirms it."""
    reason = TextAreaField(_l("Why is it void?"), validators=[
        DataRequired(message=_l("Say why it is void.")), Length(max=1000)])
    confirm = BooleanField(_l("I confirm: it stays in the history, struck through, and counts "
                              "nowhere"))
