import re
import shutil
import subprocess
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from caseworker import clock
from caseworker.extensions import db
from caseworker.measures.allocations import set_allocation
from caseworker.models import (
    AuditEvent, Letter, LetterBatch, Measure, Person, Referral, User)
from caseworker.referrals import operations
from tests import factories as f
from tests.conftest import csrf_from, login, statements_of

KYZYLORDA = "430000000"
TODAY = clock.today()


def young(district, last="Жақсылықова", **kw):
    return f.person(district, last=last, first="Мөлдір", sex="F",
                    born=date(TODAY.year - 24, 1, 15), graduation_year=TODAY.year - 1,
                    experience_months=0, education_level="higher", **kw)


@pytest.fixture
def world(app):
    with app.app_context():
        kz = f.districts_of(KYZYLORDA)
        ids = {"grad": young(kz[0]).id, "old": f.person(kz[0], born=date(1970, 1, 1)).id,
               "cw": f.user("cw", "caseworker", kz[0]).id,
               "sv": f.user("sv", "supervisor", kz[0]).id,
               "district": kz[0].id, "region": kz[0].region_id,
               "provider": f.provider(kz[0].region_id).id,
               "far_provider": f.provider(f.districts_of("790000000")[0].region_id,
                                          name="ТОО «Оңтүстік»").id}
        f.user("cw.other", "caseworker", kz[1])
        f.user("sv.other", "supervisor", kz[1])
        db.session.commit()
        return ids


def text(response):
    return response.get_data(as_text=True)


def refer(client, person_id, code="youth_practice", **extra):
    """Sends the referral form: to the first provider it offers unless `provider_id` is
    given ("" for none)."""
    url = f"/people/{person_id}/refer/{code}"
    page = text(client.get(url))
    token = page.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    offered = re.findall(r'value="(\d+)"', page.split('name="provider_id"')[1].split("</select>")[0])
    data = {"csrf_token": csrf_from(page), "form_token": token,
            "provider_id": offered[0] if offered else "", **extra}
    return client.post(url, data=data), data, url


def test_refer_an_eligible_person_and_refuse_a_second_open_one(app, client, world):
    login(client, "cw")
    response, data, url = refer(client, world["grad"], comment="<b>первый</b>")
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        # judged under youth practice's version in force today: its second, from 2022
        assert referral.verdict["status"] == "passed" and referral.rules_version == 2
        assert referral.status == "proposed" and len(referral.events) == 1
    again = client.post(url, data=data)  # the same form twice: one referral
    assert again.status_code == 302
    second, _, _ = refer(client, world["grad"])
    assert "already has an open referral" in text(second)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


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
                                  "provider_id": str(world["provider"])}, follow_redirects=True)
    assert "Only a person registered as unemployed can be referred" in text(sent)
    opened = client.get(url)
    assert opened.status_code == 302 and opened.location.endswith(f"/people/{world['grad']}")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_the_amount_of_a_benefit_per_family_member_is_for_the_household(app, client, world):
    with app.app_context():
        person = f.person(f.districts_of(KYZYLORDA)[0], last="Көшпенов", household_size=6,
                          born=date(1985, 5, 5))
        db.session.commit()
        person_id = person.id
        measure = db.session.get(Measure, "resettlement")
        from caseworker.referrals.pages import default_amount
        one = default_amount(measure, TODAY, f.person(f.districts_of(KYZYLORDA)[0],
                                                      household_size=None))
        from caseworker.models import Region
        akmola = db.session.scalar(select(Region.id).where(Region.kato == "110000000"))
    login(client, "cw")
    page = text(client.get(f"/people/{person_id}/refer/resettlement"))
    assert "6 in the family" in page  # the amount itself waits for where the person moves
    refer(client, person_id, "resettlement", destination_region_id=str(akmola))
    with app.app_context():
        assert one and db.session.scalar(select(Referral.amount_kzt)) == 6 * one


def test_a_start_date_outside_the_plan_years_is_refused(app, client, world):
    login(client, "cw")
    response, _, _ = refer(client, world["grad"], start_on="1990-01-01")
    assert response.status_code == 200 and "check the year" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0
    response, _, _ = refer(client, world["grad"], start_on=TODAY.replace(month=1, day=1).isoformat())
    assert response.status_code == 302


