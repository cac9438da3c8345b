"""Users, managed by admins: create, change role and area, deactivate, reset a password."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from caseworker import audit, clock, exports, labels, policy, sessions
from caseworker.admin.forms import UserForm
from caseworker.auth import operations, second_factor
from caseworker.auth.forms import ButtonForm
from caseworker.forms import ConfirmForm
from caseworker.auth.operations import hash_password, normalise
from caseworker.domain.sessions import device
from caseworker.domain.event_dates import late
from caseworker.domain.names import search_key
from caseworker.extensions import db
from caseworker.models import AuditEvent, District, Person, User
from caseworker.options import options
from caseworker.refusals import Refused
from caseworker.web import show_refusal
from caseworker.territories import queries as territories

bp = Blueprint("admin", __name__, url_prefix="/admin")
AUDIT_HEADER = ["id", "at", "user_id", "provider_id", "role", "action", "record_type",
                "record_id", "address", "request_id", "happened_on", "late"]


@bp.before_request
@login_required
def _admins_only():
    policy.require(current_user, "users.manage")


@bp.route("/users")
def users():
    q = search_key((request.args.get("q") or "")[:80])
    role = request.args.get("role", "")
    stmt = select(User).order_by(User.role, User.login)
    if q:
        stmt = stmt.where(User.login.contains(q, autoescape=True))
    if role in policy.ROLES:
        stmt = stmt.where(User.role == role)
    return render_template("admin/users.html", rows=db.session.scalars(stmt.limit(500)).all(),
                           q=q, role=role, roles=policy.ROLES)


def _prepare(form: UserForm) -> None:
    form.role.choices = options([(r, str(labels.ROLES[r])) for r in policy.ROLES])
    today = clock.today()  # a user works in the regions and districts of today
    regions = territories.regions_on(today)
    form.region_id.choices = options([("", "—")] + [(str(r.id), r.name) for r in regions])
    names = {r.id: r.name for r in regions}
    districts = territories.districts_on(today)
    form.district_id.choices = options([("", "—")] + [
        (str(d.id), f"{names.get(d.region_id, '')} · {d.name}") for d in districts])
    form.district_regions = {str(d.id): str(d.region_id) for d in districts}


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int | None = None):
    target = db.session.get(User, user_id) if user_id else None
    if user_id and target is None:
        abort(404)
    form = UserForm(obj=None if request.method == "POST" else target)  # a bare POST fails
    _prepare(form)
    if request.method == "GET" and target:
        _fill(form, target)
    if form.validate_on_submit():
        if target is not None and form.version.data != str(target.version):
            return _changed_meanwhile(target)
        login = normalise(form.login.data)
        clash = db.session.scalar(select(User).where(User.login == login))
        if clash is not None and clash is not target:
            form.login.errors.append(_("This login is taken."))
        elif target is None and not form.password.data:
            form.password.errors.append(_("A new user needs a password."))
        elif target is not None and target.id == current_user.id and (
                not form.active.data or not policy.allows(form.role.data, "users.manage")):
            # nobody would be left to undo it: another admin changes an admin's own account
            form.active.errors.append(_("You cannot deactivate your own account or take away "
                                        "your own administrator role."))
        elif held := _cases_left_behind(target, form):
            # their persons would drop out of every list of their district's team
            form.district_id.errors.append(_(
                "%(name)s still holds active persons in %(district)s (%(n)d): the district's "
                "supervisor hands them to other caseworkers first (Team review, Reassign cases). "
                "Then move, change or deactivate this account.", name=target.full_name, n=held,
                district=target.district.name))
        else:
            target = _save(target, form, login)
            db.session.commit()
            flash(_("The user is saved."), "success")
            return redirect(url_for(".users"))
    return _user_page(form, target)


def _user_page(form: UserForm, target: User | None, status: int = 200):
    return render_template(
        "admin/user.html", form=form, target=target, button=ButtonForm(), device=device,
        sessions=sessions.of_user(target.id) if target else []), status


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
def end_user_sessions(user_id: int):
    """Every session of the user ends (a lost laptop, a colleague who left)."""
    target = db.session.get(User, user_id) or abort(404)
    if ButtonForm().validate_on_submit():
        operations.end_user_sessions(target)
        db.session.commit()
        flash(_("Every session of %(name)s has ended.", name=target.full_name), "success")
    return redirect(url_for(".user", user_id=target.id), 303)


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
def reset_second_factor(user_id: int):
    """The user's second factor is off (a lost phone); they enrol again at their next login
    where their role requires it."""
    target = db.session.get(User, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        second_factor.reset(target)
        db.session.commit()
        flash(_("The second factor of %(name)s is reset; their sessions have ended.",
                name=target.full_name), "success")
    else:
        flash(_("Nothing is reset: tick to confirm."), "danger")
    return redirect(url_for(".user", user_id=target.id), 303)


def _fill(form: UserForm, target: User) -> None:
    form.region_id.data = str(target.region_id or "")
    form.district_id.data = str(target.district_id or "")
    form.version.data = str(target.version)


def _changed_meanwhile(target: User):
    """Another admin saved the user since this form was opened: nothing of it is saved; the
    form again, as the user is now."""
    show_refusal(Refused("stale"))
    form = UserForm(formdata=None, obj=target)
    _prepare(form)
    _fill(form, target)
    return _user_page(form, target, 409)


def _cases_left_behind(target: User | None, form: UserForm) -> int:
    """The active persons a caseworker holds, when the form would take the caseworker out of
    their district's team (another district or role, or deactivated); else 0."""
    if target is None or not policy.holds_cases(target.role) or (
            policy.holds_cases(form.role.data) and form.active.data
            and form.district_id.data == str(target.district_id)):
        return 0
    return db.session.scalar(select(func.count(Person.id)).where(
        Person.caseworker_id == target.id, Person.status == "active"))


