"""Security headers on every response, no caching of personal data, and error pages in the three
languages that never show a stack trace."""
from __future__ import annotations

import re
import traceback

import pytest
from flask_babel import force_locale, gettext

from caseworker import create_app
from caseworker.extensions import db
from tests import factories as f
from tests.conftest import csrf_from, login
from tests.access.world import (
    KYZYLORDA, MEASURE, ROLES, build_world, rule_keys, split_key, url_of)

LANGUAGES = ("kk", "ru", "en")
SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin",
                          "strict-origin-when-cross-origin"}
# Pages and files that show persons: never kept by a browser or a proxy.
PERSONAL = {"main.home", "people.index", "people.show", "people.edit", "people.transfers",
            "people.segments", "casework.caseload", "casework.plan_pdf", "casework.review",
            "casework.reassign", "measures.candidates", "referrals.create", "referrals.show",
            "referrals.letter", "referrals.letters_today", "referrals.follow_ups",
            "referrals.inbox", "people.access_history", "indicators.referrals"}
STACK_TRACE_MARKS = ("Traceback", 'File "', "werkzeug", "sqlalchemy", "jinja2")
# What the CSP would block without a word: inline scripts, style attributes, event handlers.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def assert_security_headers(response, what: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp, f"{what}: no Content-Security-Policy"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{what}: {csp}"
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert "default-src" in directives and "*" not in directives["default-src"], what
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", f"{what}: {csp}"
    assert headers.get("X-Frame-Options") == "DENY", what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") in SAFE_REFERRER_POLICIES, what


@pytest.fixture
def world(app):
    with app.app_context():
        return build_world()


def sign_in(client, role: str) -> None:
    if role != "anonymous":
        assert login(client, role).request.path != "/login"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_carries_the_security_headers(app, client, world, role):
    """Every GET route as every role (whatever the answer: page, file, redirect or error)."""
    sign_in(client, role)
    seen = 0
    for key in rule_keys(app):
        method, endpoint, rule_text = split_key(key)
        if method != "GET":
            continue
        url = url_of(app, endpoint, rule_text, world, "own")
        for target in (url, url + "?format=csv", url + "?format=xlsx") \
                if endpoint == "measures.candidates" else (url,):
            response = client.get(target)
            response.close()  # ends a streamed export, and its request, before the next one
            assert response.status_code != 500, f"GET {target} as {role}"
            assert_security_headers(response, f"GET {target} as {role}")
            if response.status_code == 200 and endpoint in PERSONAL:
                assert "no-store" in response.headers.get("Cache-Control", ""), (
                    f"GET {target} as {role} may be cached")
            if response.mimetype == "text/html":
                seen += 1
                found = INLINE.findall(response.get_data(as_text=True))
                assert not found, f"GET {target} as {role}: inline code the CSP blocks: {found}"
    assert seen > 5


def test_api_answers_with_persons_are_not_cached(client, world):
    auth = {"Authorization": f"Bearer {world['secrets']['caseworker']}"}
    for url in (f"/api/v1/persons/{world['person']['own']}",
                f"/api/v1/referrals/{world['referral']['own']}",
                f"/api/v1/measures/{MEASURE}/candidates"):
        response = client.get(url, headers=auth)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
        assert_security_headers(response, url)


def test_post_answers_carry_the_security_headers(client):
    page = client.get("/login")
    assert_security_headers(page, "GET /login")
    refused = client.post("/login", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                          "login": "nobody", "password": "wrong"})
    assert_security_headers(refused, "POST /login")


@pytest.fixture
def caseworker(app):
    with app.app_context():
        f.user("cw.errors", "caseworker", f.districts_of(KYZYLORDA)[0])
        db.session.commit()


ERRORS = {
    400: ("POST", "/login", "The request could not be understood"),  # no CSRF token
    403: ("GET", "/people/segments", "You do not have access to this page"),  # supervisors
    404: ("GET", "/no/such/page", "Not found"),
    405: ("GET", "/logout", "This action is not allowed here"),  # POST only
}


def translated(app, lang: str, message: str) -> str:
    with app.test_request_context(), force_locale(lang):
        return gettext(message)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", ERRORS)
def test_error_pages_speak_each_language(app, client, caseworker, code, lang):
    login(client, "cw.errors")
    method, url, title = ERRORS[code]
    response = client.open(url, method=method, headers={"Accept-Language": lang})
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert f'<html lang="{lang}"' in page
    expected = translated(app, lang, title)
    assert lang == "en" or expected != title, f"{title!r} has no {lang} translation"
    assert expected in page
    assert not any(mark in page for mark in STACK_TRACE_MARKS)
    assert_security_headers(response, f"{code} in {lang}")


