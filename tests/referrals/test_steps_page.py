"""Moving a referral on from its page: the steps offered to whom, the provider, and how a
refused step is said (the rules themselves: test_step_rules.py)."""
import re

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import AuditEvent, Letter, Measure, Referral
from tests.conftest import csrf_from, login
from tests.referrals.conftest import TODAY, count, proposed, refer_page, step_data, text


def test_a_referral_is_referred_only_once_it_names_its_provider(app, client, world):
    login(client, "cw")
    response, _, _ = refer_page(client, world["grad"], provider_id="")
    url = response.headers["Location"]
    page = text(client.get(url))
    assert "choose the provider before the person is referred" in page
    move = step_data(page, "referred")
    refused = client.post(url + "/transition", data=move, follow_redirects=True)
    assert "Choose the provider first" in text(refused)
    far = client.post(url + "/provider", data={"csrf_token": csrf_from(page),
                                               "provider_id": str(world["far_provider"])},
                      follow_redirects=True)
    assert "Not a valid choice" in text(far)  # the form offers the region's providers only
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.status == "proposed" and referral.provider_id is None
        assert count(Letter) == 0
    chosen = client.post(url + "/provider", data={"csrf_token": csrf_from(page),
                                                  "provider_id": str(world["provider"])},
                         follow_redirects=True)
    assert "The provider is saved" in text(chosen)
    assert "Saved: Referred" in text(client.post(url + "/transition", data=move,
                                                 follow_redirects=True))
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
        assert count(Letter) == 1


def test_a_refused_step_comes_back_open_with_its_reason(app, client, world):
    login(client, "cw")
    response, _, _ = refer_page(client, world["grad"])
    url = response.headers["Location"]
    page = text(client.get(url))
    assert re.search(r'<details class="mb-2" open><summary>Issue the letter', page)
    declined = client.post(url + "/transition", data=step_data(page, "declined"))
    assert declined.location.endswith("?step=declined")
    again = text(client.get(declined.location))
    assert "Choose a reason" in again
    assert re.search(r'<details class="mb-2" open><summary>Person declined', again)
    assert not re.search(r'<details class="mb-2" open><summary>Issue the letter', again)
    other = client.post(url + "/transition", data=step_data(page, "declined", reason="other"),
                        follow_redirects=True)
    assert "say what it is in the note" in text(other)
    done = client.post(url + "/transition", data=step_data(
        page, "declined", reason="other", note="уехал на учёбу"), follow_redirects=True)
    assert "Saved: Declined" in text(done) and "уехал на учёбу" in text(done)


@pytest.mark.parametrize("target", ["", "nonsense", "referred\"><b>", "completed"])
def test_a_transition_to_no_known_or_allowed_status_changes_nothing(app, client, world, target):
    login(client, "cw")
    response, _, _ = refer_page(client, world["grad"])
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


def _awaiting_approval(app, world) -> str:
    """A proposal to a measure that needs a supervisor's approval: its page."""
    with app.app_context():
        measure = db.session.scalar(select(Measure.code).where(Measure.needs_approval.is_(True))
                                    .order_by(Measure.code))
        referral = Referral(person_id=world["grad"], measure_code=measure, status="proposed",
                            proposed_on=TODAY, status_on=TODAY, verdict={})
        db.session.add(referral)
        db.session.commit()
        return f"/referrals/{referral.id}"


def test_a_caseworker_is_told_a_referral_waits_for_approval(app, client, world):
    url = _awaiting_approval(app, world)
    login(client, "sv")
    assert "Waiting for a supervisor's approval" not in text(client.get(url))
    login(client, "cw")
    shown = text(client.get(url))
    assert "Waiting for a supervisor's approval" in shown
    assert '<details class="mb-2" open' not in shown and "<summary>Approve" not in shown
    sent = client.post(url + "/transition", data=step_data(shown, "cancelled",
                                                           reason="duplicate"))
    assert sent.status_code == 302  # what a caseworker is offered, a caseworker may do


def test_only_a_supervisor_approves(app, client, world):
    url = _awaiting_approval(app, world)
    login(client, "cw")
    page = text(client.get(url))
    assert "<summary>Approve" not in page  # not offered; sent all the same, refused:
    refused = client.post(url + "/transition", data=step_data(page, "approved"),
                          follow_redirects=True)
    assert "Only a supervisor may approve or reject a referral" in text(refused)
    login(client, "sv")
    page = text(client.get(url))
    assert "Saved: Approved" in text(client.post(url + "/transition", data=step_data(
        page, "approved"), follow_redirects=True))


def test_other_district_cannot_see_a_referral(app, client, world):
    url = f"/referrals/{proposed(app, world)[0]}"
    login(client, "cw.other")
    assert client.get(url).status_code == 404
    assert client.get(url + "/letter.pdf").status_code == 404
    login(client, "ro")  # the region's officer reads it, and changes nothing
    page = text(client.get(url))
    assert "<summary>Issue the letter" not in page
    assert client.post(url + "/transition", data=step_data(page, "referred")).status_code == 403
