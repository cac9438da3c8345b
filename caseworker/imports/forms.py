"""The import page's form: the files, and whether only to check them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, MultipleFileField
from wtforms import BooleanField
from wtforms.validators import DataRequired

from caseworker.forms import Form


class ImportForm(Form):
    files = MultipleFileField(_l("CSV or XLSX files"), validators=[
        DataRequired(message=_l("Choose at least one file.")),
        FileAllowed(["csv", "xlsx", "txt"], _l("Only CSV or XLSX files are accepted."))],
        render_kw={"accept": ".csv,.xlsx,.txt"})
    check_only = BooleanField(_l("Check only: report the bad rows and write nothing"))
