"""The admin's pages of the working-days calendar: a year's holidays, days off and weekend
days worked, each with its source; add, change or remove a day."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from caseworker import clock, policy
from caseworker.calendar import operations, queries, said
from caseworker.calendar.forms import KIND_LABELS, DayForm, RemoveForm
from caseworker.domain.workdays import working_days_in_month
from caseworker.extensions import db
from caseworker.models import CalendarDay
from caseworker.refusals import Refused
from caseworker.web import show_refusal

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")


@bp.before_request
@login_required
def _admins_only():
    policy.require(current_user, "reference.manage")


def _year() -> int:
    """The year asked for; one the calendar cannot hold is said, and this year shown."""
    this_year = clock.today().year
    year = request.args.get("year", this_year, type=int)
    if not operations.FIRST_YEAR <= year <= operations.LAST_YEAR:
        flash(_("The calendar holds the years 2000 to 2100."), "warning")
        return this_year
    return year


@bp.route("/")
def index():
    year = _year()
    days = db.session.scalars(queries.days_of_year(year)).all()
    first = date(year, 1, 1)
    calendar = queries.work_calendar(first, first)
    months = [(date(year, m, 1), working_days_in_month(year, m, calendar)) for m in range(1, 13)]
    return render_template("calendar/index.html", year=year, days=days, months=months,
                           kinds=KIND_LABELS, said=said.said)


def _entry_or_404(day_id: int) -> CalendarDay:
    entry = db.session.get(CalendarDay, day_id)
    if entry is None:
        abort(404)
    return entry


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:day_id>", methods=["GET", "POST"])
def day(day_id: int | None = None):
    entry = _entry_or_404(day_id) if day_id is not None else None
    form = DayForm(obj=None if request.method == "POST" else entry)  # a bare POST fails
    if request.method == "GET" and entry is None:
        form.day.data = date(_year(), 1, 1)
    if form.validate_on_submit():
        try:
            if entry is None:
                entry = operations.add_day(form.row(), current_user)
                changed = True
            else:
                changed = operations.update_day(entry, form.row(), current_user,
                                                form.version.data)
        except Refused as refused:
            show_refusal(refused, form)
            if refused.code == "stale":  # what the day holds now; saving again replaces it
                db.session.refresh(entry)
                form.version.data = entry.version
                return _day_page(form, entry, 409)
        else:
            db.session.commit()
            flash(_("The day is saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for(".index", year=entry.day.year))
    return _day_page(form, entry, 422 if form.errors else 200)


def _day_page(form: DayForm, entry: CalendarDay | None, status: int):
    year = entry.day.year if entry else _year()
    return render_template("calendar/day.html", form=form, entry=entry, year=year,
                           remove=RemoveForm(prefix="remove") if entry else None), status


@bp.route("/<int:day_id>/remove", methods=["POST"])
def remove(day_id: int):
    entry = _entry_or_404(day_id)
    form = RemoveForm(prefix="remove")
    if not form.validate_on_submit():
        flash(_("Nothing is removed: tick to confirm."), "danger")
        return render_template("calendar/day.html", form=DayForm(obj=entry), entry=entry,
                               year=entry.day.year, remove=form), 422
    year = entry.day.year
    operations.remove_day(entry, current_user)
    db.session.commit()
    flash(_("The day is removed from the calendar."), "success")
    return redirect(url_for(".index", year=year))
