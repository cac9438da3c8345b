"""The form of an Employment Roadmap project."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField, HiddenField, IntegerField, SelectField, StringField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from caseworker.forms import Form
from caseworker.indicators.forms import plan_year

MOST = 10**12  # tenge, jobs: far above anything real, below what the columns hold


class ProjectForm(Form):
    """What the project is and plans; what it created and used are its progress entries."""
    name = StringField(_l("Project"), validators=[DataRequired(), Length(max=300)])
    district_id = SelectField(_l("District"), choices=[])
    year = IntegerField(_l("Year"), validators=[InputRequired(), plan_year])
    jobs_kind = SelectField(_l("Jobs"), choices=[])
    jobs_planned = IntegerField(_l("Jobs planned"),
                                validators=[InputRequired(), NumberRange(0, 10**6)])
    funds_allocated_kzt = IntegerField(_l("Funds allocated, tenge"),
                                       validators=[InputRequired(), NumberRange(0, MOST)])
    version = HiddenField()


class ProgressForm(Form):
    """What a project reported on a day, since its last entry."""
    on = DateField(_l("Reported on"), validators=[InputRequired(
        message=_l("Enter the date the figures were reported on."))])
    funds_used_kzt = IntegerField(_l("Funds used since the last entry, tenge"),
                                  validators=[Optional(), NumberRange(0, MOST)])
    jobs_created = IntegerField(_l("Jobs created since the last entry"),
                                validators=[Optional(), NumberRange(0, 10**6)])
    permanent_jobs = IntegerField(_l("Of them permanent"),
                                  validators=[Optional(), NumberRange(0, 10**6)])


class ReverseProgressForm(Form):
    """A mistaken entry taken back, on the day it is corrected, with the reason."""
    on = DateField(_l("Corrected on"), validators=[InputRequired(
        message=_l("Enter the date of the correction."))])
    reason = StringField(_l("Why the entry is wrong"),
                         validators=[DataRequired(message=_l("Say why the entry is reversed.")),
                                     Length(max=1000)])
