"""Referring a person from the page: what the form offers, and how it says the operation's
answers (the rules themselves: test_refer_rules.py)."""
from datetime import date

import pytest
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import Measure, MciRate, Person, Provider, Referral, Region
from caseworker.domain.money import benefit_kzt
from caseworker.referrals import terms
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.referrals.conftest import KYZYLORDA, TODAY, count, refer_page, text


def test_refer_an_eligible_person_and_refuse_a_second_open_one(app, client, world):
    login(client, "cw")
    response, data, url = refer_page(client, world["grad"], comment="<b>первый</b>")
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        # judged under youth practice's version in force today: its second, from 2022
        assert referral.verdict["status"] == "passed" and referral.rules_version == 2
        assert referral.status == "proposed" and len(referral.events) == 1
        assert referral.comment == "<b>первый</b>" and referral.provider_id == world["provider"]
    again = client.post(url, data=data)  # the same form twice: its referral, once
    assert again.status_code == 302 and again.location == response.location
    second, _, _ = refer_page(client, world["grad"])
    assert second.status_code == 200 and "already has an open referral" in text(second)
    with app.app_context():
        assert count(Referral) == 1


@pytest.mark.parametrize("status", ["deregistered", "employed"])
def test_a_person_no_longer_registered_is_not_referred(app, client, world, status):
    login(client, "cw")
    url = f"/people/{world['grad']}/refer/youth_practice"
    page = text(client.get(url))  # the form, opened while the person was registered
    with app.app_context():
        db.session.get(Person, world["grad"]).status = status
        db.session.commit()
    token = page.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    sent = client.post(url, data={"csrf_token": csrf_from(page), "form_token": token,
                                  "provider_id": str(world["provider"])})
    assert sent.status_code == 302 and sent.location.endswith(f"/people/{world['grad']}")
    assert "Only a person registered as unemployed can be referred" in text(
        client.get(sent.location))
    opened = client.get(url)
    assert opened.status_code == 302 and opened.location.endswith(f"/people/{world['grad']}")
    with app.app_context():
        assert count(Referral) == 0


def test_an_unknown_or_retired_measure_has_no_form(app, client, world):
    login(client, "cw")
    assert client.get(f"/people/{world['grad']}/refer/no_such_measure").status_code == 404
    with app.app_context():  # reference data, kept between tests: put back after
        db.session.get(Measure, "youth_practice").active = False
        db.session.commit()
    try:
        assert client.get(f"/people/{world['grad']}/refer/youth_practice").status_code == 404
    finally:
        with app.app_context():
            db.session.get(Measure, "youth_practice").active = True
            db.session.commit()


def test_the_amount_of_a_benefit_per_family_member_is_for_the_household(app, client, world):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        person_id = f.person(district, last="Көшпенов", household_size=6,
                             born=date(1985, 5, 5)).id
        north = db.session.scalar(select(Region).where(Region.kato == "590000000"))
        one = terms.commitment(db.session.get(Measure, "resettlement"), TODAY,
                               f.person(district, household_size=None), north)
        to = north.id  # North Kazakhstan receives resettlers in 2026 (Akmola does not)
        db.session.commit()
    login(client, "cw")
    page = text(client.get(f"/people/{person_id}/refer/resettlement"))
    assert "6 in the family" in page  # the amount itself waits for where the person moves
    refer_page(client, person_id, "resettlement", destination_region_id=str(to))
    with app.app_context():
        assert one and db.session.scalar(select(Referral.amount_kzt)) == 6 * one


def test_the_amount_is_offered_and_may_be_changed(app, client, world):
    with app.app_context():
        offered = terms.commitment(db.session.get(Measure, "youth_practice"), TODAY,
                                       db.session.get(Person, world["grad"]))
    login(client, "cw")
    page = text(client.get(f"/people/{world['grad']}/refer/youth_practice"))
    assert f'name="amount_kzt" type="number" value="{offered}"' in page
    refer_page(client, world["grad"], amount_kzt="12345")
    with app.app_context():
        assert db.session.scalar(select(Referral.amount_kzt)) == 12345


def test_a_start_date_outside_the_plan_years_is_refused_beside_it(app, client, world):
    login(client, "cw")
    response, _, _ = refer_page(client, world["grad"], start_on="1990-01-01")
    field = text(response).split('name="start_on"')[1].split("</div>")[0]
    assert response.status_code == 200 and "check the year" in field
    with app.app_context():
        assert count(Referral) == 0
    response, _, _ = refer_page(client, world["grad"],
                                start_on=TODAY.replace(month=1, day=1).isoformat())
    assert response.status_code == 302


