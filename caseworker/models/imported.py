"""What a bulk import brought in: each history row's external id (the id the row had in the
system it came from), per district and kind, with the record it became. A file imported again
finds its rows here and changes nothing; a later file's row names an earlier referral by it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from caseworker.extensions import db
from caseworker.models.types import BigId, utcnow


class ImportedRow(db.Model):
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    kind: Mapped[str] = mapped_column(String(20))  # referrals, steps, outcomes, contacts
    external_id: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int | None] = mapped_column(BigInteger)  # the referral, event, ...
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_imported_row_external", "district_id", "kind", "external_id",
                            unique=True),)
