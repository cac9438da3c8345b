"""The places each allocation's referrals use (`AllocationUse`), read by the person's page and
the allocation pages in place of counting the referrals (a region's allocation has thousands
of them: the person's page counted 40,000 index entries in 3.4 ms at national scale).

The database keeps the rows (`kept_counts`): a trigger on `referral` adds +1 when a referral
comes to use a place of an allocation (written in, or moved into, one of `USING_STATUSES`, or
moved to the allocation) and -1 when it stops, in the same transaction, whatever writes it
(a form, the API, an import's batch, an undone step, a bulk UPDATE). `compact` folds them
into one row an allocation (the schedule does so every few minutes); `differences` compares
them with `referral` (nightly), and `recount` makes them again from `referral` (after a bulk
load written with the triggers dropped, or if a check finds a difference).
"""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker.kept_counts import KeptCounts
from caseworker.models import AllocationUse, Referral
from caseworker.models.allocation import USING_STATUSES


def _from_referrals():
    return (select(Referral.allocation_id, func.count())
            .where(Referral.allocation_id.is_not(None), Referral.status.in_(USING_STATUSES))
            .group_by(Referral.allocation_id))


PLACES = KeptCounts(AllocationUse.__table__, ("allocation_id",), "referral", _from_referrals)
# kept: allocation id -> places used; differences: [(allocation id, kept, counted)]
compact, recount, kept, differences = (
    PLACES.compact, PLACES.recount, PLACES.kept, PLACES.differences)