def test_the_form_offers_the_providers_that_deliver_the_measure(app, client, world):
    from caseworker.models import Provider
    from caseworker.referrals.pages import providers_for
    with app.app_context():
        person = db.session.get(Person, world["grad"])
        for n, kind in enumerate(("training", "employer", "microfinance")):
            db.session.add(Provider(name=f"Орг {kind}", name_search=kind, bin=f"99000000000{n}",
                                    kind=kind, region_id=person.region_id, active=True))
        db.session.commit()
        kinds = {code: {p.kind for p in providers_for(person, db.session.get(Measure, code))}
                 for code in ("short_training", "youth_practice", "microcredit", "state_grant")}
    assert kinds["short_training"] == {"training"} and kinds["youth_practice"] == {"employer"}
    assert kinds["microcredit"] == {"microfinance"}
    # no grant commission in the region: every provider, rather than none to choose from
    assert kinds["state_grant"] == {"training", "employer", "microfinance"}


def test_ineligible_needs_a_supervisor_with_a_reason(app, client, world):
    login(client, "cw")
    refer(client, world["old"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0
    login(client, "sv")
    response, _, _ = refer(client, world["old"], override_reason="опыт работы вожатым")
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.verdict["status"] == "failed"
        assert referral.override_reason == "опыт работы вожатым"


def test_quota_and_override(app, client, world):
    with app.app_context():
        set_allocation("youth_practice", world["region"], world["district"], TODAY.year, 0, 0)
        db.session.commit()
    login(client, "cw")
    refer(client, world["grad"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0


def test_a_referral_is_referred_only_once_it_names_its_provider(app, client, world):
    login(client, "cw")
    response, _, _ = refer(client, world["grad"], provider_id="")
    url = response.headers["Location"]
    page = text(client.get(url))
    assert "choose the provider before the person is referred" in page
    move = {"to": "referred", "referred-csrf_token": csrf_from(page), "referred-to": "referred",
            "referred-on": TODAY.isoformat()}
    refused = client.post(url + "/transition", data=move, follow_redirects=True)
    assert "Choose the provider first" in text(refused)
    far = client.post(url + "/provider", data={"csrf_token": csrf_from(page),
                                               "provider_id": str(world["far_provider"])},
                      follow_redirects=True)
    assert "Not a valid choice" in text(far)
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.status == "proposed" and referral.provider_id is None
        assert db.session.scalar(select(func.count()).select_from(Letter)) == 0
    chosen = client.post(url + "/provider", data={"csrf_token": csrf_from(page),
                                                  "provider_id": str(world["provider"])},
                         follow_redirects=True)
    assert "The provider is saved" in text(chosen)
    assert "Referred" in text(client.post(url + "/transition", data=move, follow_redirects=True))
    page = text(client.get(url))
    assert 'name="provider_id"' not in page  # the letter names it now
    late = client.post(url + "/provider", data={"csrf_token": csrf_from(page),
                                                "provider_id": str(world["provider"])},
                       follow_redirects=True)
    assert "The letter is issued" in text(late)
    with app.app_context():
        assert db.session.scalar(select(Referral.provider_id)) == world["provider"]
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "referral.provider")) == 1


def test_a_letter_past_its_days_is_said_to_have_expired(app, client, world):
    referral_id = _referrals(app, world, 1)[0]
    with app.app_context():
        letter = operations.issue_letter(db.session.get(Referral, referral_id),
                                         db.session.get(User, world["cw"]),
                                         TODAY - timedelta(days=31))
        code, until = letter.code, letter.valid_until
        db.session.commit()
    page = text(client.get(f"/verify/{code}"))
    assert "Genuine letter" in page and until.strftime("%d.%m.%Y") in page and "expired" in page


def test_a_refused_step_comes_back_open(app, client, world):
    login(client, "cw")
    response, _, _ = refer(client, world["grad"])
    url = response.headers["Location"]
    page = text(client.get(url))
    assert re.search(r'<details class="mb-2" open><summary>Issue the letter', page)
    declined = client.post(url + "/transition", data={
        "to": "declined", "declined-csrf_token": csrf_from(page), "declined-to": "declined",
        "declined-on": TODAY.isoformat()})
    assert declined.location.endswith("?step=declined")
    again = text(client.get(declined.location))
    assert "Choose a reason" in again
    assert re.search(r'<details class="mb-2" open><summary>Person declined', again)
    assert not re.search(r'<details class="mb-2" open><summary>Issue the letter', again)


def test_workflow_letter_pdf_and_verification(app, client, world):
    login(client, "cw")
    response, _, _ = refer(client, world["grad"], comment='<img src="file:///etc/passwd">')
    referral_url = response.headers["Location"]
    page = text(client.get(referral_url))
    future = (TODAY + timedelta(days=1)).isoformat()
    bad = client.post(referral_url.replace("/referrals/", "/referrals/") + "/transition", data={
        "to": "referred", "referred-csrf_token": csrf_from(page), "referred-to": "referred",
        "referred-on": future}, follow_redirects=True)
    assert "cannot be in the future" in text(bad) or "in the future" in text(bad)
    done = client.post(referral_url + "/transition", data={
        "to": "referred", "referred-csrf_token": csrf_from(page), "referred-to": "referred",
        "referred-on": TODAY.isoformat()}, follow_redirects=True)
    assert "Referred" in text(done)
    with app.app_context():
        letter = db.session.scalar(select(Letter))
        person = db.session.get(Person, world["grad"])
        number, code, name = letter.number, letter.code, person.last_name
    assert number.startswith(f"43-{TODAY.year}-")
    pdf = client.get(referral_url + "/letter.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        extracted = subprocess.run(["pdftotext", "-", "-"], input=pdf.data,
                                   capture_output=True, check=True).stdout.decode()
        assert name in extracted and number in extracted and code in extracted
        assert "root:" not in extracted and "passwd" not in extracted
    anonymous = type(client)(app, client.response_wrapper)
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    genuine = text(anonymous.get(f"/verify/{code}"))
    assert "Genuine letter" in genuine and number in genuine and name not in genuine
    assert "Valid until" in genuine and "expired" not in genuine
    unknown = text(anonymous.get("/verify/NOSUCHCODE"))
    assert "Unknown code" in unknown and 'value="NOSUCHCODE"' in unknown  # kept to be corrected
    spaced = anonymous.get("/verify?code=" + " ".join([code[:4], code[4:8], code[8:]]).lower())
    assert spaced.status_code == 302 and spaced.headers["Location"].endswith(f"/verify/{code}")
    from tests.test_letter_codes import KEYS  # typed on a Russian keyboard, not switched
    keyed = anonymous.get("/verify", query_string={"code": "".join(KEYS.get(c, c) for c in code)})
    assert keyed.status_code == 302 and keyed.headers["Location"].endswith(f"/verify/{code}")
    assert "Type the code" in text(anonymous.get("/verify"))
    assert "This field is required" in text(anonymous.get("/verify?code="))
    assert "A code has letters and digits" in text(anonymous.get("/verify?code=-%20-"))
    assert "Unknown code" in text(anonymous.get(f"/verify/{code[:5]}-{code[5:]}x"))
    assert "Genuine letter" in text(anonymous.get(f"/verify/{code[:5]}-{code[5:].lower()}"))
    page = text(client.get(referral_url))
    unconfirmed = client.post(referral_url + "/reissue", data={"csrf_token": csrf_from(page)},
                              follow_redirects=True)
    assert "Nothing is changed" in text(unconfirmed)
    assert "Genuine letter" in text(anonymous.get(f"/verify/{code}"))
    client.post(referral_url + "/reissue", data={"csrf_token": csrf_from(page), "confirm": "y"})
    assert "cancelled" in text(anonymous.get(f"/verify/{code}"))
    with app.app_context():
        numbers = db.session.scalars(select(Letter.number).order_by(Letter.id)).all()
        assert len(numbers) == 2 and numbers[0] != numbers[1]
        old = db.session.scalar(select(Letter).order_by(Letter.id))
        assert old.cancelled_by.login == "cw" and old.issued_by.login == "cw"
        when = clock.local(old.cancelled_at).strftime("%d.%m.%Y %H:%M")
    letters = text(client.get(referral_url)).split('id="letters-heading"')[1].split("</section>")[0]
    assert letters.count("issued ") == 2 and letters.count("by Test cw") == 3
    assert f"cancelled {when} by Test cw" in letters


@pytest.mark.parametrize("target", ["", "nonsense", "referred\"><b>", "completed"])
def test_a_transition_to_no_known_or_allowed_status_changes_nothing(app, client, world, target):
    login(client, "cw")
    response, _, _ = refer(client, world["grad"])
    url = response.headers["Location"]
    token = csrf_from(text(client.get(url)))
    answer = client.post(url + "/transition", data={
        "to": target, f"{target}-to": target, f"{target}-csrf_token": token,
        f"{target}-on": TODAY.isoformat()}, follow_redirects=True)
    assert answer.status_code == 200
    expected = "not possible from the referral" if target == "completed" else "is required"
    assert expected in text(answer)
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.status == "proposed" and len(referral.events) == 1


def test_a_caseworker_is_told_a_referral_waits_for_approval(app, client, world):
    with app.app_context():
        measure = db.session.scalar(select(Measure).where(Measure.needs_approval.is_(True)))
        referral = Referral(person_id=world["grad"], measure_code=measure.code,
                            status="proposed", proposed_on=TODAY, status_on=TODAY, verdict={})
        db.session.add(referral)
        db.session.commit()
        url = f"/referrals/{referral.id}"
    login(client, "cw")
    shown = text(client.get(url))
    assert "Waiting for a supervisor's approval" in shown and "<details class=\"mb-2\" open" not in shown
    login(client, "sv")
    assert "Waiting for a supervisor's approval" not in text(client.get(url))


def test_other_district_cannot_see_a_referral(app, client, world):
    login(client, "cw")
    response, _, _ = refer(client, world["grad"])
    url = response.headers["Location"]
    login(client, "cw.other")
    assert client.get(url).status_code == 404
    assert client.get(url + "/letter.pdf").status_code == 404


def _referrals(app, world, count):
    with app.app_context():
        district = f.districts_of(KYZYLORDA)[0]
        ids = []
        for i in range(count):
            person = young(district, last=f"Тестова{i}")
            r = Referral(person_id=person.id, measure_code="youth_practice", status="referred",
                         proposed_on=TODAY, status_on=TODAY, verdict={})
            db.session.add(r)
            db.session.flush()
            ids.append(r.id)
        db.session.commit()
        return ids


def _in_threads(app, work, items):
    results, errors = [], []

    def run(item):
        with app.app_context():
            try:
                results.append(work(item))
                db.session.commit()
            except (operations.ReferralRefused, OperationalError) as error:
                db.session.rollback()
                errors.append(error)

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_letter_numbers_are_unique(app, world):
    ids = _referrals(app, world, 8)

    def issue(referral_id):
        referral = db.session.get(Referral, referral_id)
        user = db.session.get(User, world["cw"])
        return operations.issue_letter(referral, user, TODAY).number

    numbers, errors = _in_threads(app, issue, ids)
    with app.app_context():
        stored = db.session.scalars(select(Letter.number)).all()
    assert len(stored) == len(set(stored)) == len(numbers)
    assert len(numbers) + len(errors) == 8 and len(numbers) >= 1


def test_race_for_the_last_place(app, world):
    with app.app_context():
        allocation = set_allocation("youth_practice", world["region"], world["district"],
                                    TODAY.year, 1, 0)
        district = f.districts_of(KYZYLORDA)[0]
        people = [young(district, last=f"Гонка{i}").id for i in range(2)]
        db.session.commit()
        allocation_id = allocation.id

    def take(person_id):
        from caseworker.models import Allocation
        person = db.session.get(Person, person_id)
        referral = operations.create(
            person, db.session.get(Measure, "youth_practice"), db.session.get(User, world["sv"]),
            verdict={"status": "passed"}, on=TODAY,
            allocation=db.session.get(Allocation, allocation_id), provider_id=world["provider"],
            start_on=None, amount_kzt=None, comment=None, override_reason=None, form_token=None)
        operations.transition(referral, "referred", TODAY, db.session.get(User, world["sv"]),
                              TODAY)
        return referral.id

    taken, refused = _in_threads(app, take, people)
    with app.app_context():
        using = db.session.scalar(select(func.count()).select_from(Referral).where(
            Referral.allocation_id == allocation_id, Referral.status == "referred"))
    assert using == 1


def test_batch_of_todays_letters_and_provider_flag(app, client, world):
    referral_ids = _referrals(app, world, 2)
    with app.app_context():
        user = db.session.get(User, world["cw"])
        for rid in referral_ids:
            operations.issue_letter(db.session.get(Referral, rid), user, TODAY)
        old = db.session.get(Referral, referral_ids[0])
        old.status_on = TODAY - timedelta(days=20)
        db.session.commit()
        numbers = db.session.scalars(select(Letter.number)).all()
    login(client, "cw")
    assert client.get("/referrals/letters/today.pdf").status_code == 403
    assert "No answer from the provider for 20 days" in text(
        client.get(f"/referrals/{referral_ids[0]}"))
    login(client, "sv")
    response = client.get("/referrals/letters/today.pdf")
    assert response.mimetype == "application/pdf"
    if shutil.which("pdftotext"):
        extracted = subprocess.run(["pdftotext", "-", "-"], input=response.data,
                                   capture_output=True, check=True).stdout.decode()
        assert all(n in extracted for n in numbers)


def test_letters_are_read_in_statements_that_do_not_grow_with_them(app, client, world):
    """One letter: its referral, person, centre, measure and provider in one SELECT; the day's
    batch: the same count for three letters as for one. Each print is audited."""
    referral_ids = _referrals(app, world, 3)
    with app.app_context():
        user = db.session.get(User, world["cw"])
        operations.issue_letter(db.session.get(Referral, referral_ids[0]), user, TODAY)
        db.session.commit()
    login(client, "sv")
    with statements_of(app) as one_letter:
        assert client.get(f"/referrals/{referral_ids[0]}/letter.pdf").status_code == 200
    with statements_of(app) as batch_of_one:
        assert client.get("/referrals/letters/today.pdf").status_code == 200
    with app.app_context():
        user = db.session.get(User, world["cw"])
        for rid in referral_ids[1:]:
            operations.issue_letter(db.session.get(Referral, rid), user, TODAY)
        db.session.commit()
    with statements_of(app) as batch_of_three:
        assert client.get("/referrals/letters/today.pdf").status_code == 200
    reads = [s for s in one_letter if s.lstrip().upper().startswith("SELECT")
             and " letter" in s.lower()]
    assert len(reads) == 1 and "career_centre" in reads[0] and "provider" in reads[0]
    assert len(batch_of_three) == len(batch_of_one), (batch_of_one, batch_of_three)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(["letter.pdf", "letter.batch_pdf"]))).all()
    assert sorted(actions) == ["letter.batch_pdf", "letter.batch_pdf", "letter.pdf"]


