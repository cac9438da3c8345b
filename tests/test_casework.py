import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from caseworker import clock
from caseworker.casework import queries
from caseworker.extensions import db
from caseworker.models import (
    EmploymentPlan, FieldChange, Interaction, Person, PlanStep, Referral, User)
from tests import factories as f
from tests.conftest import csrf_from, login

TODAY = clock.today()
NOW = clock.now().replace(microsecond=0)  # a contact's time: local, as typed
UTC_NOW = clock.utcnow().replace(microsecond=0)  # stored timestamps: UTC


@pytest.fixture
def world(app):
    with app.app_context():
        users = f.team()
        cw, district = users["cw"], users["cw"].district
        fresh = f.person(district, last="Свежий", caseworker_id=cw.id)
        silent = f.person(district, last="Молчун", caseworker_id=cw.id)
        late = f.person(district, last="Просроченный", caseworker_id=cw.id)
        other = f.person(users["cw.other"].district, last="Чужой")
        f.contact(fresh, cw, NOW - timedelta(days=29))
        f.contact(silent, cw, NOW - timedelta(days=31), channel="visit", topic="registration")
        f.contact(late, cw, NOW - timedelta(days=2), channel="visit", topic="documents",
                  next_action="принести диплом", due_on=TODAY - timedelta(days=1))
        db.session.add(Referral(person_id=late.id, measure_code="public_works",
                                status="referred", proposed_on=TODAY - timedelta(days=40),
                                status_on=TODAY - timedelta(days=20), verdict={}))
        f.plan(fresh, TODAY - timedelta(days=10), steps=(("резюме", TODAY - timedelta(3)),))
        db.session.commit()
        return {"cw": cw.id, "cw2": users["cw2"].id, "sv": users["sv"].id, "fresh": fresh.id,
                "silent": silent.id, "late": late.id, "other": other.id}


def text(response):
    return response.get_data(as_text=True)


def test_caseload_counts_against_fixtures(app, client, world):
    with app.app_context():
        from caseworker.models import FollowUp, Outcome
        for code, status in (("microcredit", "proposed"), ("public_works", "approved")):
            db.session.add(Referral(person_id=world["fresh"], measure_code=code, status=status,
                                    proposed_on=TODAY, status_on=TODAY, verdict={}))
        done = Referral(person_id=world["fresh"], measure_code="youth_practice",
                        status="completed", proposed_on=TODAY - timedelta(days=200),
                        status_on=TODAY - timedelta(days=100), verdict={})
        db.session.add(done)
        db.session.flush()
        outcome = Outcome(referral_id=done.id, kind="permanent_job",
                          start_on=TODAY - timedelta(days=100))
        started = Referral(person_id=world["late"], measure_code="social_job",
                           status="started", proposed_on=TODAY, status_on=TODAY, verdict={})
        db.session.add(started)
        db.session.flush()
        db.session.add(Outcome(referral_id=started.id, kind="temporary_job", start_on=TODAY))
        outcome.follow_ups = [
            FollowUp(months=3, due_on=TODAY - timedelta(days=10)),  # due, not checked
            FollowUp(months=6, due_on=TODAY - timedelta(days=5), checked_on=TODAY,
                     source="employer", still_employed=True),
            FollowUp(months=12, due_on=TODAY + timedelta(days=200), checked_on=TODAY,
                     source="could_not_verify")]
        db.session.add(outcome)
        db.session.commit()
        counts = queries.caseload_counts([world["cw"], world["cw2"]], TODAY)
    mine = counts[world["cw"]]
    assert mine["active"] == 3
    assert mine["overdue"] == 2            # a task and a plan step
    assert mine["stale"] == 1              # 31 days silent; 29 days is not stale
    assert mine["waiting_provider"] == 1   # referred 20 days ago, no answer
    assert mine["referrals_waiting"] == 1  # one case: two referrals proposed or approved
    assert (mine["follow_ups_due"], mine["follow_ups_checked"],
            mine["follow_ups_verified"]) == (1, 2, 1)
    assert mine["placements"] == 1        # placed today; the other job began 100 days ago
    assert counts[world["cw2"]]["active"] == 0
    login(client, "cw")
    unsent = text(client.get("/caseload?flag=unsent"))  # the list behind that figure
    assert "Свежий" in unsent and "Молчун" not in unsent and "Просроченный" not in unsent


