"""The admin's form for one day of the calendar, and the form that removes one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from caseworker.forms import Form, HiddenIdField
from caseworker.calendar.source import DayRow
from caseworker.models.calendar import KINDS
from caseworker.options import options

KIND_LABELS = {
    "holiday": _l("Public holiday"),
    "day_off": _l("Day off (moved here)"),
    "working_day": _l("Weekend day worked"),
}


class DayForm(Form):
    day = DateField(_l("Date"), validators=[InputRequired()])
    kind = SelectField(_l("What the day is"),
                       choices=options((k, KIND_LABELS[k]) for k in KINDS))
    name_kk = StringField(_l("Name in Kazakh"), validators=[DataRequired(), Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    source = StringField(_l("Source"), validators=[DataRequired(), Length(max=300)],
                         description=_l("The law, decree or page that says so."))
    # the day's version the form was opened on: a save over a later one is refused (409)
    version = HiddenIdField()

    def row(self) -> DayRow:
        return DayRow(self.day.data, self.kind.data, self.name_kk.data.strip(),
                      self.name_ru.data.strip(), self.name_en.data.strip(),
                      self.source.data.strip())


class RemoveForm(Form):
    """Removing a day changes the working days of its month for every count made after it:
    ticked first. The audit keeps that it was removed; adding it again restores it."""
    confirm = BooleanField(_l("I confirm: the day leaves the calendar, and working days are "
                              "counted without it from now on."),
                           validators=[DataRequired(message=_l("Tick to confirm."))])