def _save(target: User | None, form: UserForm, login: str) -> User:
    place = policy.works_in(form.role.data)
    district = db.session.get(District, int(form.district_id.data)) \
        if form.district_id.data and place == "district" else None
    region_id = district.region_id if district else (
        int(form.region_id.data) if form.region_id.data and place == "region" else None)
    if target is None:
        target = User(session_counter=0, password_hash="")
        db.session.add(target)
    else:
        target.version += 1
    ends_sessions = (target.id is not None and (
        form.password.data or not form.active.data or target.role != form.role.data))
    target.login, target.full_name, target.role = login, form.full_name.data, form.role.data
    target.region_id, target.district_id = region_id, district.id if district else None
    target.active = form.active.data
    if form.password.data:
        target.password_hash = hash_password(form.password.data)
        # set by someone else: its owner chooses their own at the next login
        target.must_change_password = target.id is not None and target.id != current_user.id
    if ends_sessions:
        sessions.end_all(target)
    db.session.flush()
    audit.record("user.save", "user", target.id)
    if ends_sessions and form.password.data:
        audit.record("user.password_reset", "user", target.id)
    return target


@bp.route("/audit.csv")
def audit_export():
    """The audit log for a date range as CSV (no personal data is in it): the days are local,
    the times in the file UTC, with their offset."""
    start = request.args.get("from", type=date.fromisoformat)
    end = request.args.get("to", type=date.fromisoformat)
    if start is None or end is None or not date(1900, 1, 1) <= start <= end < date(3000, 1, 1):
        return render_template("errors/error.html", code=400, problems=[_(
            "Choose the first and the last day of the audit log to export, the first not "
            "after the last.")]), 400
    since, until = (clock.stored(datetime.combine(day, time.min))
                    for day in (start, end + timedelta(days=1)))
    stmt = (select(AuditEvent).where(AuditEvent.at >= since, AuditEvent.at < until)
            .order_by(AuditEvent.id).execution_options(yield_per=5000))
    audit.record("audit.export", "audit_event", None)
    db.session.commit()
    return exports.csv_response(f"audit-{start}-{end}.csv", AUDIT_HEADER, _audit_rows(stmt),
                                for_tools=True)


def _audit_rows(stmt):
    """Runs inside the streamed response, so the query reads as the file is sent."""
    for e in db.session.scalars(stmt):
        yield [e.id, e.at.isoformat() + "+00:00", e.user_id, e.provider_id, e.role, e.action,
               e.record_type, e.record_id, e.address, e.request_id, e.happened_on,
               "late" if late(e.happened_on, clock.local(e.at)) else ""]
