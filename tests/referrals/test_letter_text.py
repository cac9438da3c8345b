"""What a referral letter says, as a reader of the PDF sees it: the career centre's name, the
active measure of employment assistance, the amount with its period, the signer's full name, the
return slip for the provider, and the note on demo contacts (only where they are demo values)."""
from sqlalchemy import select

from caseworker.extensions import db
from caseworker.models import CareerCentre, Letter, Referral
from caseworker.referrals import pages
from tests.conftest import login
from tests.referrals.conftest import pdf_text, referred


def _letter_text(client, referral_id) -> str:
    response = client.get(f"/referrals/{referral_id}/letter.pdf")
    assert response.status_code == 200
    return " ".join(pdf_text(response.data).split())


def test_the_letter_reads_as_the_review_asked(app, client, world):
    [referral_id] = referred(app, world)
    with app.app_context():
        centre = db.session.scalar(select(CareerCentre).where(
            CareerCentre.district_id == world["district"]))
        number = db.session.scalar(select(Letter.number))
        head = centre.head
    login(client, "cw")
    text = _letter_text(client, referral_id)
    assert "Карьерный центр" in text and "Центр карьеры" not in text
    assert "жұмыспен қамтуға жәрдемдесудің белсенді шарасына" in text
    assert "активной мере содействия занятости" in text
    # youth practice: 30 MCI a month at 2026's MCI of 4 325
    assert "айына 129 750 ₸ дейін" in text and "до 129 750 ₸ в месяц" in text
    assert "Руководитель карьерного центра" in text and head in text and len(head.split()) == 3
    assert f"Ответ на направление № {number}" in text
    assert "Қабылданды (күні) / Принят(а) (дата)" in text
    assert "Қабылданбады / Не принят(а), себебі / причина" in text
    assert "Отрежьте и верните в карьерный центр" in text and "подпись" in text
    assert "ФИО руководителя и телефон вымышлены" in text
    with app.app_context():
        db.session.get(CareerCentre, centre.id).demo_contacts = False  # a real centre's data
        db.session.commit()
    try:
        assert "вымышлены" not in _letter_text(client, referral_id)
    finally:  # reference data outlives the test: as it was for the next
        with app.app_context():
            db.session.get(CareerCentre, centre.id).demo_contacts = True
            db.session.commit()


def test_the_letters_amount_has_its_period(app, world):
    [referral_id] = referred(app, world)
    with app.test_request_context():
        letter = db.session.scalar(pages.printable_letters().where(
            Letter.referral_id == referral_id))
        amount = pages.letter_context(letter)["amount"]
        assert (amount.kind, amount.kzt) == ("monthly_up_to", 129_750)
        # the amount stays that of the decision date whatever the referral's total
        assert db.session.get(Referral, referral_id).amount_kzt == 12 * 129_750