def test_a_teams_counts_are_read_from_the_caseload_index_alone(app, world):
    """Every column the counts read is in `ix_person_caseload`, so PostgreSQL counts a
    district's team from the index alone; with one missing (the day of registration, which
    "no contact in 30 days" reads) it read 40,000 rows of the table for a national district's
    team: 176 ms against 15."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a plan of PostgreSQL's")
        sent = []

        def keep(_conn, _cursor, statement, parameters, *_rest):
            sent.append((statement, parameters))
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            queries.caseload_counts([world["cw"], world["cw2"]], TODAY)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        statement, parameters = sent[-1]
        connection = db.session.connection()
        for scan in ("seqscan", "bitmapscan"):  # the plan a large table would get
            connection.exec_driver_sql(f"SET LOCAL enable_{scan} = off")
        plan = "\n".join(row[0] for row in connection.exec_driver_sql(
            "EXPLAIN " + statement, parameters))
        db.session.rollback()
    assert "Index Only Scan using ix_person_caseload" in plan, plan


def test_caseload_page_overdue_first(client, world):
    login(client, "cw")
    page = text(client.get("/"))
    # both have something overdue (a plan step 3 days ago, a task 1 day ago): oldest first
    assert page.index("Свежий") < page.index("Просроченный") < page.index("Молчун")
    stale = text(client.get("/caseload?flag=stale"))
    assert "Молчун" in stale and "Свежий" not in stale
    waiting = text(client.get("/caseload?flag=waiting"))  # referred 20 days ago, no answer
    assert "Просроченный" in waiting and "Свежий" not in waiting and "Молчун" not in waiting
    assert "No persons here." in text(client.get("/caseload?flag=placed"))


def test_the_caseload_names_the_next_action_and_says_overdue_in_words(client, world):
    login(client, "cw")
    page = text(client.get("/caseload"))
    assert "принести диплом" in page and "резюме" in page  # the task and the plan step
    # a word and an icon, not colour alone; in the table and in the narrow screen's cards
    assert page.count("⚠</span> overdue") == 4


def test_a_person_registered_today_is_not_yet_without_contact(app, client, world):
    with app.app_context():
        cw = db.session.get(User, world["cw"])
        f.person(cw.district, last="Новичок", caseworker_id=cw.id, registered_on=TODAY)
        f.person(cw.district, last="Забытый", caseworker_id=cw.id,
                 registered_on=TODAY - timedelta(days=30))
        db.session.commit()
        counts = queries.caseload_counts([world["cw"]], TODAY)[world["cw"]]
    assert counts["stale"] == 2  # the one silent 31 days, and the one registered 30 days ago
    login(client, "cw")
    stale = text(client.get("/caseload?flag=stale"))
    assert "Забытый" in stale and "Новичок" not in stale


def test_note_edit_within_24_hours_then_correction(app, client, world):
    login(client, "cw")
    with app.app_context():
        recent = Interaction(person_id=world["fresh"], user_id=world["cw"], at=NOW,
                             channel="phone", topic="other", note="старое", created_at=UTC_NOW)
        old = db.session.scalar(select(Interaction).where(
            Interaction.person_id == world["silent"]))
        old.created_at = UTC_NOW - timedelta(hours=25)
        db.session.add(recent)
        db.session.commit()
        recent_id, old_id = recent.id, old.id
    token = csrf_from(text(client.get(f"/people/{world['fresh']}")))
    client.post(f"/interactions/{recent_id}/note", data={"csrf_token": token, "note": "новое"})
    client.post(f"/interactions/{old_id}/note", data={"csrf_token": token, "note": "уточнение"})
    with app.app_context():
        assert db.session.get(Interaction, recent_id).note == "новое"
        assert db.session.get(Interaction, old_id).note is None
        correction = db.session.scalar(select(Interaction).where(
            Interaction.corrects_id == old_id))
        assert correction.note == "уточнение"


def test_contact_with_task_needs_a_due_date(app, client, world):
    login(client, "cw")
    token = csrf_from(text(client.get(f"/people/{world['fresh']}")))
    url = f"/people/{world['fresh']}/interactions"
    base = {"csrf_token": token, "at": NOW.strftime("%Y-%m-%dT%H:%M"), "channel": "phone",
            "topic": "job_search", "next_action": "перезвонить"}
    client.post(url, data=base)
    client.post(url, data={**base, "at": (NOW + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
                           "due_on": TODAY.isoformat()})
    with app.app_context():
        assert db.session.scalar(select(Interaction).where(
            Interaction.next_action == "перезвонить")) is None
    no_action = client.post(url, data={**base, "next_action": "", "note": "без задачи",
                                        "due_on": TODAY.isoformat()}, follow_redirects=True)
    assert "Say what is to be done by that date" in text(no_action)
    client.post(url, data={**base, "due_on": (TODAY + timedelta(days=2)).isoformat()})
    with app.app_context():
        assert db.session.scalar(select(Interaction).where(
            Interaction.next_action == "перезвонить")).due_on == TODAY + timedelta(days=2)
        assert db.session.scalar(select(Interaction).where(
            Interaction.note == "без задачи")) is None


@pytest.mark.parametrize("days, message", [
    (-1, "cannot be due before the contact"), (400, "more than 12 months later")])
def test_a_task_due_before_its_contact_or_years_after_is_refused(app, client, world, days,
                                                                  message):
    login(client, "cw")
    token = csrf_from(text(client.get(f"/people/{world['fresh']}")))
    response = client.post(f"/people/{world['fresh']}/interactions", data={
        "csrf_token": token, "at": NOW.strftime("%Y-%m-%dT%H:%M"), "channel": "phone",
        "topic": "job_search", "next_action": "позвонить",
        "note": "договорились", "due_on": (NOW.date() + timedelta(days=days)).isoformat()})
    # the page again, the form open with what was typed and the message beside the date
    assert response.status_code == 422
    page = text(response)
    assert message in page and "Nothing is saved" in page
    assert '<details class="mb-3" open>' in page and 'value="позвонить"' in page
    assert "договорились</textarea>" in page and 'id="due_on-error"' in page
    with app.app_context():
        assert db.session.scalar(select(Interaction).where(
            Interaction.next_action == "позвонить")) is None


def opened_on(page: str) -> dict:
    """The plan form's hidden fields: which plan, in which version, it was opened on."""
    return {name: re.search(rf'name="{name}" type="hidden" value="(\d*)"', page).group(1)
            for name in ("plan_id", "version")}


