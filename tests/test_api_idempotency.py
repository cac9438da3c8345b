"""Idempotency keys on the API's POSTs: a repeat with the same key and body is answered as
the first time and writes nothing; another body under the key is refused; a refused request
keeps no key; a key is the token's own and expires; concurrent repeats write once. And the
error messages in the language the client asks for, with the same code."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from caseworker.extensions import db
from caseworker.models import IdempotencyKey, Interaction
from caseworker.models.types import utcnow
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import bearer, count, error_of


def record(client, world, key=None, who="cw", **body):
    keyed = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"/api/v1/persons/{world['second']}/contacts",
                       headers=bearer(world, who, **keyed),
                       json={"channel": "phone", "topic": "other", "note": "звонок", **body})


def test_the_same_key_and_body_answer_the_first_answer_and_write_once(app, client, world):
    first = record(client, world, "k-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = record(client, world, "k-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    # the same body with keys in another order and spacing is the same request
    same = client.post(f"/api/v1/persons/{world['second']}/contacts",
                       headers=bearer(world, **{"Idempotency-Key": "k-1",
                                                "Content-Type": "application/json"}),
                       data='{ "note": "звонок", "topic": "other", "channel": "phone" }')
    assert same.status_code == 201 and same.get_json()["id"] == first.get_json()["id"]
    assert count(app, Interaction) == 1
    assert record(client, world, "k-2").status_code == 201  # another key, another contact
    assert record(client, world).status_code == 201  # no key: not required
    assert count(app, Interaction) == 3


def test_the_same_key_with_another_body_or_path_is_refused(app, client, world):
    record(client, world, "k-1")
    error_of(record(client, world, "k-1", note="другой"), 409, "idempotency_key_reused")
    error_of(client.post(f"/api/v1/persons/{world['second']}/deregistration",
                         headers=bearer(world, **{"Idempotency-Key": "k-1"}),
                         json={"reason": "moved"}), 409, "idempotency_key_reused")
    assert count(app, Interaction) == 1


def test_a_refused_request_keeps_no_key_and_can_be_sent_again(app, client, world):
    error_of(record(client, world, "k-1", note=""), 422, "contact_empty")
    error_of(record(client, world, "k-1", note=""), 422, "contact_empty")
    assert count(app, IdempotencyKey) == 0 and count(app, Interaction) == 0
    assert record(client, world, "k-1").status_code == 201
    error_of(record(client, world, " " * 3), 422, "idempotency_key_invalid")
    error_of(record(client, world, "x" * 201), 422, "idempotency_key_invalid")


def test_a_key_is_the_tokens_own_and_expires(app, client, world):
    mine = record(client, world, "shared").get_json()
    theirs = record(client, world, "shared", who="sv").get_json()  # the supervisor's token
    assert mine["id"] != theirs["id"]
    with app.app_context():
        db.session.execute(update(IdempotencyKey).values(
            expires_at=IdempotencyKey.created_at - timedelta(seconds=1)))
        db.session.commit()
    later = record(client, world, "shared")
    assert later.status_code == 201 and later.get_json()["id"] not in (mine["id"], theirs["id"])
    assert count(app, IdempotencyKey) == 2  # the expired ones are gone


def test_a_key_taken_by_a_request_still_running_is_answered_so(app, client, world):
    with app.app_context():
        from caseworker.api import idempotency
        from caseworker.models import ApiToken
        token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == world["ids"]["cw"]))
        with app.test_request_context(
                f"/api/v1/persons/{world['second']}/contacts", method="POST",
                json={"channel": "phone", "topic": "other", "note": "звонок"}):
            wanted = idempotency.request_hash()
        now = utcnow()
        db.session.add(IdempotencyKey(token_id=token.id, key="busy", request_hash=wanted,
                                      created_at=now, expires_at=now + timedelta(hours=1)))
        db.session.commit()
    error = error_of(record(client, world, "busy"), 409, "idempotency_in_progress")
    assert error["message"] and count(app, Interaction) == 0


def test_concurrent_repeats_of_one_key_write_once(app, world):
    answers, lock, barrier = [], threading.Lock(), threading.Barrier(6)

    def send():
        client = app.test_client()
        barrier.wait()
        response = record(client, world, "at-once")
        with lock:
            answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count(app, Interaction) == 1, answers
    made = {body["id"] for status, body in answers if status == 201}
    assert len(made) == 1, answers
    assert {body["error"]["code"] for status, body in answers if status != 201} <= {
        "idempotency_in_progress", "busy"}, answers


def test_the_document_offers_the_key_on_every_post(client):
    document = client.get("/api/v1/openapi.json").get_json()
    posts = [item["post"] for item in document["paths"].values() if "post" in item]
    assert len(posts) >= 10
    for operation in posts:
        [param] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert param["in"] == "header" and not param.get("required")


@pytest.mark.parametrize("language, words", [
    ("kk", "Бұл күн"), ("ru", "Эта дата"), ("en", "This date"),
    ("ru-RU,ru;q=0.9,en;q=0.5", "Эта дата"),
    ("de", "Эта дата")])  # a language not offered: the token's user's (Russian here)
def test_messages_follow_accept_language_and_the_code_stays(client, world, language, words):
    response = client.post(f"/api/v1/persons/{world['second']}/contacts",
                           headers=bearer(world, **{"Accept-Language": language}),
                           json={"channel": "phone", "topic": "other", "note": "x",
                                 "at": "2100-01-01T10:00:00"})
    error = error_of(response, 422, "contact_future")
    assert error["message"].startswith(words), error
    assert error["fields"]["at"][0]["code"] == "contact_future"


def test_not_found_follows_accept_language(client, world):
    error = error_of(client.get("/api/v1/organisations/2147483647",
                                headers=bearer(world, **{"Accept-Language": "kk"})), 404,
                     "not_found")
    assert "Not found" not in error["message"]


@pytest.mark.parametrize("language, required, choice", [
    ("kk", "Бұл өрісті толтыру міндетті.", "Мыналардың бірі"),
    ("ru", "Это поле обязательно.", "Допустимые значения"),
    ("en", "This field is required.", "Must be one of")])
def test_field_messages_follow_accept_language(client, world, language, required, choice):
    error = error_of(client.post(f"/api/v1/persons/{world['second']}/contacts",
                                 headers=bearer(world, **{"Accept-Language": language}),
                                 json={"channel": "pigeon"}), 422, "validation_error")
    assert error["fields"]["topic"] == [{"code": "required", "message": required}]
    assert error["fields"]["channel"][0]["message"].startswith(choice)
    assert "phone" in error["fields"]["channel"][0]["message"]


def test_the_schedule_removes_expired_keys_and_keeps_the_others(app, client, world):
    from caseworker.api.upkeep import expired_keys
    from caseworker.jobs import schedule
    assert record(client, world, "old").status_code == 201
    assert record(client, world, "new").status_code == 201
    with app.test_request_context():
        db.session.execute(update(IdempotencyKey).where(IdempotencyKey.key == "old").values(
            expires_at=utcnow() - timedelta(minutes=1)))
        report = expired_keys()
        db.session.commit()
        assert report.ok and db.session.scalars(select(IdempotencyKey.key)).all() == ["new"]
    assert "api.idempotency.expired" in schedule.BY_NAME