@pytest.fixture
def failing_app(app):
    """A second app on the same database, with a route that fails."""
    broken = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1", "RATELIMIT_ENABLED": False})

    @broken.route("/fail")
    def fail():
        raise RuntimeError("secret detail of the failure")

    return broken


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_server_error_shows_a_request_id_and_no_trace(app, failing_app, lang):
    client = failing_app.test_client()
    response = client.get("/fail", headers={"Accept-Language": lang, "X-Request-ID": "req42abc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "req42abc" and "req42abc" in page
    assert translated(app, lang, "Something went wrong on our side") in page
    assert "secret detail" not in page and "RuntimeError" not in page
    assert not any(mark in page for mark in STACK_TRACE_MARKS)
    assert_security_headers(response, f"500 in {lang}")


def test_a_server_error_makes_its_own_request_id(failing_app):
    client = failing_app.test_client()
    response = client.get("/fail", headers={"X-Request-ID": "not an id; <script>"})
    request_id = response.headers["X-Request-ID"]
    assert request_id.isalnum() and len(request_id) == 32
    assert request_id in response.get_data(as_text=True)


def test_database_errors_never_carry_personal_data(app):
    """SQL parameters (IINs, names) are hidden from exception messages and logs."""
    from sqlalchemy.exc import IntegrityError
    from caseworker.extensions import db
    from caseworker.models import Person
    from tests import factories as f
    with app.app_context():
        person = f.person(f.districts_of("430000000")[0], last="Скрытова")
        db.session.commit()
        twin = Person(iin=person.iin, birth_date=person.birth_date, sex="F", last_name="Скрытова",
                      first_name="Айгүл", name_search="скрытова айгүл", region_id=person.region_id,
                      district_id=person.district_id, registered_on=person.registered_on,
                      target_groups=[], languages=[])
        db.session.add(twin)
        try:
            db.session.commit()
        except IntegrityError as error:
            # What a log line or a traceback would print: the error and the driver's beneath it.
            message = "".join(traceback.format_exception(error)) + str(error.orig)
        finally:
            db.session.rollback()
        assert "unique" in message.lower() or "duplicate" in message.lower()
        assert person.iin not in message and "Скрытова" not in message


def test_database_error_detail_is_cut_to_its_first_line():
    from caseworker.db_errors import first_line
    assert first_line("duplicate key\nDETAIL:  Key (iin)=(900517301423) already exists.") == (
        "duplicate key [details hidden: they may carry personal data]")
    assert first_line("UNIQUE constraint failed: person.iin") == "UNIQUE constraint failed: person.iin"


def test_cookies_are_secure_when_served_over_https(monkeypatch):
    from caseworker import config
    monkeypatch.delenv("CASEWORKER_SECURE_COOKIES", raising=False)
    assert config.secure_cookies("https://enbek.example.kz")
    assert not config.secure_cookies("http://127.0.0.1:5000")
    monkeypatch.setenv("CASEWORKER_SECURE_COOKIES", "1")
    assert config.secure_cookies("http://127.0.0.1:5000")


def test_indicator_thresholds_come_from_the_environment(monkeypatch):
    from caseworker import config
    assert config.load()["INDICATOR_LAGGING"] == 0.95
    monkeypatch.setenv("CASEWORKER_INDICATOR_ON_TRACK", "1.1")
    monkeypatch.setenv("CASEWORKER_INDICATOR_LAGGING", "0.8")
    monkeypatch.setenv("CASEWORKER_INDICATOR_LAGGING_COUNT", "3")
    loaded = config.load()
    assert (loaded["INDICATOR_ON_TRACK"], loaded["INDICATOR_LAGGING"],
            loaded["INDICATOR_LAGGING_COUNT"]) == (1.1, 0.8, 3)


def test_letters_point_at_the_port_the_server_listens_on(monkeypatch):
    from caseworker import config
    monkeypatch.delenv("CASEWORKER_PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "5201")
    assert config.load()["PUBLIC_URL"] == "http://127.0.0.1:5201"
    monkeypatch.delenv("PORT")
    assert config.load()["PUBLIC_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("CASEWORKER_PUBLIC_URL", "https://enbek.example.kz")
    monkeypatch.setenv("CASEWORKER_AUDIT_KEY", "a-server-key")  # required on a server
    monkeypatch.setenv("PORT", "5201")
    assert config.load()["PUBLIC_URL"] == "https://enbek.example.kz"
