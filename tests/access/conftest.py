"""One world for the whole package of access tests (tests/access/world.py), the signed-in
sessions of its users, and `probe`, the one check of a matrix entry."""
from __future__ import annotations

import pytest

from tests.access.matrix import expected
from tests.access.sent import API_BODY, API_HEADERS, MAY_CHANGE, POST_DATA
from tests.access.world import LOGIN, REFUSALS, build_world, snapshot, split_key, url_of
from tests.conftest import csrf_from, empty_tables, login


@pytest.fixture(autouse=True)
def _clean():
    """Replaces conftest's emptying of the tables after each test: here one world serves the
    whole package (see `shared`), and the package empties the tables when it is done."""
    yield


@pytest.fixture(scope="package")
def shared(app):
    """The package's world, and the signed-in sessions of its users. A case that changed data
    marks it dirty, and the world is built anew before the next case."""
    with app.app_context():
        empty_tables(app)
        state = {"world": build_world(), "sessions": {}, "dirty": False}
    yield state
    with app.app_context():
        empty_tables(app)


@pytest.fixture
def world(app, shared):
    yield shared["world"]
    if shared["dirty"]:
        with app.app_context():
            empty_tables(app)
            shared.update(world=build_world(), sessions={}, dirty=False)


def signed_in(app, client, sessions: dict, role: str) -> str:
    """Sign `client` in as a role (or leave it anonymous); returns a CSRF token. Each role logs
    in once per `sessions` (a world's); later calls reuse its session cookie."""
    if role == "anonymous":
        return csrf_from(client.get("/login").get_data(as_text=True))
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    if role in sessions:
        cookie, token = sessions[role]
        client.set_cookie(cookie_name, cookie)
        return token
    response = login(client, role)
    assert response.status_code == 200 and response.request.path != "/login", role
    token = csrf_from(response.get_data(as_text=True))
    sessions[role] = (client.get_cookie(cookie_name).value, token)
    return token


@pytest.fixture
def sign_in(app, client, shared):
    """`signed_in` with the shared world's sessions."""
    return lambda role: signed_in(app, client, shared["sessions"], role)


@pytest.fixture
def probe(app, client, shared, world, sign_in):
    """Check one matrix entry: the route as the role, about the record of the relation,
    answers as the matrix says, and changes nothing unless it may."""
    def _probe(key: str, role: str, relation: str | None) -> None:
        method, endpoint, rule_text = split_key(key)
        url = url_of(app, endpoint, rule_text, world, relation)
        want = expected(key, role, relation)
        if endpoint.startswith("api."):  # token-authenticated JSON
            secret = world["secrets"].get(role)
            headers = API_HEADERS.get(key, {}) | (
                {"Authorization": f"Bearer {secret}"} if secret else {})
            before = snapshot(app)
            response = client.open(url, method=method, headers=headers,
                                   json=None if method == "GET" else API_BODY.get(key, {}))
        else:
            token = sign_in(role)
            before = snapshot(app)
            response = client.open(url, method=method, data=None if method == "GET" else {
                "csrf_token": token, **POST_DATA.get(key, {})})
        changed = snapshot(app) != before
        shared["dirty"] |= changed
        got = response.status_code
        assert got != 500, f"{method} {url} as {role}: server error"
        if want == LOGIN:
            assert got == 302 and response.location.startswith("/login"), (
                f"{method} {url} as {role}: {got} {response.location}, expected the login page")
        else:
            assert got == want, f"{method} {url} as {role} ({relation}): {got}, expected {want}"
        may_change = key in MAY_CHANGE and want not in REFUSALS
        assert may_change or not changed, f"{method} {url} as {role} ({relation}) changed data"
    return _probe
