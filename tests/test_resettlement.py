"""Voluntary resettlement by date: the receiving regions of each group (resettlers and kandas)
and their allowance per family member as the reference data holds them, never Astana or
Almaty; a kandas may resettle from any region."""
from datetime import date
from decimal import Decimal

import pytest

from caseworker.domain import resettlement
from caseworker.domain.resettlement import Rate
from caseworker.extensions import db
from caseworker.measures import resettlement as receiving_regions
from caseworker.measures.eligibility import verdict_on
from caseworker.models import Measure, Person, Region, User
from caseworker.referrals import operations, terms
from caseworker.refusals import Refused
from tests import factories as f
from tests.referrals.conftest import TODAY

NORTH, PAVLODAR, AKMOLA, ATYRAU = "590000000", "550000000", "110000000", "230000000"
ASTANA, ALMATY, KYZYLORDA = "710000000", "750000000", "430000000"


def rate(kato=NORTH, start=date(2023, 1, 1), end=None, group="resettler", mci=70):
    return Rate(group, kato, start, end, Decimal(mci))


# ---- the pure rules -------------------------------------------------------------------------

@pytest.mark.parametrize("rows, says", [
    ([rate(ASTANA)], "Astana and Almaty never receive"),
    ([rate(ALMATY, group="kandas")], "Astana and Almaty never receive"),
    ([rate(group="oralman")], "resettler or kandas"),
    ([rate(end=date(2022, 1, 1))], "ends before it starts"),
    ([rate(mci=0)], "must be positive"),
    ([rate(end=date(2024, 12, 31)), rate(start=date(2024, 6, 1))], "overlap"),
])
def test_a_list_that_breaks_a_rule_is_refused(rows, says):
    with pytest.raises(ValueError, match=says):
        resettlement.check(rows)


def test_the_lists_by_group_and_date():
    rows = resettlement.check([
        rate(NORTH, date(2017, 1, 1), date(2022, 12, 31), mci=35), rate(NORTH),
        rate(PAVLODAR, date(2017, 1, 1)), rate(ATYRAU, date(2017, 1, 1), group="kandas")])
    assert resettlement.receiving(rows, "resettler", date(2020, 8, 19)) == {
        NORTH: Decimal(35), PAVLODAR: Decimal(70)}
    assert resettlement.receiving(rows, "resettler", date(2023, 1, 1))[NORTH] == Decimal(70)
    assert resettlement.receiving(rows, "kandas", date(2020, 8, 19)) == {ATYRAU: Decimal(70)}
    assert resettlement.group_of(["kandas", "low_income"]) == "kandas"
    assert resettlement.group_of([]) == resettlement.group_of(None) == "resettler"


# ---- the reference data ---------------------------------------------------------------------

def katos(app, group, on) -> dict[str, Decimal]:
    with app.app_context():
        ids = receiving_regions.receiving(group, on)
        return {db.session.get(Region, i).kato: mci for i, mci in ids.items()}


def test_the_orders_of_2026_as_loaded(app):
    resettlers, kandas = katos(app, "resettler", TODAY), katos(app, "kandas", TODAY)
    assert set(resettlers) == {NORTH, PAVLODAR, "630000000", "390000000", "100000000",
                               "620000000", "350000000"}
    assert set(kandas) == {PAVLODAR, AKMOLA, "100000000", "630000000", NORTH, "390000000",
                           ATYRAU, "270000000"}
    assert set(resettlers.values()) == set(kandas.values()) == {Decimal(70)}
    for group in resettlement.GROUPS:
        for year in range(2017, 2027):
            found = katos(app, group, date(year, 8, 19))
            assert found and not {ASTANA, ALMATY} & set(found), (group, year)


def test_the_rates_of_earlier_years(app):
    assert katos(app, "resettler", date(2020, 8, 19))[NORTH] == Decimal(35)
    assert katos(app, "resettler", date(2024, 8, 19))[NORTH] == Decimal(70)
    assert katos(app, "resettler", date(2024, 8, 19))[PAVLODAR] == Decimal(35)
    assert AKMOLA in katos(app, "resettler", date(2024, 8, 19))
    assert AKMOLA not in katos(app, "resettler", TODAY)  # not in the 2026 list
    assert "100000000" not in katos(app, "resettler", date(2022, 6, 7))  # Abai: from 8 June
    assert "100000000" in katos(app, "resettler", date(2022, 6, 8))


# ---- a person's move ------------------------------------------------------------------------

@pytest.fixture
def movers(app):
    with app.app_context():
        almaty = f.districts_of(ALMATY)[0]
        kyzylorda = f.districts_of(KYZYLORDA)[0]
        ids = {"cw": f.user("cw", "caseworker", almaty).id,
               "kandas": f.person(almaty, born=date(1980, 3, 3), household_size=3).id,
               "townsman": f.person(almaty, born=date(1981, 3, 3)).id,
               "resettler": f.person(kyzylorda, born=date(1982, 3, 3), household_size=2).id}
        db.session.get(Person, ids["kandas"]).target_groups = ["kandas"]
        db.session.commit()
    with app.app_context():
        yield {k: db.session.get(User if k == "cw" else Person, v) for k, v in ids.items()}


def test_a_kandas_may_resettle_from_any_region(movers):
    measure = db.session.get(Measure, "resettlement")
    assert verdict_on(movers["kandas"], measure, TODAY).status == "passed"
    assert verdict_on(movers["townsman"], measure, TODAY).status == "failed"  # Almaty: no surplus
    assert verdict_on(movers["resettler"], measure, TODAY).status == "passed"


def test_each_group_moves_to_its_own_list_never_to_astana_or_almaty(movers):
    kandas = {r.kato for r in terms.destinations(movers["kandas"], TODAY)}
    resettler = {r.kato for r in terms.destinations(movers["resettler"], TODAY)}
    assert ATYRAU in kandas and ATYRAU not in resettler
    assert "620000000" in resettler and "620000000" not in kandas  # Ulytau
    astana = f.region(ASTANA)
    assert not terms.may_move_to(movers["resettler"], astana, TODAY)
    with pytest.raises(Refused) as refused:
        operations.refer(movers["resettler"], "resettlement", movers["cw"], on=TODAY,
                         destination_region_id=astana.id)
    assert refused.value.code == "destination_required"


def test_the_amount_is_the_destination_s_rate_of_the_decision_date(movers):
    measure = db.session.get(Measure, "resettlement")
    north = f.region(NORTH)
    # 2020: 35 MCI per member at 2 778 tenge (the MCI from 1 April 2020), two in the family
    assert terms.commitment(measure, date(2020, 8, 19), movers["resettler"], north) == (
        2 * 35 * 2778)
    # 2026: 70 MCI per member at 4 325; a kandas's family of three to Atyrau
    assert terms.commitment(measure, TODAY, movers["kandas"], f.region(ATYRAU)) == (
        3 * 70 * 4325)
