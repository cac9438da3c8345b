"""Measuring a case: in-process (server time and SQL statements per request), over HTTP
(latency sequentially, throughput with a few clients at once), and the floors."""
from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import Flask
from sqlalchemy import event

from bench.cases import Case, Subjects, user_of
from bench.clients import HttpClient, TestClient, csrf_token, fetch, fetch_job, log_in
from bench.limits import DEADLINE
from bench.timing import Timing, timed
from caseworker.extensions import db


JOB_SECONDS = 300  # the longest a case's background job is followed


@dataclass(frozen=True)
class Settings:
    requests: int = 300
    warmup: int = 20
    concurrency: int = 4
    seconds: float = 30  # the most any one loop may take


@dataclass
class Server:
    """A case measured in-process: its server time, its statements, its raw SQL."""
    timing: Timing
    statements: tuple[int, int]  # fewest and most per request
    sql: Timing


@dataclass
class Http:
    sequential: Timing
    concurrent: Timing


def _run(make_call: Callable[[], Callable[[int], None]], settings: Settings,
         concurrency: int = 1, warmed: Callable[[], None] = lambda: None) -> Timing:
    """Warm up on one call, tell `warmed`, then time; every call bounded by
    `settings.seconds`."""
    def bounded() -> Callable[[int], None]:
        return DEADLINE.bound(make_call(), settings.seconds)
    warm = bounded()
    timed(lambda: warm, settings.warmup, settings.seconds)
    warmed()
    gc.collect()
    gc.freeze()  # as a server's worker does once it is ready (gunicorn.conf.py)
    return timed(bounded, settings.requests, settings.seconds, concurrency)


def for_case(settings: Settings, case: Case) -> Settings:
    """A case that asks for fewer requests (a long export) gets them, after one warm-up."""
    if case.requests is None:
        return settings
    return replace(settings, requests=case.requests, warmup=1)


def caller(client, case: Case, subjects: Subjects) -> Callable[[int], None]:
    """Request i of the case on this client; a form carries the client's CSRF token."""
    token = csrf_token(client) if case.form else None

    def call(i: int) -> None:
        if case.job:
            fetch_job(client, case.path(subjects, i), JOB_SECONDS)
            return
        form = {**case.form(subjects, i), "csrf_token": token} if case.form else None
        fetch(client, case.path(subjects, i), form)
    return call


class _Counter:
    """Counts the statements sent through an engine."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *_args) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._one)


def server_time(app: Flask, case: Case, subjects: Subjects, settings: Settings) -> Server:
    settings = for_case(settings, case)
    request = caller(log_in(TestClient(app), subjects.logins[case.role]), case, subjects)
    with app.app_context():
        counter = _Counter(db.engine)
    per_request: list[int] = []

    def call(i: int) -> None:
        before = counter.count
        request(i)
        per_request.append(counter.count - before)

    try:
        timing = _run(lambda: call, settings, warmed=per_request.clear)
    finally:
        counter.close()
    return Server(timing, (min(per_request), max(per_request)),
                  raw_sql(app, case, subjects, settings))


def raw_sql(app: Flask, case: Case, subjects: Subjects, settings: Settings) -> Timing:
    """The floor of a page's server time: its queries straight through the engine."""
    settings = for_case(settings, case)
    with app.app_context():
        user = user_of(case.role, subjects)
        timing = _run(lambda: lambda i: case.floor(user, subjects, i), settings)
        db.session.rollback()
    return timing


def weasyprint(settings: Settings) -> Timing:
    """The floor of every PDF: a one-paragraph document, warm, made as the app makes its
    documents (with the thread's font configuration)."""
    from caseworker import pdf

    def call(_i: int) -> None:
        pdf.minimal()
    return _run(lambda: call, settings)


def over_http(port: int, settings: Settings, case: Case | None = None,
              subjects: Subjects | None = None) -> Http:
    """Request i of the case over HTTP (without a case: GET /): one client after the other,
    then `concurrency` at once."""
    opened: list[HttpClient] = [HttpClient(port, timeout=settings.seconds)]
    cookies = log_in(opened[0], subjects.logins[case.role]).cookies if case else {}
    settings = for_case(settings, case) if case else settings

    def make_call() -> Callable[[int], None]:
        client = HttpClient(port, cookies, settings.seconds)
        opened.append(client)
        return caller(client, case, subjects) if case else lambda i: fetch(client, "/")

    try:
        return Http(_run(make_call, settings),
                    _run(make_call, settings, settings.concurrency))
    finally:
        for client in opened:
            client.close()
