"""The offers through the pages: the person page shows the vacancies that fit and offers one;
an answer, a void, the supervisor's decision; each door says a refusal and changes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import DeregistrationProposal, Offer, Person, RegistrationEpisode
from tests.conftest import csrf_from, login
from tests.offers_world import days, offers_world  # noqa: F401


def _page(client, w):
    return client.get(f"/people/{w['second']}").get_data(as_text=True)


def _post(client, url, token, **data):
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=True)


def _offers(app) -> list[Offer]:
    with app.app_context():
        return db.session.scalars(select(Offer).order_by(Offer.id)).all()


def test_a_caseworker_offers_from_the_person_page_and_records_the_answer(app, client,
                                                                         offers_world):
    w = offers_world
    login(client, "cw")
    page = _page(client, w)
    assert "Vacancies that fit" in page and "Продавец-консультант" in page
    assert "minor group 522" in page
    token = csrf_from(page)
    done = _post(client, f"/people/{w['second']}/offers", token, vacancy_id=w["shop"],
                 on=w["today"])
    assert "The vacancy is offered." in done.get_data(as_text=True)
    refused = _post(client, f"/people/{w['second']}/offers", token, vacancy_id=w["closed"])
    assert "This vacancy is not open" in refused.get_data(as_text=True)
    (offer,) = _offers(app)
    wrong = _post(client, f"/offers/{offer.id}/answer", token, answer="refused",
                  on=w["today"])
    assert "Choose why the offer was refused." in wrong.get_data(as_text=True)
    future = _post(client, f"/offers/{offer.id}/answer", token, answer="no_answer",
                   on=days(2))
    assert "future" in future.get_data(as_text=True)
    assert _offers(app)[0].state == "offered"
    answered = _post(client, f"/offers/{offer.id}/answer", token, answer="refused",
                     reason="wage", on=w["today"])
    assert "The answer is recorded." in answered.get_data(as_text=True)
    assert "Answer to an offer" in answered.get_data(as_text=True)  # the timeline
    unconfirmed = _post(client, f"/offers/{offer.id}/void", token, reason="wrong person")
    assert _offers(app)[0].state == "refused", unconfirmed.status_code
    voided = _post(client, f"/offers/{offer.id}/void", token, reason="wrong person",
                   confirm="y")
    assert "waits for its answer" in voided.get_data(as_text=True)
    assert _offers(app)[0].state == "offered" and _offers(app)[0].void_reason == "wrong person"


def _two_refusals(client, w, token):
    for _ in range(2):
        _post(client, f"/people/{w['second']}/offers", token, vacancy_id=w["shop"])
        offer = _offers(client.application)[-1]
        _post(client, f"/offers/{offer.id}/answer", token, answer="refused",
              reason="distance")


def test_the_supervisor_confirms_or_rejects_the_deregistration(app, client, offers_world):
    w = offers_world
    login(client, "cw")
    _two_refusals(client, w, csrf_from(_page(client, w)))
    login(client, "sv")
    home = client.get("/").get_data(as_text=True)
    assert "Deregistrations to decide" in home
    assert "Suitable work refused 2 times" in client.get(f"/people/{w['second']}").get_data(
        as_text=True)
    page = client.get("/offers/proposals").get_data(as_text=True)
    token = csrf_from(page)
    with app.app_context():
        proposal = db.session.scalar(select(DeregistrationProposal))
    kept = _post(client, f"/offers/proposals/{proposal.id}", token, keep="y")
    assert "Say why the person stays on the register." in kept.get_data(as_text=True)
    unticked = _post(client, f"/offers/proposals/{proposal.id}", token, deregister="y",
                     on=w["today"])
    assert "Tick that you checked the two refusals" in unticked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Person, w["second"]).status != "deregistered"
    confirmed = _post(client, f"/offers/proposals/{proposal.id}", token, deregister="y",
                      confirm="y", on=w["today"])
    assert "The person is deregistered." in confirmed.get_data(as_text=True)
    with app.app_context():
        person = db.session.get(Person, w["second"])
        assert person.status == "deregistered"
        assert db.session.scalar(select(RegistrationEpisode.reason).where(
            RegistrationEpisode.person_id == person.id,
            RegistrationEpisode.deregistered_on.is_not(None))) == "refused_two_offers"
    again = _post(client, f"/offers/proposals/{proposal.id}", token, deregister="y", confirm="y")
    assert "decided already" in again.get_data(as_text=True)
    login(client, "cw")
    assert client.get("/offers/proposals").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DeregistrationProposal)) == 1


def test_a_vacancy_lists_its_candidates_with_their_reasons_and_offers(app, client,
                                                                       offers_world):
    w = offers_world
    login(client, "cw")
    page = client.get(f"/vacancies/{w['shop']}/candidates").get_data(as_text=True)
    assert "Бейсенова" in page and "minor group 522" in page and "Offer this vacancy" in page
    assert "Оспанова" not in page  # another region's person
    assert client.get(f"/vacancies/{w['shop']}/candidates?page=2").status_code == 200
    closed = client.get(f"/vacancies/{w['closed']}/candidates").get_data(as_text=True)
    assert "Offer this vacancy" not in closed
