"""Clients that log in through the real login form (with its CSRF token): one over HTTP with
a keep-alive connection, one around Flask's test client. Both answer (status, body)."""
from __future__ import annotations

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

from flask import Flask

from caseworker.demo import PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
JOB = re.compile(r"^/jobs/(\d+)$")
JOB_STATE = re.compile(r'class="job-state job-state-(\w+)"')
JOB_POLL = 0.25  # seconds between two looks at a job's page (the page itself reloads every 3 s)


def _text(body: bytes, content_type: str) -> str:
    """A page as text; a PDF or other binary only as how long it was."""
    if content_type.startswith(("text/", "application/json")):
        return body.decode()
    return f"{len(body)} bytes of {content_type}"


class HttpClient:
    """One connection to 127.0.0.1:port; cookies kept by name, as a browser would."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None,
                 timeout: float = 60):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies = dict(cookies or {})
        self.location = ""  # of the last answer, where it redirected

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = self._send(method, path, body, headers)
        text = _text(response.read(), response.headers.get("Content-Type", ""))
        self.location = urlsplit(response.headers.get("Location", "")).path
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, text

    def _send(self, method: str, path: str, body, headers) -> http.client.HTTPResponse:
        """The answer; sent once more on a new connection when the server had closed the
        kept-alive one while it stood idle (gunicorn keeps one open 2 s): the request never
        reached the app then, so it is sent again, as a browser does."""
        try:
            self.connection.request(method, path, body, headers)
            return self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.connection.close()
            self.connection.request(method, path, body, headers)
            return self.connection.getresponse()

    def close(self) -> None:
        self.connection.close()


class TestClient:
    """Flask's test client in the same process, with the interface of HttpClient."""

    def __init__(self, app: Flask):
        self.client = app.test_client()
        self.location = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        response = self.client.open(path, method=method, data=form)
        self.location = urlsplit(response.headers.get("Location", "")).path
        return response.status_code, _text(response.get_data(), response.content_type or "")


def log_in(client, login: str, password: str = PASSWORD):
    """Log in through the form; returns the client."""
    _, page = client.request("GET", "/login")
    token = CSRF.search(page)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    status, _ = client.request("POST", "/login", {
        "login": login, "password": password, "csrf_token": token.group(1)})
    if status != 302:
        raise RuntimeError(f"login {login} failed: HTTP {status}")
    return client


def csrf_token(client, page: str = "/people/") -> str:
    """The CSRF token of the client's session, from a page with a form."""
    _, body = client.request("GET", page)
    token = CSRF.search(body)
    if token is None:
        raise RuntimeError(f"no CSRF token on {page}")
    return token.group(1)


def fetch(client, path: str, form: dict | None = None) -> str:
    """GET a page that must answer 200, or POST a form that must answer with a redirect."""
    if form is None:
        status, body = client.request("GET", path)
    else:
        status, body = client.request("POST", path, form)
    if status != (200 if form is None else 302):
        raise RuntimeError(f"{'GET' if form is None else 'POST'} {path}: HTTP {status}")
    return body


def fetch_job(client, path: str, seconds: float) -> str:
    """GET a page that starts a background job (an export too large for a request) and follow
    it as its user does: the job's page until the job is done, then its result, which must
    answer 200. The time of the call is the time the user waits for the file."""
    status, _ = client.request("GET", path)
    job = JOB.match(client.location) if status == 303 else None
    if job is None:
        raise RuntimeError(f"GET {path}: HTTP {status}, not a job")
    page = client.location
    deadline = time.monotonic() + seconds
    while True:
        status, body = client.request("GET", page)
        state = JOB_STATE.search(body) if status == 200 else None
        if state is None:
            raise RuntimeError(f"GET {page}: HTTP {status}")
        if state.group(1) == "done":
            break
        if state.group(1) == "failed":
            raise RuntimeError(f"{page} failed")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{page} not done after {seconds:.0f} s ({state.group(1)})")
        time.sleep(JOB_POLL)
    status, body = client.request("GET", f"{page}/result")
    if status != 200:
        raise RuntimeError(f"GET {page}/result: HTTP {status}")
    return body
