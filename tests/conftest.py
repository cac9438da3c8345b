"""Fixtures: one database per run (SQLite file, or PostgreSQL when the Makefile asks),
built with the migrations; reference data loaded once; mutable tables emptied after each test."""
from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from datetime import date

import pytest
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import event, text

from caseworker import create_app
from caseworker.extensions import db
from caseworker.reference_data import load_all

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = date(2026, 11, 27)
REFERENCE = {"region", "district", "career_centre", "target_group", "measure", "measure_version",
             "district_region", "territory_name", "territory_code",
             "mci_rate", "pension_age", "calendar_day", "resettlement_rate", "occupation"}


# A table of counts the database keeps -> the table whose rows' triggers add to it.
KEPT_COUNTS = {"person_count": "person", "allocation_use": "referral"}


def mutable_tables() -> list[str]:
    """Every table but the reference data, children first; a table of kept counts right
    after the table whose deletion adds to it (the places used before the allocations they
    refer to)."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE]
    for kept, counted in KEPT_COUNTS.items():
        tables.remove(kept)
        tables.insert(tables.index(counted) + 1, kept)
    return tables


def database_url(tmp_path_factory) -> str:
    if os.environ.get("CASEWORKER_TEST_TARGET") == "postgresql":
        url = os.environ.get("CASEWORKER_TEST_DATABASE_URL")
        if not url:
            pytest.exit("CASEWORKER_TEST_DATABASE_URL is not set", 2)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "SECRET_KEY": "test-secret",
        "AUDIT_KEY": "test-audit-key",
        "AUDIT_ANCHOR_FILE": str(tmp_path_factory.mktemp("audit") / "anchor"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",  # fast in tests; scrypt in production
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        if is_postgres(app):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        load_all()
        db.session.commit()
    return app


@pytest.fixture(autouse=True)
def _clean(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        empty_tables(app)


def empty_tables(app) -> None:
    """Every table but the reference data emptied (inside an app context); after each test,
    and by module worlds that replace this cleaning."""
    db.session.rollback()
    tables = mutable_tables()
    if is_postgres(app):  # TRUNCATE: the audit log refuses row deletes there
        db.session.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                + " RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f'DELETE FROM "{table}"'))
    db.session.commit()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # tests read English text
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def login(client, login_name: str, password: str = "pw-test-123", follow=True):
    page = client.get("/login")
    if page.status_code == 302:  # someone is logged in on this client: log out first
        token = csrf_from(client.get("/", follow_redirects=True).get_data(as_text=True))
        client.post("/logout", data={"csrf_token": token})
        page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post("/login", data={"login": login_name, "password": password,
                                       "csrf_token": token}, follow_redirects=follow)


@contextmanager
def statements_of(app):
    """The SQL statements run inside the block, as a list that grows while it runs."""
    with app.app_context():
        engine = db.engine
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def login_as(client):
    def _login(user_login: str, password: str = "pw-test-123"):
        response = login(client, user_login, password)
        assert response.status_code == 200
        return client
    return _login


@pytest.fixture
def collector_on():
    """The cycle collector on during the test, and as it was again after."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.fixture
def analyst_headers(app):
    """The Authorization header of an analyst's API token (reads of the catalogue and the
    map, which every role may make)."""
    from caseworker.api import tokens
    from tests import factories as f
    with app.app_context():
        secret = tokens.create(f.user("analyst.api", "analyst"), "test")[1]
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}