def test_the_form_offers_the_providers_that_deliver_the_measure(app, client, world):
    with app.app_context():
        person = db.session.get(Person, world["grad"])
        for n, kind in enumerate(("training", "employer", "microfinance")):
            db.session.add(Provider(name=f"Орг {kind}", name_search=kind, bin=f"99000000000{n}",
                                    kinds=[kind], region_id=person.region_id, active=True))
        db.session.commit()
        kinds = {code: {k for p in terms.providers_for(
                    person, db.session.get(Measure, code)) for k in p.kinds}
                 for code in ("short_training", "youth_practice", "microcredit", "state_grant")}
    assert kinds["short_training"] == {"training"} and kinds["youth_practice"] == {"employer"}
    assert kinds["microcredit"] == {"microfinance"}
    # no grant commission in the region: every provider, rather than none to choose from
    assert kinds["state_grant"] == {"training", "employer", "microfinance"}
    login(client, "cw")
    page = text(client.get(f"/people/{world['grad']}/refer/youth_practice"))
    assert "Орг employer" in page and "Орг training" not in page


@pytest.mark.parametrize("who, places, said", [
    ("old", None, "does not meet the rules of this measure"),
    ("grad", 0, "No places are left in this allocation"),
])
def test_a_supervisor_refers_despite_the_rules_or_a_full_quota_with_a_reason(
        app, client, world, who, places, said):
    if places is not None:
        with app.app_context():
            set_allocation("youth_practice", world["region"], world["district"], TODAY.year,
                           places, 0)
            db.session.commit()
    login(client, "cw")
    page = text(client.get(f"/people/{world[who]}/refer/youth_practice"))
    assert 'name="override_reason"' not in page  # a caseworker is not offered the override
    assert places is None or "places left: 0" in page
    refused, _, _ = refer_page(client, world[who])
    assert said in text(refused)
    with app.app_context():
        assert count(Referral) == 0
    login(client, "sv")
    response, _, _ = refer_page(client, world[who], override_reason="решение комиссии")
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.override_reason == "решение комиссии"
        assert referral.verdict["status"] == ("failed" if who == "old" else "passed")
        assert (referral.allocation_id is not None) == (places is not None)


def test_a_free_course_takes_no_amount(app, client, world):
    login(client, "cw")
    page = text(client.get(f"/people/{world['grad']}/refer/short_training"))
    assert "the course is free for the person" in page
    refused, _data, _url = refer_page(client, world["grad"], "short_training",
                                      amount_kzt="50000")
    field = text(refused).split('name="amount_kzt"')[1].split("</div>")[0]
    assert "pays the person nothing" in field
    with app.app_context():
        assert count(Referral) == 0
    made, _data, _url = refer_page(client, world["grad"], "short_training")
    assert made.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Referral.amount_kzt)) is None


def test_a_resettlement_names_where_to_and_is_paid_at_its_rate(app, client, world):
    with app.app_context():
        north = db.session.scalar(select(Region).where(Region.kato == "590000000")).id
        pavlodar = db.session.scalar(select(Region).where(Region.kato == "550000000"))
        akmola = db.session.scalar(select(Region).where(Region.kato == "110000000")).id
        own = db.session.get(Person, world["old"])
        own.household_size = 3
        region = own.region_id
        db.session.commit()
        mci = db.session.scalars(select(MciRate).order_by(MciRate.effective_from.desc())).first()
        per_member = {mcis: benefit_kzt(mcis, "MCI", mci.mci_kzt) for mcis in (70, 35)}
        elsewhere = terms.commitment(db.session.get(Measure, "resettlement"), TODAY, own,
                                     pavlodar)
    assert elsewhere == 3 * per_member[70]  # every receiving region pays 70 MCI in 2026
    login(client, "cw")
    page = text(client.get(f"/people/{world['old']}/refer/resettlement"))
    assert "Region the person moves to" in page and "70 MCI to " in page
    assert "North Kazakhstan Region" in page.split("70 MCI to ")[1].split(";")[0]
    assert f'<option value="{akmola}">' not in page  # not in the 2026 order for resettlers
    assert f'<option value="{region}">' not in page  # not the person's own, labour-surplus
    nowhere, _data, _url = refer_page(client, world["old"], "resettlement")
    assert "Choose the region the person moves to" in text(nowhere)
    back_home, _data, _url = refer_page(client, world["old"], "resettlement",
                                        destination_region_id=str(region))
    assert "Not a valid choice" in text(back_home)
    made, _data, _url = refer_page(client, world["old"], "resettlement",
                                   destination_region_id=str(north))
    assert made.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.destination_region_id == north
        assert referral.amount_kzt == 3 * per_member[70]
