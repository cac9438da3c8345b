"""Places and funds for a measure in a region (or one of its districts) for a year, with the
running totals of its money."""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker.extensions import db
from caseworker.models.geo import District, Region
from caseworker.models.reference import Measure

# A place is used by a referral in one of these statuses.
USING_STATUSES = ("approved", "referred", "started", "completed")


class Allocation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_code: Mapped[str] = mapped_column(ForeignKey("measure.code"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))
    year: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)
    funds_kzt: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str | None] = mapped_column(String(300))
    # Running totals, changed in the transaction of the referral or payment that changes them
    # (`payments.totals`), so that the allocation page and the funds-left check read one row
    # instead of adding up every referral and payment: the whole amounts of its open
    # referrals, what was paid on them, and what was paid on its closed ones.
    committed_kzt: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    paid_open_kzt: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    paid_closed_kzt: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    measure: Mapped[Measure] = relationship()
    region: Mapped[Region] = relationship()
    district: Mapped[District | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_allocation_key", "measure_code", "region_id", "district_id", "year"),
    )


class AllocationUse(db.Model):
    """The places an allocation's referrals use, as changes to it: the database adds a row of
    +1 for each referral that comes to use one of its places (written in, or moved into, one
    of `USING_STATUSES`, or to the allocation) and -1 for each that stops (triggers on
    `referral`, made by the migration `allocation_use`, which holds its own copy of the
    statuses: a change to them needs a migration that makes the triggers again). The
    allocation pages and the person's page add up a few rows instead of counting thousands
    of referrals; `measures.use` folds the rows into one per allocation now and then, and
    checks them against `referral`."""
    __tablename__ = "allocation_use"
    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("allocation.id"))
    n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        # an allocation's rows added up from the index alone
        Index("ix_allocation_use_allocation", "allocation_id", "n"),
    )
