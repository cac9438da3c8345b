"""A measure's versions on its pages, and an admin adding one from a date: the open version
ends the day before, the past stays as it was, bad dates change nothing."""
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import delete, func, select

from caseworker.extensions import db
from caseworker.measures import operations
from caseworker.models import AuditEvent, Measure, MeasureVersion, Referral
from caseworker.reference_data import load_all
from caseworker.refusals import Refused
from tests import factories as f
from tests.conftest import csrf_from, login

KYZYLORDA = "430000000"


@pytest.fixture
def world(app):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        f.user("ad", "admin")
        f.user("cw", "caseworker", district)
        person = f.person(district, graduation_year=2025, experience_months=0,
                          born=date(1998, 5, 5))
        db.session.commit()
        ids = {"person": person.id}
    yield ids
    catalogue_as_loaded(app)


def catalogue_as_loaded(app) -> None:
    """The measures and their versions as loaded: they are reference data, which the tests
    keep from one to the next."""
    with app.app_context():
        db.session.execute(delete(MeasureVersion))
        load_all()
        db.session.commit()


def text(response) -> str:
    return response.get_data(as_text=True)


def versions_of(app, code: str) -> list[tuple]:
    with app.app_context():
        return [(v.number, v.valid_from, v.valid_to) for v in db.session.scalars(
            select(MeasureVersion).where(MeasureVersion.measure_code == code)
            .order_by(MeasureVersion.valid_from))]


class FormValues(HTMLParser):
    """What a browser would send for a form as the page fills it."""

    def __init__(self):
        super().__init__()
        self.data, self._select = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox":
            if "checked" in a:
                self.data.setdefault(a["name"], []).append(a.get("value", "y"))
        elif tag == "input" and "name" in a:
            self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self.data[self._select] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def version_form(client, code: str, **typed) -> dict:
    """The add-a-version form as the admin page fills it (from the latest version), with
    `typed` over it."""
    page = text(client.get(f"/measures/{code}/edit"))
    parser = FormValues()
    parser.feed(page[page.index('id="new-version"'):])
    return {**parser.data, **typed}


def test_the_measure_page_reads_its_versions_in_words(client, world):
    login(client, "cw")
    page = text(client.get("/measures/state_grant"))
    assert "From 01.01.2017 to 31.12.2021" in page and "200 MCI one-off" in page
    assert "From 01.01.2022 until a later version" in page and "400 MCI one-off" in page
    assert "in force today" in page and "1,730,000" in page  # 400 MCI at 4 325 today
    assert "Completed first: Bastau Business" in page and "Source:" in page
    move = text(client.get("/measures/resettlement"))
    assert "a move to North Kazakhstan Region: 70 MCI" in move
    assert "Age 18 to 29" in text(client.get("/measures/youth_practice"))
    assert client.get("/measures/nothing").status_code == 404


def test_the_catalogue_as_it_stood_on_a_day(client, world):
    login(client, "cw")
    then = text(client.get("/measures/?on=2020-08-19"))
    assert "as it stood on 19.08.2020" in then and "MCI of that day: 2,778" in then
    assert "555,600" in then and "First job" not in then and "Who is eligible" not in then
    now = text(client.get("/measures/"))
    assert "1,730,000" in now and "First job" in now and "Who is eligible" in now
    bad = client.get("/measures/?on=2020-13-45")
    assert bad.status_code == 200 and "Not a valid date value" in text(bad)


def test_an_admin_adds_a_version_from_a_future_day(app, client, world):
    login(client, "ad")
    data = version_form(client, "youth_practice", valid_from="2027-01-01", max_age="30",
                        benefit_amount="40", source_kk="2026 жылғы 1 желтоқсандағы № 1 қаулы",
                        source_ru=" Постановление № 1 от 1 декабря 2026 года ",
                        source_en="Decree No. 1 of 1 December 2026")
    assert data["benefit_unit"] == "MCI" and data["max_months"] == "12"
    response = client.post("/measures/youth_practice/versions", data=data)
    assert response.status_code == 302, text(response)
    assert versions_of(app, "youth_practice") == [
        (1, date(2017, 1, 1), date(2021, 12, 31)), (2, date(2022, 1, 1), date(2026, 12, 31)),
        (3, date(2027, 1, 1), None)]
    with app.app_context():
        new = db.session.scalar(select(MeasureVersion).where(MeasureVersion.number == 3,
                                                             MeasureVersion.measure_code
                                                             == "youth_practice"))
        assert new.rules["max_age"] == 30 and new.rules["requires_no_specialty_experience"] is True
        assert str(new.benefit_amount) == "40.00" and new.source_en.startswith("Decree No. 1")
        assert (new.source_kk, new.source_ru) == ("2026 жылғы 1 желтоқсандағы № 1 қаулы",
                                                  "Постановление № 1 от 1 декабря 2026 года")
        assert db.session.get(Measure, "youth_practice").rules["max_age"] == 35  # today's
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "measure.version_add"))
    page = text(client.get(response.location))
    assert "From 01.01.2027 until a later version" in page and "not in force yet" in page
    assert "From 01.01.2022 to 31.12.2026" in page and "40 MCI a month" in page


