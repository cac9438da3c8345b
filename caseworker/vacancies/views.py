"""Vacancies: the list the user sees (their district's; the region's for its officer, read
only), a vacancy entered or changed, and ended (filled, closed, cancelled) with a reason."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseworker import labels, policy, web
from caseworker.extensions import db
from caseworker.forms import version_read
from caseworker.models import Vacancy
from caseworker.refusals import Refused
from caseworker.vacancies import operations, pages
from caseworker.vacancies.forms import EndForm, VacancyForm, VacancyReopenForm
from caseworker.web import staff_pages

bp = staff_pages("vacancies", __name__, url_prefix="/vacancies")


@bp.route("/")
def index():
    return web.list_page("vacancy.view", "vacancies/index.html", pages.list_context)


def _vacancy(vacancy_id: int, action: str) -> Vacancy:
    return policy.get_or_404(Vacancy, vacancy_id, current_user, action)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:vacancy_id>/edit", methods=["GET", "POST"])
def edit(vacancy_id: int | None = None):
    vacancy = _vacancy(vacancy_id, "vacancy.edit") if vacancy_id is not None else None
    if vacancy is None:
        policy.require(current_user, "vacancy.edit")
    form = VacancyForm(obj=None if request.method == "POST" else vacancy)
    pages.prepare(form, current_user)
    if request.method == "GET" and vacancy is not None:
        form.version.data = str(vacancy.version)
    if form.validate_on_submit():
        values = pages.values_of(form)
        try:
            if vacancy is None:
                saved = operations.create(values, current_user)
            else:
                saved = operations.update(vacancy, values, current_user, version_read(form.version))
        except Refused as refused:
            if refused.code == "stale":
                db.session.rollback()
                flash(str(refused), "warning")
                return render_template("vacancies/edit.html", form=form, vacancy=vacancy,
                                       conflict=True), 409
            web.show_refusal(refused, form)
            return render_template("vacancies/edit.html", form=form, vacancy=vacancy), 422
        db.session.commit()
        flash(_("The vacancy is saved."), "success")
        return redirect(url_for(".show", vacancy_id=saved.id))
    return render_template("vacancies/edit.html", form=form, vacancy=vacancy), (
        422 if request.method == "POST" else 200)


@bp.route("/<int:vacancy_id>", methods=["GET"])
def show(vacancy_id: int):
    vacancy = _vacancy(vacancy_id, "vacancy.view")
    return _shown(vacancy)


def _shown(vacancy: Vacancy, end_form: EndForm | None = None,
           reopen_form: VacancyReopenForm | None = None, status: int = 200):
    """The vacancy's page: with the form that ends it while open, or the one that opens it
    again once ended, to whoever may change it."""
    if not policy.can(current_user, "vacancy.edit", vacancy):
        end_form = reopen_form = None
    elif vacancy.open:
        end_form, reopen_form = end_form or EndForm(version=vacancy.version), None
        pages.prepare_end(end_form)
    else:
        end_form, reopen_form = None, reopen_form or VacancyReopenForm(version=vacancy.version)
    return render_template("vacancies/show.html", vacancy=vacancy, end_form=end_form,
                           reopen_form=reopen_form, labels=labels), status


@bp.route("/<int:vacancy_id>/end", methods=["POST"])
def end(vacancy_id: int):
    vacancy = _vacancy(vacancy_id, "vacancy.edit")
    form = EndForm()
    pages.prepare_end(form)
    if form.validate_on_submit():
        try:
            operations.end(vacancy, form.status.data, form.reason.data, current_user,
                           version_read(form.version), on=form.on.data)
        except Refused as refused:
            web.show_refusal(refused, form)
            return _shown(vacancy, end_form=form, status=422)
        db.session.commit()
        flash(_("Recorded: %(status)s.", status=labels.VACANCY_STATUSES[form.status.data]),
              "success")
        return redirect(url_for(".show", vacancy_id=vacancy.id))
    return _shown(vacancy, end_form=form, status=422)


@bp.route("/<int:vacancy_id>/reopen", methods=["POST"])
def reopen(vacancy_id: int):
    vacancy = _vacancy(vacancy_id, "vacancy.edit")
    form = VacancyReopenForm()
    if web.submitted(form, lambda: operations.reopen(
            vacancy, form.reason.data, current_user, version_read(form.version),
            form.confirm.data),
            _("The vacancy is open again.")):
        return redirect(url_for(".show", vacancy_id=vacancy.id))
    return _shown(vacancy, reopen_form=form, status=422)
