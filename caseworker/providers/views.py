"""The register of providers: employers, training providers, microfinance organisations and
grant commissions of the user's region. Everyone with a region reads it; supervisors edit."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from caseworker import labels, policy
from caseworker.extensions import db
from caseworker.models import Provider
from caseworker.models.provider import PROVIDER_KINDS
from caseworker.options import options
from caseworker.providers import operations, queries
from caseworker.providers.forms import ProviderForm
from caseworker.refusals import Refused

bp = Blueprint("providers", __name__, url_prefix="/providers")


@bp.route("/")
@login_required
def index():
    policy.require(current_user, "provider.view")
    q = (request.args.get("q") or "")[:100]
    stmt = queries.provider_list(current_user, q)
    return render_template("providers/index.html", rows=db.session.scalars(stmt.limit(200)).all(),
                           q=q)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:provider_id>", methods=["GET", "POST"])
@login_required
def edit(provider_id: int | None = None):
    provider = None
    if provider_id is not None:
        provider = db.session.get(Provider, provider_id)
        if provider is None:
            abort(404)
    policy.require(current_user, "provider.view", provider)  # another region's: 404
    policy.require(current_user, "provider.edit", provider)
    form = ProviderForm(obj=None if request.method == "POST" else provider)
    form.kind.choices = options([(k, str(labels.PROVIDER_KINDS[k])) for k in PROVIDER_KINDS])
    if request.method == "GET":
        form.version.data = str(provider.version) if provider else ""
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in operations.FIELDS}
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            operations.save(provider, values, current_user, version)
        except Refused as refused:
            db.session.rollback()
            if refused.code != "bin_taken":  # saved by someone else first
                return _conflict(form, db.session.get(Provider, provider_id))
            form.bin.errors.append(str(refused))
            return render_template("providers/edit.html", form=form, provider=provider), 422
        db.session.commit()
        flash(_("The provider is saved."), "success")
        return redirect(url_for(".index"))
    return render_template("providers/edit.html", form=form, provider=provider)


def _conflict(form: ProviderForm, current: Provider):
    """Someone saved the provider first: the form as typed, over the version saved now (a
    second save replaces it), and what that version holds."""
    form.version.data = str(current.version)
    return render_template("providers/edit.html", form=form, provider=current,
                           conflict=True), 409
