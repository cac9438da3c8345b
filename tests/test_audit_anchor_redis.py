"""The audit's anchors kept in Redis as well (CASEWORKER_REDIS_URL): two servers that share
the database and Redis, each with an anchor file of its own; the schedule seals through one,
and a cut tail is noticed from either, the other's own file knowing nothing of it. Redis out
of reach stops no seal, and verify says what it could not check. Redis database 14."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis
from caseworker import anchor_store, audit, create_app
from caseworker.extensions import db
from caseworker.jobs import maintenance
from tests.test_audit_anchor import cut_tail

REDIS = os.environ.get("CASEWORKER_TEST_ANCHOR_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def servers(app, tmp_path, monkeypatch):
    """Server A (the session's app) and server B, with anchor files of their own."""
    try:
        redis.Redis.from_url(REDIS).flushdb()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS}")
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                        app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test-secret",
                        "AUDIT_KEY": "test-audit-key",
                        "AUDIT_ANCHOR_FILE": str(tmp_path / "b" / "anchor")})
    other.config["REDIS_URL"] = REDIS  # after the app is made: the job queue stays as it is
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS)
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_FILE", str(tmp_path / "a" / "anchor"))
    yield app, other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    redis.Redis.from_url(REDIS).flushdb()


def _sealed_on(server, n: int) -> None:
    with server.test_request_context():
        for i in range(n):
            audit.record("person.view", "person", i)
        db.session.commit()
        assert maintenance.audit_seal().ok  # what the schedule runs


def _verify(server):
    return server.test_cli_runner().invoke(args=["audit", "verify"])


def test_a_cut_tail_is_noticed_from_either_server(servers, monkeypatch):
    a, b = servers
    _sealed_on(a, 3)
    _sealed_on(a, 2)
    assert len(anchor_store.read(REDIS).splitlines()) == 2
    assert not Path(b.config["AUDIT_ANCHOR_FILE"]).exists()  # B's own file knows nothing
    checked = _verify(b)
    assert checked.exit_code == 0 and "2 anchors in Redis checked" in checked.output
    last = cut_tail(a)
    for server in (a, b):
        result = _verify(server)
        assert result.exit_code == 1 and f"audit event {last}: cut" in result.output
    monkeypatch.setitem(b.config, "REDIS_URL", None)  # without the store, B cannot tell
    assert _verify(b).exit_code == 0


def test_redis_out_of_reach_stops_no_seal(servers, monkeypatch):
    a, _ = servers
    monkeypatch.setitem(a.config, "REDIS_URL", "redis://127.0.0.1:1/14")
    _sealed_on(a, 2)
    assert len(Path(a.config["AUDIT_ANCHOR_FILE"]).read_text().splitlines()) == 1
    result = _verify(a)
    assert result.exit_code == 0 and "cannot be reached" in result.output
