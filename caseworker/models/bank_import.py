"""A bank or treasury file as it was imported: who, when, its name and hash, how many rows and
how many were matched; and each row that was not recorded, with its reason, until someone
resolves it (with a reason) or a corrected file records it. A row settled by mistake is opened
again (`Reopenable`), keeping who had settled it and what they had said."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON, BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.mixins import Reopenable
from caseworker.models.types import utcnow


class BankImport(db.Model):
    __tablename__ = "bank_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(200))
    file_hash: Mapped[str] = mapped_column(String(64))  # SHA-256, hex
    rows: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)  # rows recorded now or before
    accepted: Mapped[bool] = mapped_column(default=False)  # all or nothing: recorded or not

    user = relationship("User")
    unmatched: Mapped[list[UnmatchedRow]] = relationship(
        back_populates="bank_import", order_by="UnmatchedRow.line",
        foreign_keys="UnmatchedRow.import_id")

    __table_args__ = (Index("ix_bank_import_district", "district_id", "imported_at"),)


class UnmatchedRow(Reopenable, db.Model):
    """A row of an imported file that was not recorded, and why. Resolved by a person with a
    reason, or by a later file of the district that names the same document number. Settled
    by mistake, it is opened again and waits once more: the `Reopenable` columns say who opened
    it, when, why and the day it had been settled, and `reopened_resolution` and
    `reopened_resolved_by_id` what the settlement said and who made it (the last time; every
    time is in the audit)."""
    __tablename__ = "unmatched_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("bank_import.id"))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    line: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(60))  # letter number or masked IIN
    document_number: Mapped[str | None] = mapped_column(String(60))
    paid_on: Mapped[date | None] = mapped_column(Date)
    amount_kzt: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)  # as first said, in the importer's language
    # each reason as [the file's column, the words that say it] (`spoken.kept`), said in the
    # language of whoever reads the row; None for rows kept before the words were
    reasons_said: Mapped[list | None] = mapped_column(JSON)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolved_by_import_id: Mapped[int | None] = mapped_column(ForeignKey("bank_import.id"))
    resolution: Mapped[str | None] = mapped_column(Text)
    reopened_resolution: Mapped[str | None] = mapped_column(Text)
    reopened_resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    bank_import: Mapped[BankImport] = relationship(back_populates="unmatched",
                                                   foreign_keys=[import_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])
    reopened_resolved_by = relationship("User", foreign_keys=[reopened_resolved_by_id])

    __table_args__ = (
        Index("ix_unmatched_row_open", "district_id", "resolved_at"),
        Index("ix_unmatched_row_document", "district_id", "document_number"),
    )
