"""Translatable labels for codes stored in the database."""
from flask_babel import lazy_gettext as _l

ROLES = {
    "caseworker": _l("Caseworker"),
    "supervisor": _l("Supervisor"),
    "regional_officer": _l("Regional officer"),
    "analyst": _l("Analyst"),
    "admin": _l("Administrator"),
}
STATUSES = {
    "active": _l("Active"),
    "employed": _l("Employed"),
    "deregistered": _l("Deregistered"),
}
SEXES = {"M": _l("Male"), "F": _l("Female")}
EDUCATION = {
    "none": _l("No formal education"),
    "basic": _l("Basic secondary"),
    "secondary": _l("General secondary"),
    "vocational": _l("Technical and vocational"),
    "higher": _l("Higher"),
}


def label(table: dict, code: str | None) -> str:
    if code is None:
        return "—"
    return str(table.get(code, code))
