"""Forms of the indicators pages: the report's year and date, a plan, a plan file."""
from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, ValidationError
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from caseworker.forms import Form, HiddenIdField
from caseworker import clock
from caseworker.domain.dates import plan_years
from caseworker.translating import lazy_gettext as _l


def year_message(low: int, high: int) -> str:
    return str(_l("The year must be a whole number from %(low)d to %(high)d.", low=low,
                  high=high))


def plan_year(form, field) -> None:
    """A plan's, a report's or a project's year (domain.dates.plan_years), as of today."""
    low, high = plan_years(clock.today())
    if field.data is not None and not low <= field.data <= high:
        raise ValidationError(year_message(low, high))


class ReportForm(Form):
    """The query string of the report (GET: no CSRF token)."""
    class Meta:
        csrf = False

    year = IntegerField(_l("Year"), validators=[Optional(), plan_year])
    as_of = DateField(_l("Report date"), validators=[Optional()])
    indicator = SelectField(_l("Indicator in detail"), choices=[], validators=[Optional()])
    live = BooleanField(_l("Live figures, even where a month's end was frozen"))


class PlanForm(Form):
    indicator_code = SelectField(_l("Indicator"), choices=[], validators=[DataRequired()])
    district_id = SelectField(_l("Where"), choices=[])
    year = IntegerField(_l("Year"), validators=[
        InputRequired(message=_l("Enter the year.")), plan_year])
    target = IntegerField(_l("Target for the year"), validators=[
        InputRequired(message=_l("Enter the target.")), NumberRange(0, 10**13)])
    # the plan the form was opened on to change it (none: a plan set anew) and its version:
    # a save over a later one is refused (409)
    plan_id = HiddenIdField()
    version = HiddenIdField()


class PlanUploadForm(Form):
    file = FileField(_l("CSV or XLSX file"), validators=[
        FileRequired(message=_l("Choose a file.")),
        FileAllowed(["csv", "xlsx"], _l("Only CSV or XLSX files are accepted."))])