def test_a_plan_follows_the_registration_and_its_steps_the_plan(app, client, world):
    login(client, "cw")
    page = text(client.get(f"/people/{world['fresh']}"))
    token, opened = csrf_from(page), opened_on(page)
    plan_url, steps_url = (f"/people/{world['fresh']}/plan",
                           f"/people/{world['fresh']}/plan/steps")
    early = client.post(plan_url, data={"csrf_token": token, "goal": "другая цель",
                                        "agreed_on": "2026-02-28", "review_every_days": "90",
                                        **opened})
    assert early.status_code == 422 and "registered on 01.03.2026" in text(early)
    assert "другая цель</textarea>" in text(early)
    for days, message in ((-11, "cannot be due before the plan was agreed"),
                          (800, "more than 24 months later")):
        response = client.post(steps_url, data={
            "csrf_token": token, "text": "курсы",
            "due_on": (TODAY + timedelta(days=days)).isoformat()})
        assert response.status_code == 422 and message in text(response)
        assert 'value="курсы"' in text(response)
    with app.app_context():
        assert db.session.scalar(select(EmploymentPlan.goal)) == "работа сварщиком"
        assert db.session.scalar(select(PlanStep).where(PlanStep.text == "курсы")) is None
    client.post(steps_url, data={"csrf_token": token, "text": "курсы",
                                 "due_on": (TODAY + timedelta(days=30)).isoformat()})
    # the plan of the registration before keeps its date when its goal is edited
    with app.app_context():
        db.session.get(Person, world["fresh"]).registered_on = TODAY
        db.session.commit()
    client.post(plan_url, data={"csrf_token": token, "goal": "новая цель",
                                "agreed_on": (TODAY - timedelta(days=10)).isoformat(),
                                "review_every_days": "90", **opened})
    with app.app_context():
        assert db.session.scalar(select(PlanStep).where(PlanStep.text == "курсы")) is not None
        assert db.session.scalar(select(EmploymentPlan.goal)) == "новая цель"


def test_a_form_sent_with_mistakes_leaves_the_pages_other_forms_as_they_stood(client, world):
    login(client, "cw")
    token = csrf_from(text(client.get(f"/people/{world['fresh']}")))
    typed = (TODAY - timedelta(days=3)).isoformat()
    response = client.post(f"/people/{world['fresh']}/plan/steps", data={
        "csrf_token": token, "text": "", "due_on": TODAY.isoformat(), "on": typed})
    page = text(response)
    assert response.status_code == 422
    # the step form as typed (its day agreed), and no other form's "on" with that day
    assert page.count(f'value="{typed}"') == 1


