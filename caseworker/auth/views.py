"""Logins (the password, then the second factor's code where it is on), logout, one's own
password, sessions and second factor, and the interface's language."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import segno
from flask import (
    Blueprint, current_app, flash, redirect, render_template, request, session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseworker import audit, clock, labels, policy, sessions
from caseworker.auth import operations, second_factor
from caseworker.auth.forms import ButtonForm, CodeForm, LanguageForm, LoginForm, PasswordForm
from caseworker.domain.passwords import problems
from caseworker.domain.sessions import device
from caseworker.extensions import db, limiter
from caseworker.models import User
from caseworker.refusals import REFUSALS, Refused
from caseworker.web import show_refusal

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("main.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("main.home")
    return target


def _login_key() -> str:
    """The rate limit's key: the login typed into the form (the token is checked later)."""
    return "login:" + operations.normalise(LoginForm(meta={"csrf": False}).login.data or "")[:80]


def _failed(response) -> bool:
    """An attempt that did not log in (a login redirects): only these count towards the
    limits, so that a centre whose staff share one address is not locked out at 9 o'clock."""
    return response.status_code != 302


def _limited(key_func):
    """The login limits of a step of the login: per address, and per login (`key_func`)."""
    def decorate(view):
        per_login = limiter.limit(lambda: current_app.config["LOGIN_RATE_PER_LOGIN"],
                                  key_func=key_func, deduct_when=_failed, methods=["POST"],
                                  error_message="login rate")
        per_address = limiter.limit(lambda: current_app.config["LOGIN_RATE_PER_ADDRESS"],
                                    deduct_when=_failed, methods=["POST"],
                                    error_message="login rate")
        return per_address(per_login(view))
    return decorate


@bp.route("/login", methods=["GET", "POST"])
@_limited(_login_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        if operations.lock_end(form.login.data) is not None:
            flash(_("Too many failed attempts. This login is locked for 15 minutes."), "danger")
        else:
            user = operations.authenticate(form.login.data, form.password.data)
            if user is None:
                db.session.commit()
                flash(_("Wrong login or password, or the account is not active."), "danger")
            elif user.totp_enabled:
                _fresh_session()
                session[PENDING] = {"user": user.id, "counter": user.session_counter,
                                    "at": time.time(), "next": form.next.data or ""}
                return redirect(url_for("auth.login_code"))
            else:
                return _logged_in(user, form.next.data)
    return render_template("auth/login.html", form=form), 200


PENDING = "second_factor_for"  # the user whose password was right, until their code is
PENDING_SECONDS = 300


def _fresh_session() -> None:
    lang = session.get("lang")
    session.clear()  # a fresh session at login
    if lang:
        session["lang"] = lang


def _logged_in(user, target: str | None, with_code: bool = False):
    _fresh_session()
    login_user(user)
    if with_code:
        sessions.mark_second_factor()
    session["started"] = session["seen"] = time.time()
    operations.log_in(user)
    db.session.commit()
    return redirect(safe_next(target))


def _pending_user():
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = db.session.get(User, pending.get("user"))
    if (user is None or not user.active or not user.totp_enabled
            or user.session_counter != pending.get("counter")):
        return None, None
    return user, pending


def _code_key() -> str:
    pending = session.get(PENDING)
    return f"code:{pending.get('user') if isinstance(pending, dict) else ''}"


@bp.route("/login/code", methods=["GET", "POST"])
@_limited(_code_key)
def login_code():
    """The second step of a login with a second factor: a code, or a recovery code."""
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Log in with your password again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if operations.lock_end(user.login) is not None:
            flash(_("Too many failed attempts. This login is locked for 15 minutes."), "danger")
        elif second_factor.check(user, form.code.data, clock.utc_now().timestamp()):
            return _logged_in(user, pending.get("next"), with_code=True)
        else:
            db.session.commit()  # the failure counts
            form.code.errors.append(str(REFUSALS["code_wrong"].message))
    return render_template("auth/code.html", form=form), 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    operations.log_out(current_user._get_current_object())  # a copied cookie ends too
    logout_user()
    db.session.commit()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not operations.check_password(current_user, form.current.data):
            form.current.errors.append(_("The current password is not right."))
        elif form.new.data != form.repeat.data:
            form.repeat.errors.append(_("The two new passwords differ."))
        else:
            found = problems(form.new.data, current_user.login)
            if found:
                form.new.errors.extend(str(labels.PASSWORD_PROBLEMS[p]) for p in found)
            else:
                operations.set_password(current_user, form.new.data)
                audit.record("password.change", "user", current_user.id)
                login_user(current_user._get_current_object())  # this session goes on
                sessions.start(current_user)
                db.session.commit()
                session["started"] = session["seen"] = time.time()
                flash(_("Your password is changed; other sessions are closed."), "success")
                return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["POST"])
