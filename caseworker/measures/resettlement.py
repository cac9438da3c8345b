"""Reading the receiving regions of voluntary resettlement (`ResettlementRate`, loaded from the
reference data): where a person may move on a day and the allowance per family member there."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select

from caseworker.domain import resettlement
from caseworker.extensions import db
from caseworker.models import Region, ResettlementRate


def receiving(group: str, on: date) -> dict[int, Decimal]:
    """region id -> MCI per family member, for the regions receiving `group` on `on`."""
    rows = db.session.execute(
        select(ResettlementRate.region_id, ResettlementRate.mci_per_member)
        .join(Region, Region.id == ResettlementRate.region_id)
        .where(ResettlementRate.group == group, ResettlementRate.valid_from <= on,
               or_(ResettlementRate.valid_to.is_(None), ResettlementRate.valid_to >= on),
               Region.kato.not_in(resettlement.NEVER_RECEIVE))).all()
    return dict(rows)


def receiving_for(target_groups, on: date) -> dict[int, Decimal]:
    """The regions receiving a person of these target groups on `on` (kandas: their list)."""
    return receiving(resettlement.group_of(target_groups), on)


def rate_to(target_groups, region: Region | None, on: date) -> Decimal | None:
    """The MCI per family member of a move to `region` decided on `on` (None: it does not
    receive the person's group that day)."""
    if region is None:
        return None
    return receiving_for(target_groups, on).get(region.id)
