"""What an import looks up: a district by id, a row imported before (by its
external id, in the user's district or region), a person by IIN in the user's scope."""
from __future__ import annotations

from sqlalchemy import Select, select

from caseworker import policy
from caseworker.models import District, ImportedRow, Person, User


def is_kato(value: str) -> bool:
    return len(value) == 9 and value.isdigit()


def district_by_id(value: str) -> Select:
    """A district by its id (a KATO code is read by the row's date:
    `territories.queries.district_by_kato`)."""
    return select(District).where(District.id == int(value)) if value.isdigit() \
        else select(District).where(False)


def _in_area(stmt: Select, user: User) -> Select:
    if policy.import_scope(user) == "region":
        return stmt.join(District, District.id == ImportedRow.district_id).where(
            District.region_id == user.region_id)
    return stmt.where(ImportedRow.district_id == user.district_id)


def imported(user: User, kind: str, external_id: str) -> Select:
    """The row of this kind and external id imported before in the user's area."""
    return _in_area(select(ImportedRow).where(ImportedRow.kind == kind,
                                              ImportedRow.external_id == external_id), user)


def imported_ids(user: User, kind: str, external_ids: set[str]) -> Select:
    """Which of `external_ids` were imported before as rows of this kind in the user's area
    (the batch form of `imported`: one statement for many rows)."""
    return _in_area(select(ImportedRow.external_id).where(
        ImportedRow.kind == kind, ImportedRow.external_id.in_(external_ids)), user)


def persons_by_iin(iins: set[str]) -> Select:
    """The persons with these IINs wherever they are registered: the policy then says which
    are in the user's scope; of the others an import says only "another district"."""
    return select(Person).where(Person.iin.in_(iins))


def imported_records(user: User, kind: str, external_ids: set[str]) -> Select:
    """(external id, record id) of the rows of this kind imported before in the user's area
    among `external_ids` (a chunk's referrals, named by their steps and outcomes)."""
    return _in_area(select(ImportedRow.external_id, ImportedRow.record_id).where(
        ImportedRow.kind == kind, ImportedRow.external_id.in_(external_ids)), user)