def _refused(app, client, code, field, message, **typed):
    before = versions_of(app, code)
    response = client.post(f"/measures/{code}/versions", data=version_form(client, code, **typed))
    page = text(response)
    assert response.status_code in (409, 422), page
    feedback = page[page.index(f'id="{field}-error"'):]
    assert message in feedback[:600]
    assert versions_of(app, code) == before  # nothing changed
    return page


def test_bad_dates_are_refused_beside_the_field_and_change_nothing(app, client, world):
    login(client, "ad")
    _refused(app, client, "state_grant", "valid_to", "cannot end before it starts",
             valid_from="2027-06-01", valid_to="2027-05-31")
    _refused(app, client, "state_grant", "valid_from", "overlap the version from 01.01.2022",
             valid_from="2022-01-01")
    _refused(app, client, "state_grant", "valid_from", "overlap the version from 01.01.2017",
             valid_from="2016-06-01", valid_to="2017-01-01")
    _refused(app, client, "state_grant", "valid_from", "Enter the first day", valid_from="")
    _refused(app, client, "state_grant", "max_age", "maximum age is below",
             valid_from="2027-01-01", min_age="30", max_age="20")


def test_a_start_on_or_before_a_referral_of_the_measure_is_refused(app, client, world):
    with app.app_context():
        db.session.add(Referral(person_id=world["person"], measure_code="public_works",
                                status="proposed", proposed_on=date(2026, 10, 1),
                                status_on=date(2026, 10, 1), verdict={}, rules_version=1))
        db.session.commit()
    login(client, "ad")
    _refused(app, client, "public_works", "valid_from", "made on 01.10.2026",
             valid_from="2026-09-01")
    _refused(app, client, "public_works", "valid_from", "made on 01.10.2026",
             valid_from="2026-10-01")
    page = text(client.get("/measures/public_works"))
    assert "1 referral was judged under this version." in page
    # after the last referral is fine, even in the past: nothing judged then changes
    assert client.post("/measures/public_works/versions", data=version_form(
        client, "public_works", valid_from="2026-10-02")).status_code == 302
    assert versions_of(app, "public_works")[-2:] == [
        (1, date(2017, 1, 1), date(2026, 10, 1)), (2, date(2026, 10, 2), None)]


def test_a_closed_version_in_a_gap_before_the_first(app, world):
    with app.test_request_context():
        _a_closed_version_in_a_gap_before_the_first()


def _a_closed_version_in_a_gap_before_the_first():
    from caseworker.models import User
    admin = db.session.scalar(select(User).where(User.login == "ad"))
    grant = db.session.get(Measure, "state_grant")
    values = {name: None for name in operations.VERSION_FIELDS} | {
        "rules": {}, "needs_approval": True, "benefit_unit": "none", "amount_by_region": {}}
    made = operations.add_version(grant, date(2015, 1, 1), date(2016, 12, 31), values, admin)
    assert made.number == 3 and grant.version_on(date(2016, 5, 5)) is made
    assert grant.version_on(date(2017, 1, 1)).number == 1
    with pytest.raises(Refused) as refused:
        operations.add_version(grant, date(2016, 12, 31), None, values, admin)
    assert refused.value.code == "version_overlaps" and refused.value.field == "valid_from"
    db.session.rollback()


@pytest.mark.parametrize("who, code, status", [
    ("cw", "state_grant", 403), ("ad", "nothing", 404)])
def test_only_admins_add_versions(client, world, who, code, status):
    login(client, who)
    token = csrf_from(text(client.get("/measures/state_grant")))
    assert client.post(f"/measures/{code}/versions", data={"csrf_token": token}
                       ).status_code == status
    assert client.get(f"/measures/{code}/edit").status_code == status


def test_the_database_keeps_one_open_version_and_one_start_a_day(app, ctx, world):
    from sqlalchemy.exc import IntegrityError
    for start in (date(2030, 1, 1), date(2022, 1, 1)):  # another open one; the same start
        db.session.add(MeasureVersion(measure_code="state_grant", number=9, valid_from=start,
                                      rules={}, amount_by_region={}))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
    db.session.add(MeasureVersion(measure_code="state_grant", number=9, rules={},
                                  valid_from=date(2031, 1, 1), valid_to=date(2030, 1, 1),
                                  amount_by_region={}))
    with pytest.raises(IntegrityError):  # ends before it starts
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(MeasureVersion.id)).where(
        MeasureVersion.measure_code == "state_grant")) == 2


def test_a_region_s_amount_needs_both_the_region_and_the_amount(app, client, world):
    login(client, "ad")
    data = version_form(client, "resettlement", valid_from="2027-01-01")
    assert (data["region_amounts-0-region"], data["region_amounts-0-amount"]) == (
        "590000000", "70.00")  # the form starts from the latest version
    for typed, field, message in (
            ({"region_amounts-1-amount": "50"}, "region_amounts-1-amount", "Choose the region"),
            ({"region_amounts-1-region": "110000000"}, "region_amounts-1-region",
             "Enter the amount")):
        _refused(app, client, "resettlement", field, message, valid_from="2027-01-01", **typed)
    response = client.post("/measures/resettlement/versions", data=dict(
        data, **{"region_amounts-1-region": "110000000", "region_amounts-1-amount": "50"}))
    assert response.status_code == 302
    with app.app_context():
        latest = db.session.get(Measure, "resettlement").versions[-1]
        assert latest.amount_by_region == {"590000000": 70, "110000000": 50}
