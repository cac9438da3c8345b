"""The profile's desired occupations against the classifier of occupations (table
`occupation`): a registration and a change of the profile (the page, the API, the import)
refuse a code it does not know."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import Occupation
from caseworker.refusals import Refused


def check_occupations(values: dict) -> None:
    """The desired occupations' codes are the classifier's (a group of any level), or refused
    ("occupation_unknown") naming the codes it does not know."""
    codes = list(values.get("occupation_codes") or [])
    if not codes:
        return
    known = set(db.session.scalars(select(Occupation.code).where(Occupation.code.in_(codes))))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise Refused("occupation_unknown", _l(
            "Not a code of the classifier of occupations: %(codes)s.", codes=", ".join(unknown)))