def _pdf_text(body: bytes) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True,
                          check=True).stdout.decode()


def test_todays_letters_are_made_into_one_pdf_while_the_page_shows_progress(app, client, world):
    login(client, "sv")
    empty = text(client.get("/referrals/letters/today"))
    assert "No letters were issued today" in empty and "Make the PDF" not in empty
    referral_ids = _referrals(app, world, 3)
    with app.app_context():
        user = db.session.get(User, world["cw"])
        for rid in referral_ids:
            operations.issue_letter(db.session.get(Referral, rid), user, TODAY)
        db.session.commit()
        numbers = db.session.scalars(select(Letter.number)).all()
    page = text(client.get("/referrals/letters/today"))
    assert "3 letters were issued today" in page
    response = client.post("/referrals/letters/today", data={"csrf_token": csrf_from(page)})
    assert response.is_streamed
    made = text(response)
    assert [f'value="{n}" max="3"' in made for n in (1, 2, 3)] == [True] * 3
    link = re.search(r'/referrals/letters/batches/(\d+)\.pdf', made)
    assert link and "The PDF of 3 letters is ready" in made
    body = client.get(link.group(0))
    assert body.mimetype == "application/pdf"
    extracted = _pdf_text(body.data)
    if extracted is not None:
        assert all(n in extracted for n in numbers)
    again = client.post("/referrals/letters/today", data={"csrf_token": csrf_from(page)})
    assert "is ready" in text(again)
    with app.app_context():  # a second batch replaces the first: one PDF kept per district
        assert db.session.scalar(select(func.count(LetterBatch.id))) == 1
    login(client, "sv.other")  # a supervisor of another district
    assert client.get(link.group(0).replace(link.group(1), str(_last_batch(app)))
                      ).status_code == 404
    login(client, "cw")
    assert client.get("/referrals/letters/today").status_code == 403


