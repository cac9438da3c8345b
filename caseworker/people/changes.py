"""A recorded profile change as a person reads it: codes become names in the reader's
language, dates are written as on every page, a caseworker's id becomes their name."""
from __future__ import annotations

from datetime import date

from flask_babel import format_date

from caseworker import labels
from caseworker.extensions import db
from caseworker.models import User
from caseworker.people.forms import CONSENT_CHOICES, DISABILITY_CHOICES
from caseworker.people.profiling import target_groups
from caseworker.translating import lazy_gettext as _l

CODED = {
    "status": labels.STATUSES,
    "education_level": labels.EDUCATION,
    "languages": labels.LANGUAGES,
    "disability_group": dict(DISABILITY_CHOICES),
    "consent_basis": dict(CONSENT_CHOICES),
    "rural": {"yes": _l("Rural"), "no": _l("Urban")},
}
DATES = ("last_job_ended", "consent_date")
LISTS = ("languages", "target_groups")  # stored as codes joined by ", "


def readable(field: str, value: str | None) -> str:
    if not value:
        return "—"
    codes = value.split(", ") if field in LISTS else [value]
    if field in CODED:
        return ", ".join(labels.label(CODED[field], code) for code in codes)
    if field == "target_groups":
        groups = target_groups()
        return ", ".join(groups[code].name if code in groups else code for code in codes)
    if field in DATES:
        try:
            return format_date(date.fromisoformat(value), "dd.MM.yyyy")
        except ValueError:
            return value
    if field == "caseworker_id" and value.isdigit():
        user = db.session.get(User, int(value))
        return user.full_name if user else value
    return value
