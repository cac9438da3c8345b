"""The person counts (`people.counts`) follow every write to `person`, whatever makes it (the
session, a bulk UPDATE, a delete), fold without losing a count, and a check finds what
drifted; the home pages read them within each user's scope."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, insert, select, update

from caseworker import clock
from caseworker.domain.iin import make, parse
from caseworker.extensions import db
from caseworker.jobs import maintenance
from caseworker.models import Person, PersonCount
from caseworker.people import counts, operations
from tests import factories as f
from tests.conftest import login


def _agree() -> dict:
    """The kept counts, after checking they equal a count of `person`."""
    conn = db.session.connection()
    assert counts.differences(conn) == []
    return counts.kept(conn)


@pytest.fixture
def places(ctx):
    return f.places()


def test_a_person_written_moved_and_changed_is_counted_where_they_are(places):
    own, other = places["own"], places["other_region"]
    person = f.person(own)
    f.person(own, last="Бекова", status="employed")
    assert _agree() == {(own.region_id, own.id, "active"): 1,
                        (own.region_id, own.id, "employed"): 1}
    person.status = "deregistered"
    db.session.flush()
    assert _agree()[(own.region_id, own.id, "deregistered")] == 1
    assert (own.region_id, own.id, "active") not in _agree()
    person.district_id, person.region_id = other.id, other.region_id  # a transfer
    db.session.flush()
    assert _agree()[(other.region_id, other.id, "deregistered")] == 1
    person.last_name = "Ахмет"  # a change that moves no count adds no row
    rows = db.session.scalar(select(func.count()).select_from(PersonCount))
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(PersonCount)) == rows


def test_a_bulk_update_and_a_delete_are_counted_too(places):
    own = places["own"]
    kept = [f.person(own, last=f"Н{n}") for n in range(3)]
    db.session.execute(update(Person).where(Person.id.in_([p.id for p in kept[:2]]))
                       .values(status="employed"))
    assert _agree() == {(own.region_id, own.id, "active"): 1,
                        (own.region_id, own.id, "employed"): 2}
    db.session.execute(Person.__table__.delete().where(Person.id == kept[2].id))
    assert _agree() == {(own.region_id, own.id, "employed"): 2}


def test_folding_keeps_every_count_in_one_row_a_district_and_status(places):
    own, same = places["own"], places["same_region"]
    people = [f.person(own, last=f"А{n}") for n in range(4)] + [f.person(same)]
    for person in people[:3]:
        person.status = "employed"
    db.session.flush()
    before = _agree()
    conn = db.session.connection()
    assert counts.compact(conn) == 5 + 3 * 2  # five written, three changed in status
    assert _agree() == before
    assert db.session.scalar(select(func.count()).select_from(PersonCount)) == len(before)
    assert counts.compact(conn) == len(before)  # folded already: the same rows again
    assert _agree() == before


def test_a_check_finds_a_drifted_count_and_a_recount_mends_it(places, runner):
    own = places["own"]
    f.person(own)
    db.session.execute(insert(PersonCount).values(region_id=own.region_id, district_id=own.id,
                                                  status="active", n=5))
    db.session.commit()
    wrong = counts.differences(db.session.connection())
    assert wrong == [((own.region_id, own.id, "active"), 6, 1)]
    report = maintenance.WORK["people.counts.check"].run()
    assert not report.ok and report.lines == [
        f"region {own.region_id}, district {own.id}, active: kept 6, counted 1"]
    result = runner.invoke(args=["people", "counts", "--check"])
    assert result.exit_code != 0 and "kept 6, counted 1" in result.output
    assert counts.kept(db.session.connection())[(own.region_id, own.id, "active")] == 6
    result = runner.invoke(args=["people", "counts"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert _agree() == {(own.region_id, own.id, "active"): 1}
    assert maintenance.WORK["people.counts.check"].run().ok
    assert maintenance.WORK["people.counts.compact"].run().ok


def test_the_schedule_folds_and_checks_them():
    from caseworker.jobs.schedule import BY_NAME
    assert BY_NAME["people.counts.compact"].when.minutes == 5
    assert BY_NAME["people.counts.check"].job_kind == "people.counts.check"


def test_registered_through_the_operation_is_counted(places):
    worker = f.user("cw.counts", "caseworker", places["own"])
    info = parse(make(date(1998, 4, 12), "F", 4321), clock.today())
    operations.register(info, {"last_name": "Серікова", "first_name": "Дана",
                               "patronymic": None, "phone": None,
                               "consent_date": clock.today(), "consent_basis": "written"},
                        worker, clock.today())
    assert _agree() == {(worker.district.region_id, worker.district_id, "active"): 1}


def test_home_pages_count_only_the_persons_in_scope(app, client):
    with app.app_context():
        where = f.places()
        f.staff(where["own"], off="regional_officer", sup="supervisor")
        for n in range(3):
            f.person(where["own"], last=f"Свой{n}")
        f.person(where["same_region"], last="Сосед", status="employed")
        for n in range(7):
            f.person(where["other_region"], last=f"Чужой{n}")
        db.session.commit()
    officer = login(client, "off").get_data(as_text=True)
    assert _stat(officer, "All persons on file") == "4"
    assert _stat(officer, "Employed") == "1"
    supervisor = login(client, "sup").get_data(as_text=True)
    assert _stat(supervisor, "All persons on file") == "3"
    assert _stat(supervisor, "Employed") == "0"


def _stat(html: str, label: str) -> str:
    """The figure of a card of the persons overview (`macros/cards.html`, `stat`)."""
    found = re.search(r'<div class="stat-value">([^<]*)</div>\s*<div class="stat-label">'
                      + re.escape(label) + "<", html)
    assert found, f"no figure for {label!r}"
    return re.sub(r"\D", "", found.group(1))


def test_the_people_list_says_its_total_from_the_counts_or_from_the_rows(app, client):
    with app.app_context():
        where = f.places()
        f.staff(where["own"], cw="caseworker")
        for n in range(3):
            f.person(where["own"], last=f"Свой{n}")
        f.person(where["own"], last="Занятой", status="employed")
        f.person(where["same_region"], last="Сосед")
        db.session.commit()
    login(client, "cw")
    for query, shown in (("", "4 persons found"), ("?status=employed", "1 person found"),
                         ("?name=Свой", "3 persons found"), ("?name=Сосед", "0 persons found")):
        page = client.get("/people/" + query).get_data(as_text=True)
        assert shown in page, query
