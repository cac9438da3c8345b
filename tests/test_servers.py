"""Two app servers and a job worker on one PostgreSQL database and one Redis, checked through
HTTP as a browser on either would see them: a login on one holds on the other, a logout on one
ends it on both, the login limit counts once, and a job started on one is followed and its file
downloaded on the other (files in CASEWORKER_FILES_DIR, which both reach)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.servers import ROOT, free_port, gunicorn, server_env, stop, wait_for

pytestmark = pytest.mark.once
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _needs(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        if os.environ.get("CASEWORKER_REQUIRE_E2E"):
            pytest.fail(f"{name} is needed")
        pytest.skip(f"{name} is not set")
    return value


@pytest.fixture
def database():
    """A database of its own on the test PostgreSQL server, built and peopled in-process."""
    server = make_url(_needs("CASEWORKER_TEST_DATABASE_URL"))
    name = f"caseworker_servers_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        _build(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _build(url: str) -> None:
    from flask_migrate import upgrade
    from caseworker import create_app
    from caseworker.extensions import db
    from caseworker.reference_data import load_all
    from tests import factories as f
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})
    with app.app_context():
        upgrade()
        load_all()
        users = f.team("430000000")
        f.person(users["cw"].district, caseworker_id=users["cw"].id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def installation(database, tmp_path):
    """Servers A and B and one worker, sharing the database, Redis and the files' folder."""
    redis_url = _needs("CASEWORKER_TEST_REDIS_URL")
    import redis
    redis.Redis.from_url(redis_url).flushdb()  # the test's own Redis database: no old counts
    env = server_env(CASEWORKER_DATABASE_URL=database, CASEWORKER_REDIS_URL=redis_url,
                     CASEWORKER_FILES_DIR=str(tmp_path / "files"), CASEWORKER_EXPORT_JOB_ROWS="0",
                     CASEWORKER_LOGIN_RATE_PER_ADDRESS="4 per 15 minutes",
                     FLASK_APP="wsgi:app")
    ports = free_port(), free_port()
    servers = [gunicorn(port, env) for port in ports]
    worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--no-schedule",
                               "--workers", "1"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, server in zip(bases, servers):
            wait_for(base + "/healthz/live", server)
        yield bases
    finally:
        stop(*servers, worker)


def _token(page: requests.Response) -> str:
    return TOKEN.search(page.text).group(1)


def log_in(browser: requests.Session, base: str, login: str, password="pw-test-123"):
    page = browser.get(base + "/login")
    return browser.post(base + "/login", data={"login": login, "password": password,
                                               "csrf_token": _token(page)},
                        allow_redirects=False)


def test_two_servers_share_sessions_limits_and_jobs(installation):
    a, b = installation
    browser = requests.Session()
    assert log_in(browser, a, "cw").status_code == 302
    assert browser.get(b + "/caseload", allow_redirects=False).status_code == 200

    copied = requests.Session()  # the same cookie, kept by someone else
    copied.cookies.update(browser.cookies)
    home = browser.get(b + "/caseload")
    assert browser.post(b + "/logout", data={"csrf_token": _token(home)}).ok
    assert copied.get(a + "/caseload", allow_redirects=False).status_code == 302  # to login

    worker = requests.Session()
    log_in(worker, a, "cw")
    started = worker.get(a + "/measures/public_works/candidates?format=csv",
                         allow_redirects=False)
    assert started.status_code == 303, started.text
    job = started.headers["Location"]
    deadline = time.monotonic() + 60
    while "/result" not in worker.get(b + job).text and time.monotonic() < deadline:
        time.sleep(0.3)  # the worker process runs it
    result = worker.get(b + job + "/result")
    assert result.status_code == 200 and "Ахметов" in result.content.decode("utf-8-sig")

    stranger = requests.Session()
    answers = [log_in(stranger, base, "cw", "wrong").status_code for base in (a, b, a, b, a)]
    assert 429 not in answers[:4] and answers[4] == 429, answers  # 4 failures, on both