def _last_batch(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(LetterBatch.id)))


@pytest.mark.parametrize("status, who, said", [
    ("declined", "cw", "No outcome: the referral was closed without one."),
    ("started", "ro", "No outcome has been recorded yet."),
    ("proposed", "cw", "An outcome is recorded once the person has been referred."),
])
def test_the_outcome_card_says_why_there_is_none(app, client, world, status, who, said):
    referral_id = _referrals(app, world, 1)[0]
    with app.app_context():
        db.session.get(Referral, referral_id).status = status
        f.user("ro", "regional_officer", region_kato=KYZYLORDA)
        db.session.commit()
    login(client, who)
    page = text(client.get(f"/referrals/{referral_id}"))
    outcome = page.split('id="outcome-heading"')[1].split("</section>")[0]
    assert said in outcome and 'action="/referrals' not in outcome


def test_a_free_course_takes_no_amount(app, client, world):
    login(client, "cw")
    page = text(client.get(f"/people/{world['grad']}/refer/short_training"))
    assert "the course is free for the person" in page
    refused, _data, _url = refer(client, world["grad"], "short_training", amount_kzt="50000")
    assert "pays the person nothing" in text(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 0
    made, _data, _url = refer(client, world["grad"], "short_training")
    assert made.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Referral.amount_kzt)) is None


