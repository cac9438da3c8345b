from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseworker import audit
from caseworker.auth import operations
from caseworker.auth.forms import LanguageForm, LoginForm
from caseworker.extensions import db

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("main.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("main.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
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
                audit.record("login", "user", user.id, user=user)
                db.session.commit()
                return redirect(safe_next(form.next.data))
    return render_template("auth/login.html", form=form), 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    audit.record("logout", "user", current_user.id)
    logout_user()
    db.session.commit()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
def language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in ("kk", "ru", "en"):
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            current_user.language = form.lang.data
            db.session.commit()
    return redirect(safe_next(form.next.data))
