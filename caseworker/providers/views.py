"""The register of providers: employers, training providers, microfinance organisations and
grant commissions of the user's region. Everyone with a region reads it; supervisors edit."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from caseworker import audit, labels, policy
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import Provider
from caseworker.models.provider import PROVIDER_KINDS
from caseworker.providers.forms import ProviderForm
from caseworker.options import options

bp = Blueprint("providers", __name__, url_prefix="/providers")
FIELDS = ("name", "bin", "kind", "address", "phone", "email", "contact_person")


@bp.route("/")
@login_required
def index():
    policy.require(current_user, "provider.view")
    region_id = current_user.region_id
    q = (request.args.get("q") or "")[:100]
    stmt = select(Provider).where(Provider.region_id == region_id).order_by(Provider.name)
    if q:
        key = search_key(q)
        stmt = stmt.where((Provider.name_search.contains(key, autoescape=True))
                          | (Provider.bin == q.strip()))
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
    region_id = current_user.region_id
    form = ProviderForm(obj=None if request.method == "POST" else provider)
    form.kind.choices = options([(k, str(labels.PROVIDER_KINDS[k])) for k in PROVIDER_KINDS])
    if request.method == "GET":
        form.version.data = str(provider.version) if provider else ""
    if form.validate_on_submit():
        if provider is not None and form.version.data != str(provider.version):
            return _conflict(form, provider)
        saved = provider or Provider(region_id=region_id, active=True)
        for name in FIELDS:
            setattr(saved, name, getattr(form, name).data)
        saved.name_search = search_key(saved.name)
        db.session.add(saved)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            form.bin.errors.append(_("A provider with this BIN is already registered."))
            return render_template("providers/edit.html", form=form, provider=provider), 422
        except StaleDataError:  # saved by someone else between the check and this flush
            db.session.rollback()
            return _conflict(form, db.session.get(Provider, provider_id))
        audit.record("provider.save", "provider", saved.id)
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
