"""The register of organisations: employers, training providers, microfinance organisations,
grant commissions (and akimats) of the user's region, an organisation possibly several of
them. Everyone with a region reads it; supervisors add, change and deactivate."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseworker import policy, web
from caseworker.extensions import db
from caseworker.forms import version_read
from caseworker.models import Provider
from caseworker.providers import operations, pages
from caseworker.providers.forms import DeactivateForm, ProviderForm, ReactivateForm
from caseworker.refusals import Refused
from caseworker.web import staff_pages

bp = staff_pages("providers", __name__, url_prefix="/organisations")


@bp.route("/")
def index():
    return web.list_page("provider.view", "providers/index.html", pages.list_context)


def _provider(provider_id: int, action: str) -> Provider:
    # another region's: 404 (provider.view), then the action's role
    return policy.get_or_404(Provider, provider_id, current_user, "provider.view", action)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:provider_id>", methods=["GET", "POST"])
def edit(provider_id: int | None = None):
    provider = None
    if provider_id is not None:
        provider = _provider(provider_id, "provider.edit")
    else:
        policy.require(current_user, "provider.edit")
    form = ProviderForm(obj=None if request.method == "POST" else provider)
    pages.prepare(form, current_user)
    if request.method == "GET":
        form.version.data = str(provider.version) if provider else ""
        form.kinds.data = list(provider.kinds) if provider else []
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in operations.FIELDS}
        try:
            operations.save(provider, values, current_user, version_read(form.version))
        except Refused as refused:
            if refused.code == "stale":
                db.session.rollback()
                return _conflict(form, db.session.get(Provider, provider_id))
            web.show_refusal(refused, form)
            return render_template("providers/edit.html", form=form, provider=provider), 422
        db.session.commit()
        flash(_("The organisation is saved."), "success")
        return redirect(url_for(".index"))
    return render_template("providers/edit.html", form=form, provider=provider,
                           **pages.steps_context(provider))


@bp.route("/<int:provider_id>/deactivate", methods=["POST"])
def deactivate(provider_id: int):
    """Deactivated once confirmed, with why; its open vacancies are closed with it."""
    return _step(provider_id, DeactivateForm, "deactivate_form", lambda provider, form: (
        operations.deactivate(provider, form.reason.data, current_user, version_read(form.version),
                              confirmed=form.confirm.data)),
        _("The organisation is deactivated and its open vacancies are closed."))


@bp.route("/<int:provider_id>/reactivate", methods=["POST"])
def reactivate(provider_id: int):
    """Active again; the vacancies its deactivation closed stay closed."""
    return _step(provider_id, ReactivateForm, "reactivate_form", lambda provider, form: (
        operations.reactivate(provider, current_user, version_read(form.version),
                              form.reason.data)),
        _("The organisation is active again. The vacancies closed with its deactivation stay "
          "closed."))


def _step(provider_id: int, form_class, form_name: str, run, done: str):
    """A step of the organisation's timeline from its page: guard, run, commit, back to the
    page; refused or mistyped, the page again with the step's form as typed and the message
    beside it."""
    provider = _provider(provider_id, "provider.edit")
    form = form_class()
    if not form.validate_on_submit():
        return _steps_page(provider, 422, **{form_name: form})
    try:
        run(provider, form)
    except Refused as refused:
        web.show_refusal(refused, form)
        return _steps_page(db.session.get(Provider, provider_id), refused.status,
                           **{form_name: form})
    db.session.commit()
    flash(done, "success")
    return redirect(url_for(".edit", provider_id=provider_id))


def _steps_page(provider: Provider, status: int, **forms):
    """The organisation's page again, with the step's form as typed (its message beside it)."""
    form_page = ProviderForm(obj=provider)
    pages.prepare(form_page, current_user)
    form_page.version.data = str(provider.version)
    form_page.kinds.data = list(provider.kinds)
    return render_template("providers/edit.html", form=form_page, provider=provider,
                           **pages.steps_context(provider, **forms)), status


def _conflict(form: ProviderForm, current: Provider):
    """Someone saved the organisation first: the form as typed, over the version saved now (a
    second save replaces it), and what that version holds."""
    form.version.data = str(current.version)
    return render_template("providers/edit.html", form=form, provider=current,
                           conflict=True), 409
