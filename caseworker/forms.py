"""Form pieces that several features use: field types, validators and how a page lists a
form's errors. Feature forms import from here, never from another feature's forms."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from math import isfinite

import wtforms
from babel import support
from flask import current_app, flash, g, has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, TextAreaField, widgets
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from caseworker import clock
from caseworker.domain import inputs, phones
from caseworker.translating import lazy_gettext as _l

CONTROL_MESSAGE = _l("This text holds invisible control characters (such as NUL or ESC); "
                     "type it again without them.")

NUMBER_MESSAGE = _l("Enter a number.")


def boundary(form, field):
    """The check every field of every form makes first: no control characters in what was
    sent (tab and line breaks only in a multi-line field), a finite number, a date within
    the window. Nothing else is checked on a value it refuses."""
    multiline = isinstance(field, TextAreaField)
    for raw in field.raw_data or ():
        if isinstance(raw, str) and inputs.bad_characters(raw, multiline):
            field.data = None
            raise StopValidation(str(CONTROL_MESSAGE))
    if isinstance(field.data, Decimal) and not field.data.is_finite() or \
            isinstance(field.data, float) and not isfinite(field.data):
        field.data = None  # NaN, sNaN, Infinity: not even comparable
        raise StopValidation(str(NUMBER_MESSAGE))
    if isinstance(field.data, date) and not inputs.date_in_window(field.data):
        raise StopValidation(date_window_message())


def date_window_message() -> str:
    return str(_l("Enter a date between %(first)s and %(last)s.",
                  first=inputs.EARLIEST.isoformat(), last=inputs.LATEST.isoformat()))


class BoundaryMeta:
    """Puts `boundary` in front of the validators of every field a form binds."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        field.validators = [boundary, *field.validators]
        return field


_UNSENT = "forms_unsent"


@contextmanager
def unsent() -> Iterator[None]:
    """The forms made inside the block read nothing of the request: a page shown again after
    one of its forms was sent with mistakes makes its other forms as they first stood (a
    "date" typed into one must not appear in another form's field of the same name)."""
    setattr(g, _UNSENT, g.get(_UNSENT, 0) + 1)
    try:
        yield
    finally:
        setattr(g, _UNSENT, g.get(_UNSENT) - 1)


_WTFORMS_MESSAGES: dict[str, support.Translations] = {}


def wtforms_messages() -> support.Translations:
    """WTForms' own messages ("Not a valid date value.") in the reader's language, read from
    their catalogue once per language and process. Flask-WTF reads the catalogue from disk
    again in every request that makes a form (about a millisecond: 2 % of a person's page)."""
    language = str(get_locale() or "ru")
    if language not in _WTFORMS_MESSAGES:
        _WTFORMS_MESSAGES[language] = support.Translations.load(
            messages_path(), [language], domain="wtforms")
    return _WTFORMS_MESSAGES[language]


class Form(FlaskForm):
    """The base of every page's form (a test checks that each one is)."""
    class Meta(BoundaryMeta):
        def wrap_formdata(self, form, formdata):
            if g.get(_UNSENT):
                return None
            return super().wrap_formdata(form, formdata)

        def get_translations(self, form):
            # outside a request (no reader, no language) as Flask-WTF has it
            if not has_request_context() or not current_app.config.get("WTF_I18N_ENABLED",
                                                                       True):
                return super().get_translations(form)
            return wtforms_messages()


class SubForm(wtforms.Form):
    """The base of a form nested in another (FormField, FieldList)."""
    class Meta(BoundaryMeta):
        pass


MAX_ID = 2**31 - 1  # ids are 32-bit in the database


def record_id(value) -> int | None:
    """The id a choice sends (digits 0-9 only), None for the empty choice; else ValueError."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise ValueError(text)
    return int(text)


def version_read(field) -> int | None:
    """The version a form carried back as text (the one it was filled from): None when it is
    empty or garbled, which is never the current one."""
    typed = field.data or ""
    return int(typed) if typed.isascii() and typed.isdigit() else None


class IdField(SelectField):
    """A choice of a record: its data is the id (an int) or None, parsed here, never by a
    view's int()."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=record_id, **kwargs)


class HiddenIdField(wtforms.HiddenField):
    """A record's id or version that a form carries back (digits only): its data is an int,
    or None when it is empty or garbled (a version that is None is never the current one)."""

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = record_id(valuelist[0])
            except ValueError:
                self.data = None


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


class VoidForm(Form):
    """Void a record made by mistake: why, and a tick that confirms it."""
    reason = TextAreaField(_l("Why is it void?"), validators=[
        DataRequired(message=_l("Say why it is void.")), Length(max=1000)])
    confirm = BooleanField(_l("I confirm: it stays in the history, struck through, and counts "
                              "nowhere"))


class ReopenForm(VoidForm):
    """What was marked done or ended by mistake (a task, a plan step, a vacancy), opened again:
    why, and a tick that confirms it (the operations refuse one without: `confirm_reopen`)."""
    reason = TextAreaField(_l("Why is it opened again?"), validators=[
        DataRequired(message=_l("Say why it is opened again.")), Length(max=1000)])
    confirm = BooleanField(_l("I confirm: it counts as open again, and the page says who "
                              "opened it and why"))


class ConfirmForm(Form):
    """A button whose effect cannot be taken back (a token revoked, a second factor reset):
    sent only with its tick; the page writes what the tick confirms beside it."""
    confirm = BooleanField(_l("I confirm"),
                           validators=[DataRequired(message=_l("Tick to confirm."))])