def test_a_resettlement_names_where_to_and_is_paid_at_its_rate(app, client, world):
    from caseworker.domain.money import benefit_kzt
    from caseworker.models import MciRate, Region
    from caseworker.referrals import pages
    with app.app_context():
        north = db.session.scalar(select(Region).where(Region.kato == "590000000")).id
        akmola = db.session.scalar(select(Region).where(Region.kato == "110000000")).id
        own = db.session.get(Person, world["old"])
        own.household_size = 3
        region = own.region_id
        db.session.commit()
        mci = db.session.scalars(select(MciRate).order_by(MciRate.effective_from.desc())).first()
        per_member = {70: benefit_kzt(70, "MCI", mci.mci_kzt), 35: benefit_kzt(35, "MCI",
                                                                             mci.mci_kzt)}
    login(client, "cw")
    page = text(client.get(f"/people/{world['old']}/refer/resettlement"))
    assert "Region the person moves to" in page and "North Kazakhstan Region 70 MCI" in page
    assert f'<option value="{region}">' not in page  # not the person's own, labour-surplus
    nowhere, _data, _url = refer(client, world["old"], "resettlement")
    assert "Choose the region the person moves to" in text(nowhere)
    back_home, _data, _url = refer(client, world["old"], "resettlement",
                                  destination_region_id=str(region))
    assert "Not a valid choice" in text(back_home)
    made, _data, _url = refer(client, world["old"], "resettlement",
                              destination_region_id=str(north))
    assert made.status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.destination_region_id == north
        assert referral.amount_kzt == 3 * per_member[70]
        elsewhere = pages.default_amount(referral.measure, TODAY, referral.person,
                                         db.session.get(Region, akmola))
        assert elsewhere == 3 * per_member[35]
        operations.issue_letter(referral, db.session.get(User, world["cw"]), TODAY)
        db.session.commit()
        referral_id = referral.id
    pdf = client.get(f"/referrals/{referral_id}/letter.pdf")
    if shutil.which("pdftotext"):
        extracted = subprocess.run(["pdftotext", "-", "-"], input=pdf.data,
                                   capture_output=True, check=True).stdout.decode()
        assert "Көшу / Переезд" in extracted and "Северо-Казахстанская" in extracted
