"""Demo allocations: places and funds for every region and measure this year, by population."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from caseworker.domain.money import benefit_kzt, rate_on
from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import Allocation, Measure, MciRate, Region
from caseworker.models.allocation import USING_STATUSES
from caseworker.models.referral import VOID_STATUSES

# Places per 1,000 inhabitants (thousands in POPULATION) for each measure, roughly as planned.
PER_THOUSAND = {"public_works": 6.0, "youth_practice": 2.5, "social_job": 2.0,
                "short_training": 3.0, "bastau_business": 2.0, "state_grant": 0.8,
                "microcredit": 0.6, "first_job": 0.5, "generation_contract": 0.3,
                "silver_age": 0.3, "resettlement": 0.4, "job_placement": 10.0}


# The monthly wage of a demo job whose subsidy is a share of the wage (social jobs): the
# allocations are sized at it, and the demo's referrals to such jobs commit at it.
DEMO_WAGE = 150_000


def add_allocations(today: date, population: dict[str, int]) -> int:
    mci = rate_on([(r.effective_from, r.mci_kzt) for r in db.session.scalars(select(MciRate))],
                  today)
    count = 0
    for region in db.session.scalars(select(Region)):
        thousands = population.get(region.kato, 500)
        for measure in db.session.scalars(select(Measure).where(Measure.active.is_(True))):
            if measure.rules.get("labour_surplus_region_only") and not region.labour_surplus:
                continue
            places = max(5, int(thousands * PER_THOUSAND.get(measure.code, 1.0)))
            months = measure.max_months or 1
            each = benefit_kzt(measure.benefit_amount, measure.benefit_unit, mci) or 0
            if measure.benefit_unit == "percent_of_wage":
                each = round(DEMO_WAGE * measure.benefit_amount / 100)
            unit_months = months if (measure.benefit_period or "").startswith("monthly") else 1
            set_allocation(measure.code, region.id, None, today.year, places,
                           places * each * unit_months)
            count += 1
    return count


class RegionFunds:
    """This year's region-wide allocations as the national history (`demo.history`) draws on
    them: each referral of the year gets the allocation and its share of the funds (funds /
    places) while places and funds last. One that is open commits its share, one completed
    was paid at most that (`demo.payments_bulk`), one closed without taking place frees it; so
    no allocation ends below zero, as `refer` keeps it."""

    def __init__(self, conn: Connection, today: date):
        self.today = today
        # (measure, region) -> [allocation id, places left, each one's share, funds left]
        self.left = {(code, region): [aid, places, funds // max(places, 1), funds]
                     for aid, code, region, places, funds in conn.execute(select(
                         Allocation.id, Allocation.measure_code, Allocation.region_id,
                         Allocation.places, Allocation.funds_kzt).where(
                         Allocation.year == today.year, Allocation.district_id.is_(None)))}

    def draw(self, code: str, region_id: int, on: date, status: str):
        """(allocation id, amount) of a referral proposed on `on` that ended in `status`;
        (None, None) outside this year or once the allocation is used up."""
        entry = self.left.get((code, region_id)) if on.year == self.today.year else None
        if entry is None or entry[1] <= 0:
            return None, None
        if status not in VOID_STATUSES:
            if entry[3] < entry[2]:
                return None, None
            entry[3] -= entry[2]
        if status in USING_STATUSES:
            entry[1] -= 1
        return entry[0], entry[2]
