"""The regional officer's work queue (registered on the home page's queue,
`casework.worklist`): the region's districts that lag in the indicators, the indicators with
no plan for the region this year, allocations whose funds are nearly all committed, and the
month just closed when it is not frozen yet; and the district money side's: bank-file rows
that were not recorded. Each is a select its count is read from, in the
queue's one statement: facts from the indicator summary's days, as the tables count them."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import Select, and_, exists, func, literal, select, union_all

from caseworker import clock, policy
from caseworker.casework import worklist
from caseworker.domain.indicators import last_month_end, share_of_year
from caseworker.indicators import summary
from caseworker.indicators.definitions import for_date
from caseworker.models import (
    Allocation, IndicatorDay, IndicatorPlan, IndicatorSnapshot, Referral, User)
from caseworker.models.referral import OPEN_STATUSES
from caseworker.payments import queries as money
from caseworker.translating import lazy_gettext as _l

NEAR_LIMIT = 0.9  # an allocation whose committed funds reach this share of its funds


def _own_region(user: User) -> dict:
    return {"region_id": user.region_id}


def _month_end(_user: User) -> dict:
    return {"as_of": last_month_end(clock.today()).isoformat()}


ITEMS = (
    worklist.Item("lagging_districts", _l("Districts of your region that lag"),
                  "indicators.region", user_args=_own_region),
    worklist.Item("plans_missing", _l("Indicators without a plan for your region this year"),
                  "indicators.plans"),
    worklist.Item("near_limit", _l("Allocations with 90 percent or more of their funds committed"),
                  "measures.allocations"),
    worklist.Item("not_frozen", _l("The month just closed is not frozen yet"),
                  "indicators.index", user_args=_month_end),
)


def lagging_districts(region_id: int, today: date) -> Select:
    """The region's districts with plans for this year where at least as many indicators as
    make a region lag are below the lagging pace (fact < plan x share of the year x the
    lagging pace) at today."""
    config = current_app.config
    bar = share_of_year(today, today.year) * float(config["INDICATOR_LAGGING"])
    planned = select(IndicatorPlan.district_id).where(
        IndicatorPlan.region_id == region_id, IndicatorPlan.year == today.year,
        IndicatorPlan.district_id.is_not(None))
    facts = (select(IndicatorDay.district_id, IndicatorDay.indicator_code,
                    func.sum(IndicatorDay.value).label("value"))
             .where(IndicatorDay.year == today.year, summary.up_to(today),
                    IndicatorDay.district_id.in_(planned))
             .group_by(IndicatorDay.district_id, IndicatorDay.indicator_code).subquery())
    return (select(IndicatorPlan.district_id)
            .outerjoin(facts, and_(facts.c.district_id == IndicatorPlan.district_id,
                                   facts.c.indicator_code == IndicatorPlan.indicator_code))
            .where(IndicatorPlan.region_id == region_id, IndicatorPlan.year == today.year,
                   IndicatorPlan.district_id.is_not(None), IndicatorPlan.target > 0,
                   func.coalesce(facts.c.value, 0) < IndicatorPlan.target * bar)
            .group_by(IndicatorPlan.district_id)
            .having(func.count() >= int(config["INDICATOR_LAGGING_COUNT"])))


def plans_missing(region_id: int, today: date) -> Select:
    """The indicators of today's definitions with no plan of the region (nor of a district
    of it) for this year."""
    codes = union_all(*[select(literal(i.code).label("code"))
                        for i in for_date(today)]).subquery()
    planned = select(IndicatorPlan.indicator_code).where(
        IndicatorPlan.region_id == region_id, IndicatorPlan.year == today.year)
    return select(codes.c.code).where(codes.c.code.not_in(planned))


def near_limit(region_id: int, today: date) -> Select:
    """This year's allocations of the region whose open referrals commit 90 % or more of
    their funds."""
    committed = (select(func.coalesce(func.sum(Referral.amount_kzt), 0))
                 .where(Referral.allocation_id == Allocation.id,
                        Referral.status.in_(OPEN_STATUSES))
                 .correlate(Allocation).scalar_subquery())
    return select(Allocation.id).where(
        Allocation.region_id == region_id, Allocation.year == today.year,
        Allocation.funds_kzt > 0, committed >= Allocation.funds_kzt * NEAR_LIMIT)


def not_frozen(today: date) -> Select:
    """One row while the month just closed has no frozen figures."""
    return select(literal(1)).where(~exists().where(
        IndicatorSnapshot.as_of == last_month_end(today)))


def queries(user: User, today: date) -> dict[str, Select]:
    if not policy.can(user, "plan.edit"):  # an officer of a region
        return {}
    return {"lagging_districts": lagging_districts(user.region_id, today),
            "plans_missing": plans_missing(user.region_id, today),
            "near_limit": near_limit(user.region_id, today),
            "not_frozen": not_frozen(today)}


worklist.register(ITEMS, queries)


# The district's money side (its finance officer, its supervisor): bank-file rows that were not
# recorded and wait to be settled.
MONEY_ITEMS = (
    worklist.Item("bank_unmatched", _l("Bank file rows not recorded"), "payments.unmatched"),
)


def money_queries(user: User, _today: date) -> dict[str, Select]:
    if not policy.can(user, "bank_import.view"):
        return {}
    return {"bank_unmatched": money.open_unmatched(user)}


worklist.register(MONEY_ITEMS, money_queries)
