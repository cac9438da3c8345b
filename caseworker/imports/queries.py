"""What an import looks up: a district by id, a row imported before (by its
external id, in the user's district or region), a person by IIN in the user's scope."""
from __future__ import annotations

from sqlalchemy import Select, select

from caseworker import policy
from caseworker.models import District, ImportedRow, User


def is_kato(value: str) -> bool:
    return len(value) == 9 and value.isdigit()


def district_by_id(value: str) -> Select:
    """A district by its id (a KATO code is read by the row's date:
    `territories.queries.district_by_kato`)."""
    return select(District).where(District.id == int(value)) if value.isdigit() \
        else select(District).where(False)


def imported(user: User, kind: str, external_id: str) -> Select:
    """The row of this kind and external id imported before in the user's area."""
    stmt = select(ImportedRow).where(ImportedRow.kind == kind,
                                     ImportedRow.external_id == external_id)
    if policy.import_scope(user) == "region":
        return stmt.join(District, District.id == ImportedRow.district_id).where(
            District.region_id == user.region_id)
    return stmt.where(ImportedRow.district_id == user.district_id)
