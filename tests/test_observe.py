"""Seeing the app run: /metrics and who may read it, the health answers, the request log."""
from __future__ import annotations

import json
import logging
import urllib.request

import pytest

from caseworker import observe
from caseworker.extensions import db
from caseworker.models import Job
from tests.factories import staff
from tests.servers import free_port, gunicorn, server_env, stop, wait_for



def test_live_answers_without_the_database(client):
    answer = client.get("/healthz/live")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}


def test_ready_names_each_part(client):
    answer = client.get("/healthz/ready")
    assert answer.status_code == 200
    assert answer.json == {"status": "ok", "database": "ok", "queue": "ok"}


def test_ready_says_which_part_is_down(app, client):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    try:
        answer = client.get("/healthz/ready")
    finally:
        app.config["REDIS_URL"] = None
    assert answer.status_code == 503
    assert answer.json["redis"] == "unavailable" and answer.json["database"] == "ok"


def test_the_old_healthz_stays(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}


def test_metrics_count_requests_by_endpoint_and_read_the_queue(app, client):
    with app.app_context():
        db.session.add(Job(kind="export", state="queued", params={}))
        db.session.commit()
    client.get("/healthz/live")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'caseworker_request_seconds_count{endpoint="main.healthz_live",method="GET"}' in body
    assert 'caseworker_requests_total{endpoint="main.healthz_live",method="GET",status="2xx"}' \
        in body
    assert 'caseworker_jobs{state="queued"} 1.0' in body
    assert "caseworker_jobs_oldest_queued_seconds" in body


def test_a_path_with_an_id_is_counted_under_its_rule(client):
    client.get("/people/123456")  # redirected to the login page: still one endpoint, no id
    body = client.get("/metrics").get_data(as_text=True)
    # only the labels: a sample's value (a timestamp) may hold the same digits
    labels = [line.rpartition(" ")[0] for line in body.splitlines()
              if line and not line.startswith("#")]
    assert labels and not any("123456" in label for label in labels)


def test_metrics_are_not_for_everyone(app, client):
    elsewhere = {"REMOTE_ADDR": "10.1.2.3"}
    assert client.get("/metrics", environ_base=elsewhere).status_code == 404
    app.config["METRICS_TOKEN"] = "s3cret-token"
    try:
        wrong = client.get("/metrics", environ_base=elsewhere,
                           headers={"Authorization": "Bearer guess"})
        right = client.get("/metrics", environ_base=elsewhere,
                           headers={"Authorization": "Bearer s3cret-token"})
    finally:
        app.config["METRICS_TOKEN"] = None
    assert wrong.status_code == 404 and right.status_code == 200


@pytest.mark.parametrize("allow, address, expected", [
    ("127.0.0.1,::1", "127.0.0.1", True),
    ("127.0.0.1,::1", "::1", True),
    ("127.0.0.1,::1", "10.0.0.7", False),
    ("10.0.0.0/8", "10.200.1.1", True),
    ("not-an-address, 10.0.0.0/8", "10.0.0.1", True),
    ("not-an-address", "10.0.0.1", False),
    ("", "127.0.0.1", False),
    ("127.0.0.1", None, False),
    ("127.0.0.1", "garbage", False),
])
def test_who_may_read_metrics(allow, address, expected):
    assert observe.may_read_metrics({"METRICS_ALLOW": allow}, address, None) is expected


def test_the_request_line_is_json_with_ids_and_no_personal_data(app, client, caplog,
                                                                 login_as):
    with app.app_context():
        staff(cw_observed="caseworker")
        db.session.commit()
    login_as("cw_observed")
    with caplog.at_level(logging.INFO, logger="caseworker.request"):
        client.get("/caseload", headers={"X-Request-ID": "abc123"})
    record = [r for r in caplog.records if r.name == "caseworker.request"][-1]
    line = json.loads(observe.request_formatter("json").format(record))
    assert line["request_id"] == "abc123" and line["endpoint"] == "casework.caseload"
    assert line["status"] == 200 and line["method"] == "GET" and line["ms"] >= 0
    assert isinstance(line["user_id"], int) and line["level"] == "INFO"
    assert "cw_observed" not in json.dumps(line)
    text = observe.request_formatter("text").format(record)
    assert "abc123" in text and "casework.caseload 200" in text


@pytest.mark.once
def test_metrics_add_up_the_workers_of_gunicorn(app, tmp_path):
    """Two worker processes: /metrics counts every request, whichever worker served it."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the server shares the suite's SQLite file")
    port = free_port()
    env = server_env(CASEWORKER_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
                     PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    server = gunicorn(port, env, workers=2)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz/live", server)
        for _ in range(30):
            urllib.request.urlopen(base + "/healthz/live", timeout=10).read()
        body = urllib.request.urlopen(base + "/metrics", timeout=10).read().decode()
    finally:
        stop(server)
    line = next(row for row in body.splitlines() if row.startswith(
        'caseworker_request_seconds_count{endpoint="main.healthz_live"'))
    assert float(line.split()[-1]) >= 30  # plus the probe's own calls

