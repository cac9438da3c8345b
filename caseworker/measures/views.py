"""The measures catalogue, its editing by admins, and proactive lists of eligible persons."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal, gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from caseworker import audit, clock, exports, labels, policy
from caseworker.extensions import db
from caseworker.jobs import exports as export_jobs
from caseworker.jobs.kinds import kind as job_kind
from caseworker.measures import operations, pages, queries, versions
from caseworker.measures import allocations as alloc
from caseworker.measures.forms import (
    AllocationForm, MeasureForm, OnForm, VersionForm, WithdrawForm, words)
from caseworker.domain.iin import mask
from caseworker.models import District, Measure, Person, Region, TargetGroup, WithdrawnVersion
from caseworker.paging import page_of
from caseworker.options import options
from caseworker.refusals import Refused
from caseworker.web import sent, show_refusal, staff_pages

bp = staff_pages("measures", __name__, url_prefix="/measures")
# The candidates' file, headed in the reader's language (it is read by people, in a spreadsheet).
EXPORT_HEADER = (_l("No."), _l("Last name"), _l("First name"), _l("Patronymic"), _l("IIN"),
                 _l("Phone"), _l("District"), _l("Registered on"))


def measure_or_404(code: str) -> Measure:
    measure = db.session.get(Measure, code)
    if measure is None:
        abort(404)
    return measure


def names() -> dict:
    """Names of target groups, measures and regions for explaining rules in the current
    language."""
    return {"groups": {g.code: g.name for g in db.session.scalars(select(TargetGroup))},
            "measures": {m.code: m.name for m in db.session.scalars(select(Measure))},
            "regions": {r.kato: r.name for r in db.session.scalars(select(Region))}}


@bp.route("/")
def index():
    """The catalogue as it stands today, or as it stood on the day asked for."""
    form = OnForm(request.args)
    on = clock.today()
    if "on" in request.args and form.validate() and form.on.data:
        on = form.on.data
    if not form.on.errors:
        form.on.data = on
    rows = versions.catalogue_on(on)
    return render_template("measures/index.html", rows=rows, on=on, form=form,
                           mci=versions.mci_on(on), names=names(),
                           kzt={m.code: versions.in_tenge(v, on) for m, v in rows})


@bp.route("/<code>")
def show(code: str):
    """A measure with its versions in words: from when to when, whom it took, what it paid."""
    measure = measure_or_404(code)
    return render_template("measures/show.html", measure=measure, **_versions_context(measure))


def _versions_context(measure: Measure) -> dict:
    today = clock.today()
    current = measure.version_on(today)
    return {"names": names(), "current": current,
            "today_kzt": versions.in_tenge(current, today) if current else None,
            "used": dict(db.session.execute(queries.referrals_under(measure.code)).all()),
            "withdrawn": db.session.scalars(select(WithdrawnVersion).where(
                WithdrawnVersion.measure_code == measure.code)
                .order_by(WithdrawnVersion.withdrawn_at.desc())).all(),
            "withdraw_form": WithdrawForm()}


def _version_form(measure: Measure, formdata=None) -> VersionForm:
    form = VersionForm(formdata=formdata)
    form.target_groups_any.choices = options([(g.code, g.name) for g in db.session.scalars(
        select(TargetGroup).order_by(TargetGroup.code))])
    others = [m for m in db.session.scalars(queries.catalogue()) if m.code != measure.code]
    form.requires_completed.choices = options([("", _("None"))] + [(m.code, m.name)
                                                                   for m in others])
    periods = {code: str(name) for code, name in labels.BENEFIT_PERIODS.items()}
    for version in measure.versions:  # a period the labels do not know is kept, as it is
        if version.benefit_period and version.benefit_period not in periods:
            periods[version.benefit_period] = version.benefit_period
    form.benefit_period.choices = options([("", "—"), *periods.items()])
    regions = options([("", "—")] + [(r.kato, r.name) for r in db.session.scalars(
        select(Region).order_by(Region.kato))])
    for entry in form.region_amounts:
        entry.form.region.choices = regions
    if formdata is None and measure.versions:
        form.fill(measure.versions[-1])
    return form


def _admin_page(measure: Measure, form: MeasureForm, version_form: VersionForm,
                status: int = 200, conflict: bool = False):
    return render_template("measures/edit.html", measure=measure, form=form,
                           version_form=version_form, conflict=conflict,
                           **_versions_context(measure)), status


@bp.route("/<code>/edit", methods=["GET", "POST"])
def edit(code: str):
    """The measure's admin page: its entry (names, notes, offered or not), its versions, and
    the form that adds one."""
    policy.require(current_user, "reference.manage")
    measure = measure_or_404(code)
    form = MeasureForm(obj=None if request.method == "POST" else measure)  # a bare POST fails
    if request.method == "GET":
        form.seen.data = operations.seen(measure)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in operations.FIELDS}
        values |= words(form, "notes")
        try:
            changed = operations.save(measure, values, current_user, form.seen.data or "")
        except Refused as refused:  # someone saved first: the page says so above the form
            db.session.rollback()
            form.seen.data = operations.seen(measure)  # saving again replaces theirs
            return _admin_page(measure, form, _version_form(measure), refused.status,
                               conflict=True)
        db.session.commit()
        flash(_("The measure is saved.") if changed else _("Nothing was changed."), "success")
        return redirect(url_for(".show", code=measure.code))
    return _admin_page(measure, form, _version_form(measure))


@bp.route("/<code>/versions", methods=["POST"])
def add_version(code: str):
    """A new version from a date (a new decree): the past stays as it was."""
    policy.require(current_user, "reference.manage")
    measure = measure_or_404(code)
    version_form = _version_form(measure, request.form)
    entry = MeasureForm(formdata=None, obj=measure, seen=operations.seen(measure))
    if not version_form.validate_on_submit():
        return _admin_page(measure, entry, version_form, 422)
    try:
        version = operations.add_version(measure, version_form.valid_from.data,
                                         version_form.valid_to.data, version_form.values(),
                                         current_user)
    except Refused as refused:
        show_refusal(refused, version_form)  # beside its field; nothing kept
        return _admin_page(measure, entry, version_form, refused.status)
    db.session.commit()
    flash(_("Version %(number)s is added: in force from %(day)s.", number=version.number,
            day=format_date(version.valid_from, "dd.MM.yyyy")), "success")
    return redirect(url_for(".show", code=measure.code))


@bp.route("/<code>/versions/<int:number>/withdraw", methods=["POST"])
def withdraw_version(code: str, number: int):
    """A version added by mistake, taken back before its first day, with a reason."""
    policy.require(current_user, "reference.manage")
    measure = measure_or_404(code)
    form = WithdrawForm()
    sent(form, lambda: operations.withdraw_version(measure, number, current_user,
                                                   form.reason.data, form.confirm.data),
         _("Version %(number)d is withdrawn.", number=number))
    return redirect(url_for(".edit", code=measure.code) + "#versions-heading")


def candidate_rows(stmt):
    """The export's rows: only the columns it writes, read as plain rows (a person's whole
    row through the ORM made the export of 86,000 candidates take 14 s, 4 of them in Python;
    these take 4 s, 0.6 in Python), district names read once."""
    districts = {d.id: d.name for d in db.session.scalars(select(District))}  # reader's language
    columns = stmt.with_only_columns(
        Person.id, Person.last_name, Person.first_name, Person.patronymic, Person.iin,
        Person.phone, Person.district_id, Person.registered_on)
    for row in db.session.execute(columns.execution_options(yield_per=1000)):
        yield [row.id, row.last_name, row.first_name, row.patronymic or "", mask(row.iin),
               row.phone or "", districts.get(row.district_id, ""), row.registered_on]


@job_kind("export.candidates", _l("Export of a measure's candidates"))
def candidates_job(job, progress):
    """A large export of candidates, in the worker, in the scope of the user who asked."""
    if job.user is None or not policy.sees_persons(job.user) or not job.user.active:
        raise PermissionError("the user who asked may no longer see persons")
    stmt = queries.candidates(db.session.get(Measure, job.params["measure"]), job.user,
                              date.fromisoformat(job.params["today"]))
    return export_jobs.write(job, progress, stmt, [str(h) for h in EXPORT_HEADER],
                             candidate_rows, _("Candidates"))


@bp.route("/<code>/candidates")
def candidates(code: str):
    policy.require(current_user, "person.view")
    measure = measure_or_404(code)
    today = clock.today()
    stmt = queries.candidates(measure, current_user, today)
    kind = request.args.get("format")
    if kind in ("csv", "xlsx"):
        audit.record("person.export", "measure", measure.code)
        name = f"candidates-{measure.code}-{today.isoformat()}.{kind}"
        if export_jobs.too_large(stmt):
            return export_jobs.start("export.candidates", name, kind,
                                     {"measure": measure.code, "today": today.isoformat()})
        db.session.commit()
        return exports.response(kind, name, [str(h) for h in EXPORT_HEADER], candidate_rows(stmt),
                                _("Candidates"))
    result = page_of(stmt, request.args.get("page", 1, type=int))
    audit.record("person.list", "measure", measure.code)
    db.session.commit()
    return render_template("measures/candidates.html", measure=measure, result=result,
                           names=names())


@bp.route("/allocations", methods=["GET", "POST"])
def allocations():
    """Places and funds of the user's region; its regional officer sets them. A row's "Change"
    link fills the form with it (and its version, so that a save over someone else's is
    refused rather than lost)."""
    policy.require(current_user, "allocation.view")
    year = request.args.get("year", clock.today().year, type=int)
    region = current_user.region
    kind = request.args.get("format")
    if request.method == "GET" and kind in ("csv", "xlsx"):
        audit.record("allocation.export", "region", region.id)
        db.session.commit()
        return exports.response(kind, f"allocations-{year}.{kind}", pages.allocation_header(),
                                pages.allocation_rows(alloc.region_table(region.id, year)),
                                _("Places and funds"), pages.MONEY_FORMATS)
    form = AllocationForm(year=year)
    form.measure_code.choices = options([(m.code, m.name) for m in db.session.scalars(
        queries.catalogue(active_only=True))])
    form.district_id.choices = options([("", _("The whole region"))] + [
        (str(d.id), d.name) for d in region.districts])
    refusal = None
    if request.method == "GET" and request.args.get("measure"):
        _fill(form, alloc.find(request.args["measure"], region.id,
                               request.args.get("district", type=int), year), figures=True)
    if request.method == "POST":
        policy.require(current_user, "plan.edit")
        if form.validate_on_submit():
            district = int(form.district_id.data) if form.district_id.data else None
            try:
                allocation = alloc.set_allocation(
                    form.measure_code.data, region.id, district, form.year.data,
                    form.places.data, form.funds_kzt.data, _version(form))
            except alloc.AllocationRefused as refused:
                db.session.rollback()
                refusal = _refusal(refused)
                _fill(form, refused.current)
            else:
                audit.record("allocation.set", "allocation", allocation.id)
                db.session.commit()
                flash(_("The allocation is saved."), "success")
                return redirect(url_for(".allocations", year=form.year.data))
    return render_template("measures/allocations.html", form=form, year=year, region=region,
                           rows=alloc.region_table(region.id, year), refusal=refusal)


def _version(form: AllocationForm) -> int | None:
    """The version the form was filled from, if it still names that allocation (another
    measure, place or year chosen since is a new allocation, or one already set)."""
    typed = form.version.data
    if not typed or form.version_of.data != form.key():
        return None
    return int(typed) if typed.isdigit() else -1


def _fill(form: AllocationForm, current, figures: bool = False) -> None:
    """The form on the allocation saved now: its version, and (from a row's link) its figures."""
    allocation = getattr(current, "allocation", current)
    form.version.data = str(allocation.version) if allocation is not None else ""
    if allocation is not None and figures:
        form.measure_code.data = allocation.measure_code
        form.district_id.data = str(allocation.district_id or "")
        form.places.data, form.funds_kzt.data = allocation.places, allocation.funds_kzt
    form.version_of.data = form.key() if allocation is not None else ""


def _refusal(refused: alloc.AllocationRefused) -> str:
    left = refused.current
    if left is None:
        return _("This allocation was removed after the form was opened. Save again to set "
                 "it anew.")
    saved = {"places": left.allocation.places,
             "funds": format_decimal(left.allocation.funds_kzt, "#,##0"),
             "used_places": left.used_places,
             "used_funds": format_decimal(left.used_funds, "#,##0")}
    return {
        "exists": _("This allocation is set already: %(places)s places and %(funds)s tenge. "
                    "Save again to replace them with the figures below."),
        "changed": _("Someone changed this allocation after the form was opened: it now has "
                     "%(places)s places and %(funds)s tenge. Save again to replace them with "
                     "the figures below."),
        "places_used": _("Places of this allocation that referrals already use: "
                         "%(used_places)s. It cannot have fewer."),
        "funds_used": _("Funds of this allocation that referrals already use: %(used_funds)s "
                        "tenge. It cannot have less."),
    }[refused.code] % saved
