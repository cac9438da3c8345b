"""Regional indicators: plan against fact, drill-down, the persons behind a figure, the
briefing, exports, charts; plans entered by regional officers or loaded by an admin."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext as _
from flask_login import current_user, login_required

from caseworker import policy
from caseworker.extensions import db
from caseworker.indicators import definitions, operations, pages
from caseworker.indicators.forms import PlanUploadForm

bp = Blueprint("indicators", __name__, url_prefix="/indicators")

# Settings with their defaults; an app's own configuration wins.
DEFAULTS = {"INDICATOR_ON_TRACK": 1.0, "INDICATOR_LAGGING": 0.95, "INDICATOR_LAGGING_COUNT": 2}


@bp.record_once
def _settings(state) -> None:
    for key, value in DEFAULTS.items():
        state.app.config.setdefault(key, value)


@bp.app_template_global()
def indicator_name(code: str) -> str:
    found = definitions.get(code)
    return found.name if found else code


@bp.app_template_filter("thousands")
def thousands(value) -> str:
    return "—" if value is None else format_decimal(value, format="#,##0")


@bp.route("/plans", methods=["GET", "POST"])
@login_required
def plans():
    """The plans of the officer's region for a year, and the form to set one."""
    if not policy.can(current_user, "plan.edit") or current_user.region is None:
        abort(403)
    region = current_user.region
    year = request.args.get("year", date.today().year, type=int)
    form = pages.plan_form(region, year)
    if form.validate_on_submit():
        operations.set_plan(pages.entry_of(form, region), current_user)
        db.session.commit()
        flash(_("The plan is saved."), "success")
        return redirect(url_for(".plans", year=form.year.data))
    return render_template("indicators/plans.html", form=form, region=region, year=year,
                           rows=pages.region_plans(region.id, year))


@bp.route("/plans/upload", methods=["GET", "POST"])
@login_required
def upload():
    """An admin loads plans from a file: all of it, or nothing and the list of bad rows."""
    if not policy.can(current_user, "plan.upload"):
        abort(403)
    form = PlanUploadForm()
    problems = []
    if form.validate_on_submit():
        entries, problems = pages.read_upload(form.file.data)
        if not problems:
            count = operations.load_plans(entries, current_user)
            db.session.commit()
            flash(_("%(count)d plans are loaded.", count=count), "success")
            return redirect(url_for(".upload"))
    return render_template("indicators/upload.html", form=form, problems=problems,
                           indicators=definitions.INDICATORS)
