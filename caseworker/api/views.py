"""Pages that go with the API: a user's tokens (made here, shown once, revoked here; an admin
revokes anyone's), the OpenAPI document and a page that shows it to people."""
from __future__ import annotations

import secrets

from flask import (
    Blueprint, abort, current_app, flash, jsonify, redirect, render_template, session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from caseworker import policy, sessions
# the JSON routes hang themselves on spec.blp when imported; spec.init registers it
from caseworker.api import (  # noqa: F401
    allocations, answer_links, calendar, contacts, episodes, imports, indicators,
    measures, offers, payments, persons, providers, referrals, regions, vacancies)
from caseworker.api import spec, tokens
from caseworker.api.forms import RevokeForm, TokenForm
from caseworker.extensions import db
from caseworker.models import ApiToken
from caseworker.refusals import Refused
from caseworker.web import show_refusal

bp = Blueprint("api_pages", __name__)
FORMS_SHOWN = "token_forms"  # the session's last few token forms not yet sent


@bp.record_once
def _init_api(state) -> None:
    spec.init(state.app)


def openapi() -> dict:
    return spec.document(current_app.extensions["caseworker_api"])


@bp.route("/api/v1/openapi.json")
def openapi_json():
    return jsonify(openapi())


@bp.route("/api/v1/docs")
def docs():
    document = openapi()
    operations = []
    for path, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method == "parameters":
                continue
            operations.append({"method": method.upper(), "path": path, "op": op,
                               "parameters": shared + op.get("parameters", [])})
    return render_template("api/docs.html", document=document, operations=operations,
                           schemas=document.get("components", {}).get("schemas", {}))


def _visible_tokens():
    stmt = select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    if not policy.can(current_user, "users.manage"):
        stmt = stmt.where(ApiToken.user_id == current_user.id)
    return db.session.scalars(stmt.limit(500)).all()


@bp.route("/api-tokens", methods=["GET", "POST"])
@login_required
def tokens_page():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        shown = session.get(FORMS_SHOWN, [])
        if form.once.data not in shown:
            flash(_("This form was sent already, and its token made: it is in the list below "
                    "(a token is shown only once)."), "info")
            return redirect(url_for(".tokens_page"))
        session[FORMS_SHOWN] = [once for once in shown if once != form.once.data]
        try:
            _token, secret = tokens.create(current_user, form.name.data,
                                           second_factor_passed=sessions.second_factor_passed())
            db.session.commit()
            form = TokenForm(formdata=None)
        except Refused as refused:
            show_refusal(refused, form)
    return _tokens_shown(form, secret=secret)


def _tokens_shown(form: TokenForm, secret: str | None = None, refused_id: int | None = None,
                  status: int = 200):
    """The tokens page; `refused_id` marks the row whose revoke came without its tick."""
    form.once.data = secrets.token_urlsafe(12)
    session[FORMS_SHOWN] = (session.get(FORMS_SHOWN, []) + [form.once.data])[-5:]
    return render_template("api/tokens.html", form=form, secret=secret,
                           rows=_visible_tokens(), revoke_form=RevokeForm(),
                           refused_id=refused_id,
                           is_admin=policy.can(current_user, "users.manage")), status


@bp.route("/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != current_user.id
                         and not policy.can(current_user, "users.manage")):
        abort(404)
    if not RevokeForm().validate_on_submit():
        flash(_("Nothing is revoked: tick to confirm that programs using the token stop "
                "working."), "danger")
        return _tokens_shown(TokenForm(formdata=None), refused_id=token.id, status=400)
    tokens.revoke(token, current_user)
    db.session.commit()
    flash(_("The token is revoked; it stops working at once."), "success")
    return redirect(url_for(".tokens_page"))
