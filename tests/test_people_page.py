"""The person's page reads what it shows in a few statements, however long the file is."""
from __future__ import annotations

from datetime import date

from caseworker.extensions import db
from tests import factories as f
from tests.conftest import login, statements_of

KYZYLORDA = "430000000"
BUDGET = 12  # DESIGN.md: the person page in 12 statements or fewer


def _statements(app, client, person_id: int) -> tuple[int, str]:
    with statements_of(app) as seen:
        response = client.get(f"/people/{person_id}")
    assert response.status_code == 200
    return len(seen), response.get_data(as_text=True)


def test_the_person_page_reads_a_few_statements_whatever_the_file_holds(app, client):
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        worker = f.user("cw", "caseworker", kz[0])
        short, long = (f.person(kz[0], caseworker_id=worker.id, born=date(1990 + n, 5, 17))
                       for n in range(2))
        f.person_file(short, worker, kz[1], rounds=1)
        f.person_file(long, worker, kz[2], rounds=6)
        db.session.commit()
        ids = short.id, long.id
    login(client, "cw")
    client.get(f"/people/{ids[0]}")  # the process reads the reference data it keeps
    few, page = _statements(app, client, ids[0])
    many, long_page = _statements(app, client, ids[1])
    assert few <= BUDGET and many == few, (few, many)
    # what the statements read is on the page: contacts, steps, checks, plan, transfers,
    # history naming the caseworkers, places left, a handover, every measure explained
    for text in ("Handover summary", "принести диплом", "Follow-up check", "шаг 5",
                 "Test fileworker", "places left: 5", "Individual employment plan",
                 "transfer from", "Completed", "Youth practice"):
        assert text in long_page, text
    assert long_page.count("Profile changed") > page.count("Profile changed")


def test_eligibility_reads_nothing_per_measure(app, client):
    """Every active measure is explained on the page; the sentences name target groups and
    measures from what the request read once."""
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        f.user("cw", "caseworker", kz[0])
        person_id = f.person(kz[0]).id
        db.session.commit()
    login(client, "cw")
    with statements_of(app) as seen:
        assert client.get(f"/people/{person_id}").status_code == 200
    assert not [s for s in seen if "measure.code IN" in s or "target_group.code IN" in s]
    assert sum("FROM measure" in s for s in seen) == 1
