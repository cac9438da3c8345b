from __future__ import annotations

from datetime import timedelta

from flask import (Blueprint, Response, abort, current_app, jsonify, request, redirect,
                   render_template, url_for)
from flask_login import current_user, login_required
from sqlalchemy import text

from caseworker import audit, clock, observe, policy
from caseworker.casework import worklist
from caseworker.casework.pages import caseload_context
from caseworker.config import local_only
from caseworker.domain.suppression import suppress
from caseworker.indicators import dashboard
from caseworker.extensions import db
from caseworker.jobs.queue import huey
from caseworker.main import queries

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    user = current_user
    if policy.can(user, "caseload.own"):
        # The caseload page is this user's home (the same context as /caseload).
        context = caseload_context(user, request.args, clock.today())
        db.session.commit()
        return render_template("casework/caseload.html", **context)
    context: dict = {"suppressed": not policy.sees_persons(user),
                     "work": worklist.items(user, worklist.fresh(user))}
    if policy.sees_persons(user):
        context["by_status"] = dict(db.session.execute(queries.persons_by_status(user)).all())
        context["recent"] = db.session.scalars(queries.recent_persons(user)).all()
        audit.record("person.list", "person", None)
    if policy.person_scope(user) == "region":
        context["by_district"] = db.session.execute(queries.persons_by_district(user)).all()
    if policy.can(user, "caseload.review"):
        context["team"] = db.session.execute(queries.team(user)).all()
    if policy.can(user, "regions.compare"):
        rows = db.session.execute(queries.persons_by_region()).all()
        counts = [n for _, n in rows]
        shown = suppress(counts) if context["suppressed"] else counts
        context["by_region"] = [(region, n) for (region, _), n in zip(rows, shown)]
    if policy.can(user, "dashboard.view"):
        context.update(dashboard.context(user, request.args))
    if policy.can(user, "users.manage"):
        context["users_by_role"] = db.session.execute(queries.users_by_role()).all()
        context["public_url"] = current_app.config["PUBLIC_URL"]
        context["public_url_local"] = local_only(context["public_url"])
        context["audit_from"] = clock.today() - timedelta(days=30)  # the export's first day
    db.session.commit()
    return render_template(f"main/home_{user.role}.html", **context)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on pages without a link to the icon (a PDF, a JSON answer)."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        return jsonify(status="ok", database="ok")
    except Exception:  # the answer is the status, never a stack trace
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503


@bp.route("/healthz/live")
def healthz_live():
    """The process answers (for a supervisor that restarts it when it does not)."""
    return jsonify(status="ok")


@bp.route("/healthz/ready")
def healthz_ready():
    """Ready to serve: the database, Redis when configured, and the queue's storage answer."""
    checks = observe.readiness(current_app, huey)
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if ready else "error", **checks), 200 if ready else 503


@bp.route("/metrics")
def metrics():
    """Prometheus' text format, for the addresses or the token the configuration names."""
    if not observe.may_read_metrics(current_app.config, request.remote_addr,
                                    request.headers.get("Authorization")):
        abort(404)
    body, content_type = observe.metrics_text()
    return Response(body, content_type=content_type)
