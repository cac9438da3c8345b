"""Reports read from a replica, when there is one.

With CASEWORKER_REPORTING_DATABASE_URL set (a read-only streaming replica of the database), the
statements of a reporting request go to the replica: GET requests of the features named in
REPORTING_BLUEPRINTS (the indicator pages, drill-downs, charts and exports) and of the API
endpoints in REPORTING_ENDPOINTS. Everything else reads and writes the primary, and so does a
reporting request as soon as its session has anything to write (the page's audit row is written
at its end, on the primary), and a statement that locks rows.

A page after a save must show the save: a browser whose request wrote something reads the
primary for READ_OWN_WRITES_SECONDS afterwards (a mark in its session cookie, so that every app
server honours it), longer than the replica's usual lag.
"""
from __future__ import annotations

import time

from flask import current_app, g, has_request_context, request, session
from flask_sqlalchemy.session import Session
from sqlalchemy import event, inspect
from sqlalchemy.sql import Select

BIND = "reporting"
PRIMARY_UNTIL = "primary_until"  # the session cookie's mark: read the primary until then


class RoutingSession(Session):
    """The app's session: reads of a reporting request from the replica, the rest as usual."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and _to_replica(self, clause) and not _about_access(mapper, clause):
            return self._db.engines[BIND]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def _to_replica(sess: Session, clause) -> bool:
    if not (has_request_context() and g.get("reporting_read")):
        return False
    if sess._flushing or (_tables(sess) | sess.info.get("wrote", set())) - NOT_A_SAVE:
        return False
    return clause is None or (isinstance(clause, Select) and clause._for_update_arg is None)


# Who may do what is read where it is written: a revoked token, a deactivated user or a
# session ended elsewhere must count at once, not after the replica's lag.
ACCESS_TABLES = frozenset({"user", "api_token", "user_session"})


def _about_access(mapper, clause) -> bool:
    if mapper is not None and inspect(mapper).local_table.name in ACCESS_TABLES:
        return True
    froms = clause.get_final_froms() if isinstance(clause, Select) else ()
    return any(getattr(table, "name", None) in ACCESS_TABLES for table in froms)


def configure(app) -> None:
    """Add the replica's engine (when configured) and mark the requests that read from it."""
    url = app.config.get("REPORTING_DATABASE_URL")
    if not url:
        return
    binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})
    binds[BIND] = {"url": url, **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
    app.config["SQLALCHEMY_BINDS"] = binds

    @app.before_request
    def _mark_reporting():
        g.reporting_read = (request.method == "GET" and is_reporting(request)
                            and session.get(PRIMARY_UNTIL, 0) < time.time())


def is_reporting(req) -> bool:
    return (req.blueprint in current_app.config["REPORTING_BLUEPRINTS"]
            or req.endpoint in current_app.config["REPORTING_ENDPOINTS"])


# Rows a request writes beside its work (the audit, a login's counters): no reason to leave the
# replica after them.
NOT_A_SAVE = frozenset({"audit_event", "user", "api_token", "idempotency_key", "user_session",
                        "login_failure", "recovery_code"})


def _tables(sess) -> set[str]:
    """The tables of what the session holds to write."""
    return {getattr(o, "__tablename__", "") for o in (*sess.new, *sess.dirty, *sess.deleted)}


@event.listens_for(RoutingSession, "after_flush")
def _wrote(sess, _context):
    sess.info.setdefault("wrote", set()).update(_tables(sess))


@event.listens_for(RoutingSession, "after_commit")
def _committed(sess):
    """After a save (a request other than GET that wrote what a report may show), its browser
    reads the primary for a while."""
    tables = sess.info.pop("wrote", set())
    if tables - NOT_A_SAVE and has_request_context() and request.method != "GET" \
            and current_app.config.get("REPORTING_DATABASE_URL"):
        session[PRIMARY_UNTIL] = time.time() + current_app.config["READ_OWN_WRITES_SECONDS"]


@event.listens_for(RoutingSession, "after_rollback")
def _rolled_back(sess):
    sess.info.pop("wrote", None)
