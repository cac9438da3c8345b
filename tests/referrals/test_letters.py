"""Letters: issued when a referral is referred, printed one by one or as the day's batch,
reissued with a new number, and verified by anyone who holds one."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from caseworker import clock
from caseworker.calendar.queries import work_calendar
from caseworker.domain.workdays import working_days_between
from caseworker.extensions import db
from caseworker.models import AuditEvent, Letter, LetterBatch, Person, Provider, Referral, Region
from tests.conftest import csrf_from, login, statements_of
from tests.referrals.conftest import TODAY, referred, refer_page, pdf_text, step_data, text
from tests.test_letter_codes import KEYS  # a code typed on a Russian keyboard, not switched


def _letters(app) -> list[Letter]:
    with app.app_context():
        return db.session.scalars(select(Letter).order_by(Letter.id)).all()


def test_referring_issues_the_letter_it_prints(app, client, world):
    login(client, "cw")
    response, _, _ = refer_page(client, world["grad"], comment='<img src="file:///etc/passwd">')
    url = response.headers["Location"]
    page = text(client.get(url))
    future = client.post(url + "/transition", data=step_data(page, "referred",
                                                            TODAY + timedelta(days=1)),
                         follow_redirects=True)
    assert "The date cannot be in the future" in text(future) and not _letters(app)
    done = client.post(url + "/transition", data=step_data(page, "referred"),
                       follow_redirects=True)
    assert "Saved: Referred" in text(done)
    [letter] = _letters(app)
    assert re.fullmatch(rf"43-{TODAY.year}-\d{{6}}", letter.number)
    with app.app_context():
        person = db.session.get(Person, world["grad"])
        provider = db.session.get(Provider, world["provider"]).name
        name, iin = person.full_name, person.iin
    printed = client.get(url + "/letter.pdf")
    assert printed.mimetype == "application/pdf"
    assert f'filename="letter-{letter.number}.pdf"' in printed.headers["Content-Disposition"]
    extracted = pdf_text(printed.data)
    for shown in (name, iin, letter.number, letter.code, provider, "ЖОЛДАМА", "НАПРАВЛЕНИЕ",
                  letter.issued_on.strftime("%d.%m.%Y"), f"/verify/{letter.code}"):
        assert shown in extracted, shown
    assert "root:" not in extracted and "passwd" not in extracted


def test_a_letter_is_verified_by_its_code_however_it_is_typed(app, client, world):
    referral_id = referred(app, world)[0]
    [letter] = _letters(app)
    code, number = letter.code, letter.number
    with app.app_context():
        name = db.session.get(Referral, referral_id).person.last_name
    anonymous = type(client)(app, client.response_wrapper)
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    genuine = text(anonymous.get(f"/verify/{code}"))
    assert "Genuine letter" in genuine and number in genuine and name not in genuine
    assert "Valid until" in genuine and "expired" not in genuine
    unknown = text(anonymous.get("/verify/NOSUCHCODE"))
    assert "Unknown code" in unknown and 'value="NOSUCHCODE"' in unknown  # kept to be corrected
    spaced = anonymous.get("/verify?code=" + " ".join([code[:4], code[4:8], code[8:]]).lower())
    assert spaced.status_code == 302 and spaced.headers["Location"].endswith(f"/verify/{code}")
    keyed = anonymous.get("/verify", query_string={"code": "".join(KEYS.get(c, c) for c in code)})
    assert keyed.status_code == 302 and keyed.headers["Location"].endswith(f"/verify/{code}")
    assert "Type the code" in text(anonymous.get("/verify"))
    assert "This field is required" in text(anonymous.get("/verify?code="))
    assert "A code has letters and digits" in text(anonymous.get("/verify?code=-%20-"))
    assert "Unknown code" in text(anonymous.get(f"/verify/{code[:5]}-{code[5:]}x"))
    assert "Genuine letter" in text(anonymous.get(f"/verify/{code[:5]}-{code[5:].lower()}"))


def test_the_receiver_checks_the_holders_iin_and_learns_only_whether_it_matches(app, client,
                                                                                world):
    referral_id = referred(app, world)[0]
    [letter] = _letters(app)
    with app.app_context():
        person = db.session.get(Referral, referral_id).person
        iin, name, centre = person.iin, person.last_name, person.district.centre.name_en
    anonymous = type(client)(app, client.response_wrapper)
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = text(anonymous.get(f"/verify/{letter.code}"))
    assert centre in page and "Is this the person showing the letter?" in page
    url, token = f"/verify/{letter.code}/holder", csrf_from(page)
    grouped = " ".join((iin[:4], iin[4:8], iin[8:]))
    same = text(anonymous.post(url, data={"iin": grouped, "csrf_token": token}))
    assert "The IIN matches" in same and name not in same and iin not in same
    other = iin[:11] + str((int(iin[11]) + 1) % 10)
    differs = text(anonymous.post(url, data={"iin": other, "csrf_token": token}))
    assert "The IIN does not match" in differs and iin not in differs
    empty = text(anonymous.post(url, data={"iin": "", "csrf_token": token}))
    assert "This field is required" in empty and "The IIN" not in empty
    assert anonymous.post(url, data={"iin": iin}).status_code == 400  # no token: refused
    assert anonymous.post("/verify/NOSUCHCODE/holder",
                          data={"iin": iin, "csrf_token": token}).status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("letter.holder%")).order_by(AuditEvent.id)).all()
    assert actions == ["letter.holder_match", "letter.holder_mismatch"]


def test_a_reissue_cancels_the_letter_in_force_and_numbers_a_new_one(app, client, world):
    referral_id = referred(app, world)[0]
    [first] = _letters(app)
    url = f"/referrals/{referral_id}"
    login(client, "cw")
    page = text(client.get(url))
    unconfirmed = client.post(url + "/reissue", data={"reissue-csrf_token": csrf_from(page)},
                              follow_redirects=True)
    assert "Nothing is changed" in text(unconfirmed) and len(_letters(app)) == 1
    client.post(url + "/reissue", data={"reissue-csrf_token": csrf_from(page),
                                        "reissue-confirm": "y"})
    old, new = _letters(app)
    assert (old.status, new.status) == ("cancelled", "genuine") and old.number != new.number
    assert int(new.number[-6:]) == int(old.number[-6:]) + 1  # the region's next number
    assert "cancelled" in text(client.get(f"/verify/{first.code}"))
    assert new.number in pdf_text(client.get(url + "/letter.pdf").data)
    with app.app_context():
        old = db.session.get(Letter, old.id)
        assert old.cancelled_by.login == "cw" and old.issued_by.login == "cw"
        when = clock.local(old.cancelled_at).strftime("%d.%m.%Y %H:%M")
    letters = text(client.get(url)).split('id="letters-heading"')[1].split("</section>")[0]
    assert letters.count("issued ") == 2 and letters.count("by Test cw") == 3
    assert f"cancelled {when} by Test cw" in letters


def test_a_closed_referral_s_letter_is_cancelled(app, client, world):
    referral_id = referred(app, world)[0]
    url = f"/referrals/{referral_id}"
    login(client, "cw")
    page = text(client.get(url))
    client.post(url + "/transition", data=step_data(page, "declined", reason="found_work"))
    [letter] = _letters(app)
    assert letter.status == "cancelled"
    assert client.get(url + "/letter.pdf").status_code == 404


def test_a_letter_past_its_days_is_said_to_have_expired(app, client, world):
    referred(app, world, days_ago=31)
    [letter] = _letters(app)
    page = text(client.get(f"/verify/{letter.code}"))
    assert "Genuine letter" in page and "expired" in page
    assert letter.valid_until.strftime("%d.%m.%Y") in page


def test_batch_of_todays_letters_and_provider_flag(app, client, world):
    waiting, today = referred(app, world, days_ago=20), referred(app, world, count=2)
    numbers = [letter.number for letter in _letters(app) if letter.issued_on == TODAY]
    login(client, "cw")
    assert client.get("/referrals/letters/today.pdf").status_code == 403
    with app.app_context():  # 20 days ago: the working days since then, as the calendar says
        worked = working_days_between(TODAY - timedelta(days=20), TODAY,
                                      work_calendar(TODAY - timedelta(days=20), TODAY))
    shown = text(client.get(f"/referrals/{waiting[0]}"))
    assert (f"No answer from the provider for {worked} working days" in shown) == (worked >= 14)
    assert "No answer from the provider" not in text(client.get(f"/referrals/{today[0]}"))
    login(client, "sv")
    response = client.get("/referrals/letters/today.pdf")
    extracted = pdf_text(response.data)
    assert len(numbers) == 2 and all(n in extracted for n in numbers)
    assert extracted.count("ЖОЛДАМА") == 2  # the letter of 20 days ago is not today's


def test_letters_are_read_in_statements_that_do_not_grow_with_them(app, client, world):
    """One letter: its referral, person, centre, measure and provider in one SELECT; the day's
    batch: the same count for three letters as for one. Each print is audited."""
    first = referred(app, world)[0]
    login(client, "sv")
    with statements_of(app) as one_letter:
        assert client.get(f"/referrals/{first}/letter.pdf").status_code == 200
    with statements_of(app) as batch_of_one:
        assert client.get("/referrals/letters/today.pdf").status_code == 200
    referred(app, world, count=2)
    with statements_of(app) as batch_of_three:
        batch = client.get("/referrals/letters/today.pdf")
    assert pdf_text(batch.data).count("ЖОЛДАМА") == 3
    reads = [s for s in one_letter if s.lstrip().upper().startswith("SELECT")
             and " letter" in s.lower()]
    assert len(reads) == 1 and "career_centre" in reads[0] and "provider" in reads[0]
    assert len(batch_of_three) == len(batch_of_one), (batch_of_one, batch_of_three)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(["letter.pdf", "letter.batch_pdf"]))).all()
    assert sorted(actions) == ["letter.batch_pdf", "letter.batch_pdf", "letter.pdf"]


def test_todays_letters_are_made_into_one_pdf_while_the_page_shows_progress(app, client, world):
    login(client, "sv")
    empty = text(client.get("/referrals/letters/today"))
    assert "No letters were issued today" in empty and "Make the PDF" not in empty
    referred(app, world, count=3)
    numbers = [letter.number for letter in _letters(app)]
    page = text(client.get("/referrals/letters/today"))
    assert "3 letters were issued today" in page
    response = client.post("/referrals/letters/today", data={"csrf_token": csrf_from(page)})
    assert response.is_streamed
    made = text(response)
    assert [f'value="{n}" max="3"' in made for n in (1, 2, 3)] == [True] * 3
    link = re.search(r'/referrals/letters/batches/(\d+)\.pdf', made)
    assert link and "The PDF of 3 letters is ready" in made
    extracted = pdf_text(client.get(link.group(0)).data)
    assert all(n in extracted for n in numbers) and extracted.count("ЖОЛДАМА") == 3
    again = client.post("/referrals/letters/today", data={"csrf_token": csrf_from(page)})
    assert "is ready" in text(again)
    with app.app_context():  # a second batch replaces the first: one PDF kept per district
        assert db.session.scalar(select(func.count(LetterBatch.id))) == 1
        last = db.session.scalar(select(func.max(LetterBatch.id)))
    login(client, "sv.other")  # a supervisor of another district
    assert client.get(f"/referrals/letters/batches/{last}.pdf").status_code == 404
    login(client, "cw")
    assert client.get("/referrals/letters/today").status_code == 403


def test_a_resettlement_letter_says_where_the_person_moves(app, client, world):
    with app.app_context():
        north = db.session.scalar(select(Region.id).where(Region.kato == "590000000"))
    login(client, "cw")
    made, _, _ = refer_page(client, world["old"], "resettlement",
                            destination_region_id=str(north))
    url = made.location
    login(client, "sv")  # a resettlement is approved before its letter
    for step in ("approved", "referred"):
        client.post(url + "/transition", data=step_data(text(client.get(url)), step))
    extracted = pdf_text(client.get(url + "/letter.pdf").data)
    assert "Көшу / Переезд" in extracted and "Северо-Казахстанская" in extracted
