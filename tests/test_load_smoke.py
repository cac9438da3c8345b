"""The load test's crowd, for a few seconds against two servers on the suite's SQLite file: every
kind of user logs in and works without an error, and every write answered as saved is found."""
from __future__ import annotations

import argparse
import json
import uuid
from dataclasses import asdict

import pytest

from bench import load
from bench.cases import choose
from caseworker.extensions import db
from tests import factories as f
from tests.servers import free_port, gunicorn, server_env, stop, wait_for

pytestmark = pytest.mark.once


def test_the_crowd_works_without_errors_or_lost_writes(app, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the servers share the suite's SQLite file")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        users = f.team("430000000")
        district = users["cw"].district
        for n in range(5):
            f.person(district, first=f"Ерлан{'а' * n}", caseworker_id=users["cw"].id)
        db.session.commit()
    subjects = asdict(choose(app)) | {"new_iins": load.new_iins(url, 50)}
    subjects["logins"] |= {"caseworker": "cw", "supervisor": "sv", "regional_officer": "officer"}
    chosen, out, tag = tmp_path / "subjects.json", tmp_path / "saved.json", uuid.uuid4().hex[:8]
    chosen.write_text(json.dumps(subjects))
    env = server_env(CASEWORKER_DATABASE_URL=url,
                     CASEWORKER_LOGIN_RATE_PER_ADDRESS="10000 per minute")
    ports = free_port(), free_port()
    servers = [gunicorn(port, env) for port in ports]
    hosts = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for host, server in zip(hosts, servers):
            wait_for(host + "/healthz", server)
        crowd = argparse.Namespace(users=6, spawn_rate=6, seconds=8)
        stats = load.stats(load.crowd(crowd, hosts, chosen, tag, out, password="pw-test-123"))
    finally:
        stop(*servers)
    assert {"login", "caseload", "person page", "plan against fact", "/healthz"} <= set(stats)
    assert {name: row["Failure Count"] for name, row in stats.items()
            if row["Failure Count"] != "0"} == {}
    writes = load.counted(url, tag, json.loads(out.read_text()))
    assert sum(answered for answered, _found in writes.values()) > 0
    assert {kind: pair for kind, pair in writes.items() if pair[0] != pair[1]} == {}
