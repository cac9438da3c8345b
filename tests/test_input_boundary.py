"""One boundary for typed input: every form class and every API schema, found by walking the
code (not listed by hand), refuses control characters and dates outside the window."""
import importlib
import pkgutil

import marshmallow as ma
import pytest
import wtforms
from flask_wtf.file import FileField, MultipleFileField
from werkzeug.datastructures import MultiDict
from wtforms.fields import DateField, DateTimeField, DateTimeLocalField, FieldList, FormField
from wtforms.fields import DecimalField, FloatField, MonthField

import caseworker
from caseworker.api import schemas
from caseworker.domain import inputs
from caseworker.forms import (
    CONTROL_MESSAGE, NUMBER_MESSAGE, Form, SubForm, date_window_message)

BAD_TEXT = "ab\x00c\x1b[31m"
OLD = {MonthField: "0001-01", DateTimeLocalField: "0001-01-01T00:00", DateField: "0001-01-01",
       DateTimeField: "0001-01-01 00:00:00"}  # subclasses first
NUMBERS = (DecimalField, FloatField)


def _all_modules():
    for info in pkgutil.walk_packages(caseworker.__path__, "caseworker."):
        importlib.import_module(info.name)


def _subclasses(base):
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def form_classes():
    _all_modules()
    return sorted((c for c in _subclasses(wtforms.Form) if c.__module__.startswith("caseworker.")
                   and c not in (Form, SubForm)), key=lambda c: c.__qualname__)


def schema_classes():
    _all_modules()
    return sorted((c for c in _subclasses(ma.Schema) if c.__module__.startswith("caseworker.")
                   and c is not schemas.Checked), key=lambda c: c.__qualname__)


def test_the_rule_itself():
    assert not inputs.bad_characters("Жақсылықова Мөлдір, ул. Абая 5")
    assert inputs.bad_characters("ab\x00c") and inputs.bad_characters("\x1b") and \
        inputs.bad_characters("\x7f") and inputs.bad_characters("\x85") and \
        inputs.bad_characters("\ud800")
    assert inputs.bad_characters("two\nlines") and not inputs.bad_characters("two\r\nlines\t",
                                                                               multiline=True)


def test_every_form_class_and_schema_stands_on_the_boundary():
    assert len(form_classes()) > 40
    assert [c for c in form_classes() if not issubclass(c, (Form, SubForm))] == []
    assert [c for c in schema_classes() if not issubclass(c, schemas.Checked)] == []


def _leaves(form):
    for field in form:
        if isinstance(field, FieldList):
            if not field.entries:
                field.append_entry()
            for entry in field:
                yield from (_leaves(entry.form) if isinstance(entry, FormField) else [entry])
        elif isinstance(field, FormField):
            yield from _leaves(field.form)
        else:
            yield field


def _sent(cls, value_of):
    shape = cls(formdata=None, meta={"csrf": False})
    data = MultiDict()
    for field in _leaves(shape):
        value = value_of(field)
        if value is not None:
            data.add(field.name, value)
    form = cls(formdata=data, meta={"csrf": False})
    for field in _leaves(form):
        if getattr(field, "choices", ()) is None:
            field.choices = []
    form.validate()
    return {f.name: f.errors for f in _leaves(form) if f.name in data}


def _old_date(field):
    return next((text for kind, text in OLD.items() if isinstance(field, kind)), None)


@pytest.mark.parametrize("cls", form_classes(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_field_of_every_form_refuses_control_characters_and_old_dates(app, cls):
    with app.test_request_context():
        refused = _sent(cls, lambda field: None if isinstance(
            field, (FileField, MultipleFileField)) else BAD_TEXT)
        assert {n: e for n, e in refused.items() if str(CONTROL_MESSAGE) not in e} == {}
        old = _sent(cls, _old_date)
        assert {n: e for n, e in old.items() if date_window_message() not in e} == {}
        for number in ("sNaN", "NaN", "-Infinity"):
            odd = _sent(cls, lambda field: number if isinstance(field, NUMBERS) else None)
            assert {n: e for n, e in odd.items() if str(NUMBER_MESSAGE) not in e} == {}


def _bad_value(field):
    if isinstance(field, ma.fields.List):
        inner = _bad_value(field.inner)
        return None if inner is None else [inner]
    if isinstance(field, ma.fields.String):
        return BAD_TEXT
    if isinstance(field, ma.fields.Date):
        return "0001-01-01"
    return None


@pytest.mark.parametrize("cls", schema_classes(), ids=lambda c: c.__qualname__)
def test_every_text_and_date_of_every_api_schema_is_refused(app, cls):
    with app.test_request_context():
        schema = cls()
        for name, field in schema.load_fields.items():
            value = _bad_value(field)
            if value is None:
                continue
            key = field.data_key or name
            with pytest.raises(ma.ValidationError) as refused:
                schema.load({key: value}, partial=True)
            assert key in refused.value.messages, (key, refused.value.messages)
            if field.validate is None:
                assert {str(CONTROL_MESSAGE), date_window_message()} & set(
                    refused.value.messages[key]), refused.value.messages
