"""The operations on a person's file, called directly: leaving the register and coming back,
the segment by hand, transfers asked and decided. Each refusal code, what is written and
audited."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from caseworker import clock, labels
from caseworker.extensions import db
from caseworker.models import FieldChange, Person, RegistrationEpisode, TransferRequest, User
from caseworker.people import operations
from tests import people_client
from tests.people_client import audited, refused

TODAY = clock.today()
w = people_client.inside


def on_register(ids, since=date(2026, 3, 1)) -> Person:
    db.session.add(RegistrationEpisode(person_id=ids["own"], registered_on=since))
    db.session.commit()
    return db.session.get(Person, ids["own"])


def user(ids, login="cw") -> User:
    return db.session.get(User, ids[login])


def test_deregister_closes_the_open_episode(w):
    person = on_register(w)
    leave = lambda reason="found_work", on=TODAY: operations.deregister(  # noqa: E731
        person, reason, on, user(w), TODAY)
    for reason in (None, "", "placed", "bored"):  # "placed" is an outcome's, not a choice
        no = refused("reason_required", lambda: leave(reason))
        assert no.field == "reason"
    assert refused("future", lambda: leave(on=TODAY + timedelta(days=1))).field == "on"
    assert refused("before_registration", lambda: leave(on=date(2026, 2, 28))).field == "on"
    episode = leave()
    db.session.commit()
    assert (episode.deregistered_on, episode.reason, person.status) == (
        TODAY, "found_work", "deregistered")
    assert audited("person.deregister") == [str(w["own"])]
    assert refused("not_registered", leave).status == 409  # left already


@pytest.mark.parametrize("reason, label", [
    ("refused_two_offers", "Refused two offers of suitable work"),
    ("entrepreneur", "Registered as an entrepreneur"),
    ("imprisoned", "Sentenced to imprisonment"),
    ("moved_abroad", "Moved abroad for permanent residence")])
def test_the_law_s_grounds_for_leaving_the_register(w, reason, label):
    person = on_register(w)
    episode = operations.deregister(person, reason, TODAY, user(w), TODAY)
    db.session.commit()
    assert (episode.reason, person.status) == (reason, "deregistered")
    assert str(labels.label(labels.REASONS, reason)) == label


def test_without_an_open_episode_there_is_nothing_to_deregister(w):
    person = db.session.get(Person, w["own"])
    refused("not_registered", lambda: operations.deregister(person, "moved", TODAY, user(w),
                                                            TODAY))


def test_return_opens_a_new_episode_after_the_last_one(w):
    person = on_register(w)
    come_back = lambda on=TODAY: operations.reregister(person, on, user(w), TODAY)  # noqa: E731
    refused("on_register", come_back)
    operations.deregister(person, "moved", date(2026, 10, 1), user(w), TODAY)
    db.session.commit()
    assert refused("future", lambda: come_back(TODAY + timedelta(days=1))).field == "on"
    no = refused("before_deregistration", lambda: come_back(date(2026, 9, 30)))
    assert no.field == "on" and no.status == 422
    episode = come_back(date(2026, 10, 1))  # back on the day they left
    db.session.commit()
    assert (episode.registered_on, person.status, person.registered_on) == (
        date(2026, 10, 1), "active", date(2026, 10, 1))
    assert audited("person.reregister") == [str(w["own"])]
    assert [c.new for c in db.session.scalars(select(FieldChange).where(
        FieldChange.field == "status").order_by(FieldChange.id))] == ["deregistered", "active"]


def test_the_segment_by_hand_needs_a_known_segment_and_a_reason(w):
    person = db.session.get(Person, w["own"])
    assert refused("segment_unknown", lambda: operations.set_segment(
        person, "D", "why", user(w))).field == "segment"
    assert refused("segment_reason_required", lambda: operations.set_segment(
        person, "C", "  ", user(w))).field == "reason"
    operations.set_segment(person, "C", " недавно освободилась ", user(w))
    db.session.commit()
    assert (person.segment_override, person.segment_reason) == ("C", "недавно освободилась")
    operations.set_segment(person, "", "ignored", user(w))  # back to the computed one
    db.session.commit()
    assert (person.segment_override, person.segment_reason) == (None, None)
    assert audited("person.segment") == [str(w["own"])] * 2


def test_a_transfer_is_asked_for_a_person_of_another_district_once(w):
    other = db.session.get(Person, w["other"])
    own = db.session.get(Person, w["own"])
    assert refused("not_elsewhere", lambda: operations.request_transfer(
        "000000000000", user(w), None)).status == 404
    refused("not_elsewhere", lambda: operations.request_transfer(own.iin, user(w), None))
    request = operations.request_transfer(other.iin, user(w), "  переехал ")
    db.session.commit()
    assert (request.from_district_id, request.to_district_id, request.status, request.note) == (
        w["other_district"], w["district"], "pending", "переехал")
    assert audited("transfer.request") == [str(request.id)]
    refused("transfer_pending", lambda: operations.request_transfer(other.iin, user(w), None))
    refused("transfer_pending", lambda: operations.request_transfer(  # from any district
        other.iin, user(w, "cw2"), None))


def _asked(ids) -> TransferRequest:
    request = operations.request_transfer(db.session.get(Person, ids["other"]).iin,
                                          user(ids), None)
    db.session.commit()
    return request


def test_a_rejection_says_why_and_a_decision_is_made_once(w):
    request, holder = _asked(w), user(w, "sv.sh")
    no = refused("transfer_reason_required", lambda: operations.decide_transfer(
        request, False, holder, " "))
    assert no.field == "reason" and no.status == 422
    operations.decide_transfer(request, False, holder, " живёт у нас ")
    db.session.commit()
    assert (request.status, request.decision_note, request.decided_by_id) == (
        "rejected", "живёт у нас", w["sv.sh"])
    no = refused("transfer_decided", lambda: operations.decide_transfer(request, True, holder))
    assert "decided already: Rejected" in str(no)
    assert db.session.get(Person, w["other"]).district_id == w["other_district"]


def test_an_approval_moves_the_file_to_who_asked(w):
    request = _asked(w)
    operations.decide_transfer(request, True, user(w, "sv.sh"))
    db.session.commit()
    moved = db.session.get(Person, w["other"])
    assert (moved.district_id, moved.caseworker_id) == (w["district"], w["cw"])
    assert moved.region_id == moved.district.region_id
    assert db.session.scalar(select(FieldChange.field).where(
        FieldChange.person_id == w["other"])) == "district"
    assert audited("transfer.approved") == [str(request.id)]


def test_a_decision_made_meanwhile_elsewhere_refuses_this_one(w):
    request = _asked(w)
    with db.engine.begin() as other:  # the other supervisor decides first
        other.execute(text("UPDATE transfer_request SET status = 'approved' WHERE id = :id"),
                      {"id": request.id})
    no = refused("transfer_decided", lambda: operations.decide_transfer(
        request, False, user(w, "sv.sh"), "нет"))
    assert "Approved" in str(no)