def language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in ("kk", "ru", "en"):
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            current_user.language = form.lang.data
            db.session.commit()
    return redirect(safe_next(form.next.data))


@bp.route("/account/sessions")
@login_required
def sessions_page():
    """The user's own sessions: device, address, started, last seen; each can be ended."""
    return render_template("auth/sessions.html", rows=sessions.of_user(current_user.id),
                           this=sessions.current(current_user), device=device,
                           form=ButtonForm())


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):
    if ButtonForm().validate_on_submit():
        try:
            operations.end_session(current_user, session_id)
            db.session.commit()
            flash(_("The session has ended."), "success")
        except Refused as refused:
            show_refusal(refused)
    return redirect(url_for("auth.sessions_page"), 303)


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    if ButtonForm().validate_on_submit():
        ended = operations.end_other_sessions(current_user)
        db.session.commit()
        flash(_("%(n)d other sessions have ended.", n=ended), "success")
    return redirect(url_for("auth.sessions_page"), 303)


def _second_factor_page(form=None, codes=None, status=200):
    user = current_user._get_current_object()
    uri = second_factor.pending_uri(user)
    return render_template(
        "auth/second_factor.html", form=form or CodeForm(), button=ButtonForm(), codes=codes,
        uri=uri, qr=segno.make(uri, error="m").svg_data_uri(scale=5) if uri else None,
        secret=second_factor.pending_secret(user) if uri else None,
        required=policy.second_factor_required(user),
        left=second_factor.recovery_left(user) if user.totp_enabled else None), status


@bp.route("/account/second-factor")
@login_required
def second_factor_page():
    return _second_factor_page()


@bp.route("/account/second-factor/start", methods=["POST"])
@login_required
def second_factor_start():
    if ButtonForm().validate_on_submit():
        try:
            second_factor.begin(current_user)
            db.session.commit()
        except Refused as refused:
            show_refusal(refused)
    return redirect(url_for("auth.second_factor_page"), 303)


@bp.route("/account/second-factor/<any(confirm, recovery, off):step>", methods=["POST"])
@login_required
def second_factor_step(step: str):
    """Confirm the enrolment, renew the recovery codes or turn the second factor off, each
    with a current code; new recovery codes are shown in this answer only."""
    form = CodeForm()
    if not form.validate_on_submit():
        return _second_factor_page(form, status=422)
    act = {"confirm": second_factor.confirm, "recovery": second_factor.renew_recovery,
           "off": second_factor.turn_off}[step]
    try:
        codes = act(current_user, form.code.data, clock.utc_now().timestamp())
    except Refused as refused:
        show_refusal(refused, form)
        return _second_factor_page(form, status=refused.status)
    db.session.commit()
    if step == "confirm":
        sessions.mark_second_factor()
    if step == "off":
        flash(_("The second factor is off."), "success")
        return redirect(url_for("auth.second_factor_page"), 303)
    return _second_factor_page(codes=codes)


@bp.before_app_request
def _account_first():
    """Before anything else: a password of one's own where an admin set it, then a second
    factor where the role requires one and there is none (the API's tokens are not
    affected)."""
    if (not current_user.is_authenticated or request.path.startswith("/api/")
            or request.endpoint in ALWAYS):
        return None
    if current_user.must_change_password:
        if request.endpoint in ("auth.password",):
            return None
        flash(_("Your password was set by an administrator: choose your own to go on."), "info")
        return redirect(url_for("auth.password"))
    if (request.endpoint in ENROLMENT or not policy.second_factor_required(current_user)
            or current_user.totp_enabled):
        return None
    return redirect(url_for("auth.second_factor_page"))


ALWAYS = {"static", "auth.logout", "auth.language", "auth.login", "main.healthz",
          "main.healthz_live", "main.healthz_ready", "main.favicon"}
ENROLMENT = {"auth.second_factor_page", "auth.second_factor_start", "auth.second_factor_step"}