def test_a_contact_with_nothing_written_is_not_recorded(app, client, world):
    login(client, "cw")
    token = csrf_from(text(client.get(f"/people/{world['fresh']}")))
    response = client.post(f"/people/{world['fresh']}/interactions", data={
        "csrf_token": token, "at": NOW.strftime("%Y-%m-%dT%H:%M"), "channel": "visit",
        "topic": "registration", "note": "   "})
    assert response.status_code == 422
    assert "Write what was said or done, or the next action" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Interaction).where(
            Interaction.person_id == world["fresh"])) == 1  # the fixture's one


def test_an_overdue_next_action_is_marked_on_the_profile(client, world):
    login(client, "cw")
    contacts = text(client.get(f"/people/{world['late']}")).split('id="contacts"')[1]
    contacts = contacts.split("</section>")[0]
    assert "принести диплом" in contacts
    assert '<span aria-hidden="true">⚠</span> overdue</span>' in contacts  # a mark, not colour alone
    assert "overdue" not in text(client.get(f"/people/{world['silent']}")).split(
        'id="contacts"')[1].split("</section>")[0]


def test_plan_steps_become_tasks_and_print(client, world):
    login(client, "cw")
    page = text(client.get(f"/people/{world['fresh']}"))
    assert "резюме" in page and "overdue" in page
    pdf = client.get(f"/people/{world['fresh']}/plan.pdf")
    assert pdf.mimetype == "application/pdf"


def test_supervisor_reviews_own_team_and_reassigns(app, client, world):
    login(client, "cw")
    assert client.get("/review").status_code == 403
    assert client.get("/reassign").status_code == 403
    login(client, "sv.other")
    assert "Test cw2" not in text(client.get("/review"))
    assert client.get(f"/caseload?caseworker={world['cw']}").status_code == 404
    login(client, "sv")
    review = text(client.get("/review"))
    assert "Test cw" in review and "Test cw2" in review
    page = text(client.get(f"/reassign?caseworker={world['cw']}"))
    assert '<option selected value="">—</option>' in page or '<option value="">—</option>' in page
    assert f'<option value="{world["sv"]}">' not in page  # cases go to caseworkers only
    unchosen = client.post("/reassign", data={"csrf_token": csrf_from(page),
                                              "persons": [world["late"]]})
    assert "Choose the new caseworker" in text(unchosen)
    client.post("/reassign", data={"csrf_token": csrf_from(page), "persons": [world["late"]],
                                   "to": world["cw2"]})
    again = client.post("/reassign", data={"csrf_token": csrf_from(page),
                                           "persons": [world["late"]], "to": world["cw2"]},
                        follow_redirects=True)
    assert "Nobody is reassigned: the persons ticked are with Test cw2 already" in text(again)
    with app.app_context():
        assert db.session.get(Person, world["late"]).caseworker_id == world["cw2"]
        assert db.session.scalar(select(FieldChange.field).where(
            FieldChange.person_id == world["late"])) == "caseworker_id"
    login(client, "cw2")
    profile = text(client.get(f"/people/{world['late']}"))
    assert "Handover summary" in profile and "принести диплом" in profile
    refused = client.post("/reassign", data={"csrf_token": csrf_from(profile),
                                             "persons": [world["other"]], "to": world["cw2"]})
    assert refused.status_code == 403


def test_the_reassignment_previews_the_caseloads_before_it_saves(app, client, world):
    login(client, "sv")
    page = text(client.get("/reassign?flag=overdue"))  # the two with an overdue action
    assert "Свежий" in page and "Просроченный" in page and "Молчун" not in page
    assert 'data-select-all="persons"' in page
    persons = [world["fresh"], world["late"]]
    preview = text(client.post("/reassign?flag=overdue", data={
        "csrf_token": csrf_from(page), "persons": persons, "to": world["cw2"],
        "action": "preview"}))
    assert "Caseloads after the handover" in preview or "Нагрузка после передачи" in preview
    rows = re.findall(r"<tr><td>(Test cw2?)</td><td class=\"text-end\">(\d+)</td>"
                      r"<td class=\"text-end fw-semibold\">(\d+)</td></tr>", preview)
    assert sorted(rows) == [("Test cw", "3", "1"), ("Test cw2", "0", "2")]
    with app.app_context():  # nothing saved by the preview
        assert db.session.get(Person, world["fresh"]).caseworker_id == world["cw"]
    done = client.post("/reassign?flag=overdue", data={
        "csrf_token": csrf_from(preview), "persons": persons, "to": world["cw2"],
        "action": "reassign"})
    assert done.status_code == 302 and "flag=overdue" in done.location
    with app.app_context():
        assert db.session.get(Person, world["fresh"]).caseworker_id == world["cw2"]


