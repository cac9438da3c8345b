"""Every POST of the API with an Idempotency-Key: sent twice, the second answer is the first
one and nothing more is written; the key with another body is refused and writes nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import ApiToken, AuditEvent, IdempotencyKey
from tests.api_world import world  # noqa: F401  (the fixture)
from tests.api_world import TODAY, bearer, error_of

BIN = "120440000018"  # its check digit holds
SKIPPED = {t.__tablename__ for t in (AuditEvent, ApiToken, IdempotencyKey)}


def rows(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(select(func.count()).select_from(t))
                for t in db.metadata.sorted_tables if t.name not in SKIPPED}


def a_contact(world) -> str:
    from caseworker.casework import operations
    from caseworker.models import Person, User
    from caseworker import clock
    person = db.session.get(Person, world["second"])
    user = db.session.get(User, world["ids"]["cw"])
    item = operations.record_contact(person, user, at=clock.now().replace(microsecond=0),
                                     channel="phone", topic="other", note="x", next_action=None,
                                     due_on=None, now=clock.now())
    db.session.commit()
    return str(item.id)


# (who, path, body, another body): {name} is filled from the world
CASES = {
    "contact": ("cw", "/api/v1/persons/{second}/contacts",
                {"channel": "phone", "topic": "other", "note": "a"},
                {"channel": "phone", "topic": "other", "note": "b"}),
    "contact_void": ("cw", "/api/v1/contacts/{contact}/void", {"reason": "a"}, {"reason": "b"}),
    "deregistration": ("cw", "/api/v1/persons/{second}/deregistration", {"reason": "moved"},
                       {"reason": "pension"}),
    "return": ("cw", "/api/v1/persons/{first}/return", {}, {"on": TODAY.isoformat()}),
    "follow_up_void": ("cw", "/api/v1/follow-ups/{checked}/void", {"reason": "a"},
                       {"reason": "b"}),
    "provider": ("sv", "/api/v1/organisations",
                 {"name_ru": "Жаңа", "bin": BIN, "kinds": ["employer"]},
                 {"name_ru": "Басқа", "bin": BIN, "kinds": ["employer"]}),
    "search": ("cw", "/api/v1/persons/search", {"name": "Бей"}, {"name": "Әбд"}),
    "transition": ("cw", "/api/v1/referrals/{referral}/transitions",
                   {"to": "completed", "on": TODAY.isoformat()},
                   {"to": "cancelled", "on": TODAY.isoformat(), "reason": "other",
                    "note": "x"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_post_sent_again_with_its_key_is_answered_once(app, client, world, case):
    who, path, body, other = CASES[case]
    if "{contact}" in path:
        with app.app_context():
            world = world | {"contact": a_contact(world)}
    url = path.format(**{k: v for k, v in world.items() if not isinstance(v, dict)})
    headers = bearer(world, who, **{"Idempotency-Key": f"key-{case}"})
    first = client.post(url, headers=headers, json=body)
    assert first.status_code in (200, 201), first.get_json()
    written = rows(app)
    again = client.post(url, headers=headers, json=body)
    assert (again.status_code, again.get_json()) == (first.status_code, first.get_json())
    assert again.headers["Idempotent-Replayed"] == "true"
    error_of(client.post(url, headers=headers, json=other), 409, "idempotency_key_reused")
    assert rows(app) == written
