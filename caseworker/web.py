"""Request plumbing shared by every blueprint: login loading, locale, request ids, headers,
error pages and template helpers. Shared kit: it imports no feature (a feature's own template
helpers are added by the feature or by `create_app`; the API hands in its error answers)."""
from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime

from flask import (
    Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_required, logout_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from caseworker import audit, clock, labels, policy, sessions
from caseworker.domain import hyphens
from caseworker.domain.dates import age
from caseworker.domain.event_dates import late
from caseworker.extensions import db
from caseworker.models import User
from caseworker.forms import flash_errors
from caseworker.refusals import Refused, committed, settle

log = logging.getLogger("caseworker")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


def setup_login(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = None  # the login page explains itself

    @manager.user_loader
    def load(session_id: str) -> User | None:
        user_id, _, counter = session_id.partition(":")
        if not user_id.isdigit() or not counter.isdigit():
            return None
        # None when the session was ended, has expired or predates session rows, or the
        # user's counter moved on (all sessions ended) or the user is not active
        return sessions.user_of(int(user_id), int(counter))


def staff_pages(name: str, import_name: str, **options) -> Blueprint:
    """A blueprint every page of which is for a logged-in user: what `login_required` does for
    one view, done once for all of them, so that no page of it can be left open by mistake.
    A feature with a public page (the letter check, the login page) keeps it in a blueprint
    of its own kind and marks its logged-in views one by one."""
    blueprint = Blueprint(name, import_name, **options)
    blueprint.before_request(_logged_in_first)
    return blueprint


def list_page(action: str, template: str, context) -> str:
    """A feature's list: the role may see it (`action`), and the page shows what `context`
    makes of the user and the query's filters."""
    policy.require(current_user, action)
    return render_template(template, **context(current_user, request.args))


# Flask-Login's own check, asked before a view rather than around it: None for a logged-in
# user (the view runs), else the login manager's answer (the login page)
_logged_in_first = login_required(lambda: None)


def select_locale() -> str:
    languages = ("kk", "ru", "en")
    if request.path.startswith("/api/") and request.accept_languages:
        # a client of the API says its language in each request; its user's is the default
        asked = request.accept_languages.best_match(languages)
        if asked:
            return asked
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return request.accept_languages.best_match(languages) or "ru"


def setup_requests(app: Flask) -> None:
    @app.before_request
    def _request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if incoming.isalnum() and len(incoming) <= 40 else uuid.uuid4().hex

    @app.before_request
    def _session_age():
        """Idle and absolute time limits of a session (settings in minutes and hours)."""
        if (request.endpoint == "static" or request.path.startswith("/api/")
                or not current_user.is_authenticated):
            return None
        now = time.time()
        started, seen = session.setdefault("started", now), session.get("seen", now)
        idle = app.config["SESSION_IDLE_MINUTES"] * 60
        if now - seen > idle or now - started > app.config["SESSION_MAX_HOURS"] * 3600:
            logout_user()
            session.clear()
            flash(_("Your session has ended. Please log in again."), "info")
            return redirect(url_for("auth.login", next=request.full_path if
                                    request.method == "GET" else None))
        session["seen"] = now
        sessions.touch()
        return None

    @app.after_request
    def _headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if current_user and current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        if app.config["HSTS_SECONDS"] and (request.is_secure
                                           or app.config["PUBLIC_URL"].startswith("https://")):
            response.headers["Strict-Transport-Security"] = (
                f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains")
        return response


ERROR_CODES = (400, 403, 404, 405, 409, 429, 500)


def show_refusal(refused: Refused, form=None) -> None:
    """How a page says an operation's refusal: beside its field when the form has that field,
    otherwise as a message at the top. Nothing of the request is kept (rolled back), but what
    the refusal keeps (an audited look)."""
    settle(refused)
    field = getattr(form, refused.field, None) if form is not None and refused.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*(field.errors or []), str(refused.message)]
    else:
        flash(str(refused.message), "danger")


def submitted(form, step, done) -> bool:
    """A page's form sent to its use case: when the form is valid, run `step` (the operation)
    and commit, flash `done` and answer True; a refusal is shown as `show_refusal` shows it
    and answers False, as does a form that is not valid (its errors beside its fields)."""
    if not form.validate_on_submit():
        return False
    return _carried_out(step, done, form)


def sent(form, step, done) -> bool:
    """`submitted` for a form whose page is left after it (a redirect back): a form that is
    not valid, and a refusal, say themselves as messages at the top of the next page."""
    if not form.validate_on_submit():
        flash_errors(form)
        return False
    return _carried_out(step, done)


def _carried_out(step, done, form=None) -> bool:
    """`done`: the message, or what to say of the step's result (a function of it)."""
    try:
        result = committed(step)
    except Refused as refused:
        show_refusal(refused, form)
        return False
    flash(done(result) if callable(done) else done, "success")
    return True


def _back_to_referrer():
    """The page the form was sent from, when it is one of ours; else None."""
    target = request.referrer or ""
    if target.startswith(request.host_url):
        return redirect(target, 303)
    return None


API_ERRORS = "caseworker_api_errors"  # app.extensions key: the API's (error_response, refused)


def _api_errors():
    """The API's own answers to an error, (error_response, handle_refused), for a request
    under /api/ (the API answers in JSON, never HTML); None for the pages."""
    if request.path.startswith("/api/"):
        return current_app.extensions.get(API_ERRORS)
    return None


def setup_errors(app: Flask) -> None:
    def page(code: int, headers: dict | None = None):
        if (api := _api_errors()) is not None:
            response = api[0](code)
        else:
            response = current_app.make_response(
                (render_template("errors/error.html", code=code), code))
        response.headers.update(headers or {})
        return response

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        audit.keep_refused()
        code = error.code if error.code in ERROR_CODES else 400
        if isinstance(error, CSRFError):
            code = 400
        headers = {}
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)  # what the address does take
        return page(code, headers)

    @app.errorhandler(Refused)
    def _refused(refused: Refused):
        """A refusal no view caught: the message on the page the form came from."""
        if (api := _api_errors()) is not None:
            return api[1](refused)
        show_refusal(refused)
        back = _back_to_referrer()
        if back is not None:
            return back
        return render_template("errors/error.html", code=refused.status,
                               message=refused.message), refused.status

    @app.errorhandler(StaleDataError)
    def _stale(_error):
        db.session.rollback()
        return page(409)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        log.exception("unhandled error, request %s", g.get("request_id"))
        return page(500)


def setup_templates(app: Flask) -> None:
    # Globals rather than a context processor, so imported macros see them too.
    app.jinja_env.globals.update(
        # the user behind the proxy, once: `can` reads several of its attributes, and each
        # read through `current_user` looks the user up again (a page asks `can` dozens of times)
        can=lambda action, obj=None: policy.can(current_user._get_current_object(), action, obj),
        role_label=lambda code: labels.label(labels.ROLES, code),
        file_action_label=labels.file_action,
        status_label=lambda code: labels.label(labels.STATUSES, code),
        sex_label=lambda code: labels.label(labels.SEXES, code),
        education_label=lambda code: labels.label(labels.EDUCATION, code),
        field_label=lambda code: labels.label(labels.FIELDS, code),
        segment_label=lambda code: labels.label(labels.SEGMENTS, code),
        reason_label=lambda code: labels.label(labels.REASONS, code),
        verdict_label=lambda code: labels.label(labels.VERDICTS, code),
        referral_label=lambda code: labels.label(labels.REFERRAL_STATUSES, code),
        action_label=lambda code: labels.label(labels.TRANSITION_ACTIONS, code),
        wf_reason_label=lambda code: labels.label(labels.WORKFLOW_REASONS, code),
        employer_reason_label=lambda code: labels.label(labels.EMPLOYER_REASONS, code),
        provider_kind_label=lambda code: labels.label(labels.PROVIDER_KINDS, code),
        project_jobs_label=lambda code: labels.label(labels.PROJECT_JOBS, code),
        period_label=lambda code: labels.label(labels.BENEFIT_PERIODS, code),
        outcome_label=lambda code: labels.label(labels.OUTCOMES, code),
        source_label=lambda code: labels.label(labels.SOURCES, code),
        channel_label=lambda code: labels.label(labels.CHANNELS, code),
        topic_label=lambda code: labels.label(labels.TOPICS, code),
        review_label=lambda code: labels.label(labels.REVIEW, code),
        transfer_label=lambda code: labels.label(labels.TRANSFER_STATUSES, code),
        factor_text=lambda f: str(labels.FACTORS.get(f.code, f.code)) % {"value": f.value},
        # an event (its day) entered (a stored UTC timestamp) more than the days allowed after
        entered_late=lambda happened, entered: bool(entered) and late(happened,
                                                                      clock.local(entered)),
    )

    @app.context_processor
    def _request_values():
        return {"current_locale": str(get_locale()), "request_id": g.get("request_id"),
                "today": clock.today()}

    @app.template_filter("language_label")
    def _language(code: str) -> str:
        return labels.label(labels.LANGUAGES, code)

    @app.template_filter("hyphenate")
    def _hyphenate(text) -> str:
        """Soft hyphens at the syllable breaks of long words (narrow table headers)."""
        return hyphens.soft(str(text), str(get_locale()))

    @app.template_filter("age")
    def _age(born) -> int:
        return age(born, clock.today())

    @app.template_filter("date")
    def _date(value) -> str:
        """A day; a timestamp's day in local time (naive timestamps are stored UTC)."""
        if isinstance(value, datetime):
            value = clock.local(value).date()
        # numeric day, month and year read the same in every language the app speaks: no
        # locale's pattern needs looking up (a page shows a hundred dates)
        return value.strftime("%d.%m.%Y") if value else "—"

    @app.template_filter("moment")
    def _moment(value) -> str:
        """A timestamp's local day and time (naive timestamps are stored UTC)."""
        return clock.local(value).strftime("%d.%m.%Y %H:%M") if value else "—"

    @app.template_filter("wall")
    def _wall(value):
        """A local wall-clock time (a contact's time as typed), made aware for the filters."""
        return clock.aware_local(value) if value else value