def test_placed_this_month_lists_persons_whatever_their_status(app, client, world):
    from caseworker.models import Outcome
    with app.app_context():
        started = Referral(person_id=world["silent"], measure_code="social_job",
                           status="started", proposed_on=TODAY, status_on=TODAY, verdict={})
        db.session.add(started)
        db.session.flush()
        db.session.add(Outcome(referral_id=started.id, kind="permanent_job", start_on=TODAY))
        db.session.get(Person, world["silent"]).status = "employed"
        db.session.commit()
    login(client, "sv")
    placed = text(client.get(f"/caseload?caseworker={world['cw']}&flag=placed"))
    assert "Молчун" in placed and "Свежий" not in placed
    review = text(client.get("/review"))
    assert f"/caseload?caseworker={world['cw']}&amp;flag=placed" in review


def _left_and_came_back(app, person_id, back_on):
    """Registered on 3 Feb 2025, moved away on 1 Sep 2025, registered again on `back_on`."""
    from caseworker.models import RegistrationEpisode
    with app.app_context():
        db.session.add_all([
            RegistrationEpisode(person_id=person_id, registered_on=date(2025, 2, 3),
                                deregistered_on=date(2025, 9, 1), reason="moved"),
            RegistrationEpisode(person_id=person_id, registered_on=back_on)])
        db.session.commit()


def test_the_timeline_begins_with_the_registration_and_shows_a_deregistration(app, client,
                                                                               world):
    _left_and_came_back(app, world["fresh"], date(2026, 3, 1))
    login(client, "cw")
    page = text(client.get(f"/people/{world['fresh']}"))
    timeline = page.split('class="list-unstyled timeline')[1].split("</ol>")[0]
    assert timeline.count("Registration as unemployed") == 2
    assert "Deregistration</strong> · Moved to another locality" in timeline
    # newest first: the contact of 29 days ago, then this year's registration, then the last
    assert (timeline.index("01.03.2026") < timeline.index("01.09.2025")
            < timeline.index("03.02.2025"))


def test_a_return_on_the_day_of_leaving_comes_after_the_leaving(app, world):
    from caseworker.casework.timeline import timeline
    _left_and_came_back(app, world["fresh"], date(2025, 9, 1))
    with app.app_context():
        kinds = [(e.kind, e.at.date()) for e in timeline(world["fresh"])
                 if e.kind in ("registered", "deregistered")]
        assert kinds == [("registered", date(2025, 9, 1)), ("deregistered", date(2025, 9, 1)),
                         ("registered", date(2025, 2, 3))]


def test_a_referral_of_the_registration_day_comes_after_the_registration(app, world):
    from caseworker.casework.timeline import timeline
    from caseworker.models import Referral, ReferralEvent, RegistrationEpisode
    with app.app_context():
        day = date(2026, 3, 2)
        db.session.add(RegistrationEpisode(person_id=world["fresh"], registered_on=day))
        referral = Referral(person_id=world["fresh"], measure_code="public_works",
                            status="proposed", proposed_on=day, status_on=day)
        db.session.add(referral)
        db.session.flush()
        db.session.add(ReferralEvent(referral_id=referral.id, to_status="proposed",
                                     happened_on=day, recorded_at=clock.utcnow()))
        db.session.commit()
        kinds = [e.kind for e in timeline(world["fresh"]) if e.at.date() == day]
        assert kinds == ["referral", "registered"]  # newest first


def test_a_contact_before_the_first_registration_is_refused(app, client, world):
    _left_and_came_back(app, world["fresh"], date(2026, 3, 1))  # first registered 3 Feb 2025
    login(client, "cw")
    token = csrf_from(text(client.get(f"/people/{world['fresh']}")))
    response = client.post(f"/people/{world['fresh']}/interactions", data={
        "csrf_token": token, "at": "2020-05-01T10:00", "channel": "phone",
        "topic": "job_search", "note": "давний звонок"})
    assert response.status_code == 422
    assert "first registered on 03.02.2025" in text(response)
    with app.app_context():
        assert db.session.scalar(select(Interaction).where(
            Interaction.note == "давний звонок")) is None
