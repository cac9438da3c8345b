"""Seeing the app run: request metrics for /metrics (Prometheus' text format), one JSON log line
per request, and the readiness of what the app needs (database, Redis, the queue).

Under gunicorn each worker process counts its own requests; with PROMETHEUS_MULTIPROC_DIR set
(gunicorn.conf.py sets it) the processes write their counts to files there and /metrics adds
them up, so the answer does not depend on which worker serves the scrape. The queue's depth and
age and the database pool are read when /metrics is asked for."""
from __future__ import annotations

import ipaddress
import logging
import os
import sys
import time
from flask import Flask, g, request
from flask_login import current_user
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram,
                               generate_latest, multiprocess)
from prometheus_client.core import GaugeMetricFamily
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import func, select, text

from caseworker import clock
from caseworker.extensions import db
from caseworker.models import Job

REQUEST_SECONDS = Histogram(
    "caseworker_request_seconds", "Time to answer a request, by endpoint",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10))
REQUESTS = Counter("caseworker_requests", "Requests answered, by endpoint and status class",
                   ["endpoint", "method", "status"])
ERRORS = Counter("caseworker_request_errors", "Requests answered with a server error (5xx)",
                 ["endpoint"])

log = logging.getLogger("caseworker.request")


def setup(app: Flask) -> None:
    """Time every request, count it, and write its log line."""
    _log_handler(app)

    @app.before_request
    def _started():
        g.started = time.perf_counter()

    @app.after_request
    def _observed(response):
        started = g.pop("started", None)
        if started is None:
            return response
        seconds = time.perf_counter() - started
        endpoint = request.endpoint or "unknown"  # a rule's name, never a path with ids in it
        REQUEST_SECONDS.labels(endpoint, request.method).observe(seconds)
        REQUESTS.labels(endpoint, request.method, f"{response.status_code // 100}xx").inc()
        if response.status_code >= 500:
            ERRORS.labels(endpoint).inc()
        log.info("request", extra={
            "request_id": g.get("request_id", ""),
            "user_id": current_user.id if current_user and current_user.is_authenticated
            else None,
            "endpoint": endpoint, "method": request.method,
            "status": response.status_code, "ms": round(seconds * 1000, 1)})
        return response


def _log_handler(app: Flask) -> None:
    """One line per request on standard error. The line carries the request id and the
    user's id, never a name, an IIN or a path's parameters."""
    if app.config.get("TESTING") or log.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(request_formatter(app.config.get("LOG_FORMAT", "json")))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def request_formatter(kind: str) -> logging.Formatter:
    """JSON lines (the default, for a log collector) or plain text (`LOG_FORMAT=text`)."""
    if kind == "text":
        return logging.Formatter("%(asctime)s %(request_id)s user=%(user_id)s %(method)s "
                                 "%(endpoint)s %(status)s %(ms)sms")
    return JsonFormatter("{asctime}{levelname}{message}", style="{",
                         rename_fields={"asctime": "time", "levelname": "level"})


def may_read_metrics(config: dict, address: str | None, authorization: str | None) -> bool:
    """/metrics is for the monitoring: a caller from an allowed address or network, or one
    that shows the configured token. Everyone else is told the page does not exist."""
    token = config.get("METRICS_TOKEN")
    if token and authorization == f"Bearer {token}":
        return True
    try:
        caller = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for entry in (config.get("METRICS_ALLOW") or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            if caller in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue  # a mistyped entry allows nobody
    return False


class _Live:
    """What is read at the time of the scrape: the queue and the database pool."""

    def collect(self):
        depth = GaugeMetricFamily("caseworker_jobs", "Jobs by state", labels=["state"])
        rows = db.session.execute(
            select(Job.state, func.count(), func.min(Job.created_at))
            .where(Job.state.in_(("queued", "running"))).group_by(Job.state)).all()
        oldest = None
        counts = {"queued": 0, "running": 0}
        for state, n, first in rows:
            counts[state] = n
            if state == "queued":
                oldest = first
        for state, n in counts.items():
            depth.add_metric([state], n)
        yield depth
        age = GaugeMetricFamily("caseworker_jobs_oldest_queued_seconds",
                                "Age of the oldest job waiting for a worker (0 when none)")
        age.add_metric([], (clock.utcnow() - oldest).total_seconds() if oldest else 0)
        yield age
        pool = db.engine.pool
        for name, read in (("size", "size"), ("checked_out", "checkedout"),
                           ("overflow", "overflow")):
            if hasattr(pool, read):
                yield GaugeMetricFamily(f"caseworker_db_pool_{name}",
                                        f"Database pool: {name.replace('_', ' ')} "
                                        "(of the process that answers)",
                                        value=getattr(pool, read)())


def metrics_text() -> tuple[bytes, str]:
    """The answer of /metrics: every process's request counts, and the live readings."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY
        registry = REGISTRY
    body = generate_latest(registry) + generate_latest(_live_registry())
    db.session.rollback()
    return body, CONTENT_TYPE_LATEST


def _live_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(_Live())
    return registry


def readiness(app: Flask, queue) -> dict[str, str]:
    """Each thing the app needs to serve, "ok" or what is wrong with it; `queue` is the task
    queue (a huey instance), whose storage must answer."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # the answer is the state, never a stack trace
        db.session.rollback()
        checks["database"] = "unavailable"
    if app.config.get("REDIS_URL"):
        import redis
        try:
            redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "unavailable"
    try:
        queue.pending_count()
        checks["queue"] = "ok"
    except Exception:
        checks["queue"] = "unavailable"
    return checks
