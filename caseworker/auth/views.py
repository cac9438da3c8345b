from __future__ import annotations

from urllib.parse import urlsplit

import time

from flask import (
    Blueprint, current_app, flash, redirect, render_template, request, session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseworker import audit, labels
from caseworker.auth import operations
from caseworker.auth.forms import LanguageForm, LoginForm, PasswordForm
from caseworker.domain.passwords import problems
from caseworker.extensions import db, limiter

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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_PER_ADDRESS"], deduct_when=_failed,
               methods=["POST"], error_message="login rate")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_PER_LOGIN"], key_func=_login_key,
               deduct_when=_failed, methods=["POST"], error_message="login rate")
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
            else:
                lang = session.get("lang")
                session.clear()  # a fresh session at login
                if lang:
                    session["lang"] = lang
                login_user(user)
                session["started"] = session["seen"] = time.time()
                audit.record("login", "user", user.id, user=user)
                db.session.commit()
                return redirect(safe_next(form.next.data))
    return render_template("auth/login.html", form=form), 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    audit.record("logout", "user", current_user.id)
    operations.end_sessions(current_user._get_current_object())  # a copied cookie ends too
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
                db.session.commit()
                login_user(current_user._get_current_object())  # this session goes on
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
