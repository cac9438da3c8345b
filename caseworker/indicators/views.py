"""Regional indicators: plan against fact, drill-down, the persons behind a figure, the
briefing, exports, charts; plans entered by regional officers or loaded by an admin."""
from __future__ import annotations

from flask import (
    Response, abort, flash, redirect, render_template, request, url_for)
from flask_babel import format_decimal, gettext as _
from flask_login import current_user

from caseworker import audit, clock, exports, labels, pdf, policy, web
from caseworker.extensions import db
from caseworker.domain.indicators import districts_above_region
from caseworker.indicators import (
    access, briefing, charts, commands, definitions, formats, operations, pages, queries, tables)
from caseworker.indicators.forms import PlanUploadForm
from caseworker.models import District, IndicatorPlan, Region
from caseworker.paging import total_of
from caseworker.refusals import Refused
from caseworker.web import staff_pages

bp = staff_pages("indicators", __name__, url_prefix="/indicators")
for _command in (commands.snapshot, commands.summary, commands.plans):  # flask indicators ...
    bp.cli.add_command(_command)

@bp.app_template_global()
def indicator_name(code: str) -> str:
    found = definitions.get(code)
    return found.name if found else code


@bp.app_template_filter("thousands")
def thousands(value) -> str:
    return "—" if value is None else formats.whole(value)


bp.add_app_template_filter(formats.percent, "percent")
bp.add_app_template_filter(formats.scale, "compact")


@bp.app_template_filter("ratio")
def ratio(value) -> str:
    return "—" if value is None else format_decimal(value, "0.00")


# Globals rather than a context processor, so imported macros see them too.
for _name, _helper in {
        "indicator_status_label": lambda c: labels.label(labels.INDICATOR_STATUSES, c),
        "tier_label": lambda c: labels.label(labels.INDICATOR_TIERS, c),
        "unit_label": lambda c: labels.label(labels.INDICATOR_UNITS, c),
        "may_list": lambda region_id, district_id=None: access.may_list(
            current_user, region_id, district_id),
        "may_drill": lambda region_id: access.may_drill(current_user, region_id)}.items():
    bp.add_app_template_global(_helper, _name)


def _report_form():
    """The report's form, period and indicator; a bad value is said on the page being made
    (files and charts call pages.report_form: a message queued by them would show on
    whatever page comes next)."""
    form, period, code = pages.report_form(request.args)
    for problem in pages.problems(form):
        flash(problem, "danger")
    return form, period, code


def _refused(form):
    """A file asked for with bad report values: 400, with what is wrong, and no file."""
    return render_template("errors/error.html", code=400, problems=pages.problems(form)), 400


@bp.route("/")
def index():
    """Regions x indicators: fact, plan, execution, pace, status, forecast; tiers; totals."""
    policy.require(current_user, "indicators.view")
    form, period, code = _report_form()
    table = tables.national(period, current_user, _("Kazakhstan"), live=form.live.data)
    return render_template("indicators/index.html", form=form, table=table,
                           focus=definitions.get(code),
                           args=pages.args_of(period, form.live.data),
                           briefing=briefing.sentences(briefing.data(table)),
                           thresholds=tables.thresholds())


def _drilled_region(region_id: int) -> Region:
    """A region the user may go down into (another: 404, as if it did not exist)."""
    policy.require(current_user, "indicators.view")
    place = db.session.get(Region, region_id)
    if place is None or not access.may_drill(current_user, place.id):
        abort(404)
    return place


@bp.route("/regions/<int:region_id>")
def region(region_id: int):
    """One region's districts x indicators, as the region stood on the report date."""
    _drilled_region(region_id)
    form, period, code = _report_form()
    place = pages.region_then(region_id, period)  # as it stood on the report date
    return render_template("indicators/region.html", form=form, region=place,
                           table=tables.regional(period, current_user, place),
                           focus=definitions.get(code), args=pages.args_of(period),
                           thresholds=tables.thresholds())


@bp.route("/districts/<int:district_id>")
def district(district_id: int):
    """One district's caseworkers x indicators, for those who may see its persons."""
    policy.require(current_user, "indicators.view")
    place = db.session.get(District, district_id)
    if place is None or not access.may_list(current_user, place.region_id, place.id):
        abort(404)
    form, period, code = _report_form()
    table = tables.by_caseworker(period, place, _("No caseworker"))
    audit.record("indicators.district", "district", place.id)
    db.session.commit()
    return render_template("indicators/district.html", form=form, district=place, table=table,
                           focus=definitions.get(code), args=pages.args_of(period))


@bp.route("/<code>/referrals")
def referrals(code: str):
    """The referrals and persons a figure counts, for a user who may see them all."""
    if definitions.get(code) is None:
        abort(404)
    _form, period, _code = _report_form()
    indicator = definitions.in_force(code, period.as_of)  # the version of the report date
    region_id, district_id = pages.place_of(request.args, period)
    if indicator.basis == "projects":  # the projects behind it: no person's record
        return redirect(url_for("projects.index", region=region_id, district=district_id,
                                **pages.args_of(period)))
    if indicator.basis == "vacancies":  # no person's record: the vacancies behind it
        return redirect(url_for(".vacancies", code=code, **request.args.to_dict()))
    policy.require(current_user, "person.view")  # the roles that see persons
    if not access.may_list(current_user, region_id, district_id):
        abort(404)
    worker = request.args.get("caseworker", type=int) if district_id is not None else None
    stmt = queries.behind(indicator, period, current_user, region_id, district_id, worker)
    result = pages.rows_page(stmt, request.args.get("page", 1, type=int))
    persons, count = pages.behind_counts(stmt)
    _all, counted = pages.behind_counts(queries.behind(indicator, period, current_user, region_id,
                                                       district_id, worker, scoped=False))
    audit.record("person.list", "indicator", code)
    db.session.commit()
    return render_template("indicators/referrals.html", indicator=indicator, result=result,
                           persons=persons, count=count, elsewhere=counted - count,
                           period=period,
                           args=pages.args_of(period),
                           place=pages.place_name(region_id, district_id, worker, period),
                           region_id=region_id, district_id=district_id, caseworker_id=worker)


@bp.route("/<code>/vacancies")
def vacancies(code: str):
    """The vacancies a figure of the labour exchange counts ("vacancies registered"), for a
    user who sees the vacancies and the persons of the whole place: the same scope as the
    referrals behind the other figures, narrowed by the vacancies' policy anyway."""
    indicator = definitions.get(code)
    if indicator is None or indicator.basis != "vacancies":
        abort(404)
    _form, period, _code = _report_form()
    indicator = definitions.in_force(code, period.as_of)
    policy.require(current_user, "vacancy.view")
    region_id, district_id = pages.place_of(request.args, period)
    if not access.may_list(current_user, region_id, district_id):
        abort(404)
    stmt = queries.vacancies_behind(period, current_user, region_id, district_id)
    result = pages.rows_page(stmt, request.args.get("page", 1, type=int))
    count = total_of(stmt)
    audit.record("vacancy.list", "indicator", code)
    db.session.commit()
    return render_template("indicators/vacancies.html", indicator=indicator, result=result,
                           count=count, period=period, args=pages.args_of(period), labels=labels,
                           place=pages.place_name(region_id, district_id, None, period),
                           region_id=region_id, district_id=district_id)


@bp.route("/export.<fmt>")
def export(fmt: str):
    """The national table (or one region's, with ?region=) as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    policy.require(current_user, "aggregates.export")
    form, period, _code = pages.report_form(request.args)
    if form.errors:
        return _refused(form)
    table = pages.table_for(period, request.args.get("region", type=int), form.live.data)
    audit.record("indicators.export", "region", table.region.id if table.region else None)
    db.session.commit()
    name = f"indicators-{period.as_of.isoformat()}.{fmt}"
    return exports.response(fmt, name, pages.export_header(), pages.export_rows(table),
                            _("Indicators"), formats=pages.EXPORT_FORMATS)


def _indicator_or_404(code: str):
    found = definitions.get(code)
    if found is None:
        abort(404)
    return found


@bp.route("/charts/<code>/execution.svg")
def execution_chart(code: str):
    """Execution of one indicator by region (or, with ?region=, by district)."""
    policy.require(current_user, "indicators.view")
    indicator = _indicator_or_404(code)
    form, period, _code = pages.report_form(request.args)
    table = pages.table_for(period, request.args.get("region", type=int), form.live.data)
    svg = render_template("indicators/execution.svg", **pages.execution_chart(table, indicator))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/charts/<code>/trend.svg")
def trend_chart(code: str):
    """The fact month by month against the even pace to the plan: the country, or a region
    for a user who may see its persons (a region's monthly counts are not suppressed)."""
    policy.require(current_user, "indicators.view")
    _indicator_or_404(code)
    region_id = request.args.get("region", type=int)
    if region_id is not None and not access.may_list(current_user, region_id):
        abort(404)
    _form, period, _code = pages.report_form(request.args)
    indicator = definitions.in_force(code, period.as_of)  # the version of the report date
    svg = render_template("indicators/trend.svg",
                          **pages.trend_chart(indicator, period, region_id))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/charts/money/<int:region_id>.svg")
def money_chart(region_id: int):
    """A region's payments by month against its plan (aggregates: whoever reads the region)."""
    region = _drilled_region(region_id)
    _form, period, _code = pages.report_form(request.args)
    svg = render_template("indicators/money.svg", month_label=pages.month_label,
                          **pages.money_chart(period, region))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/briefing.pdf")
def briefing_pdf():
    """The briefing with the table and the charts, as a PDF."""
    policy.require(current_user, "indicators.view")
    form, period, code = pages.report_form(request.args)
    if form.errors:
        return _refused(form)
    table = tables.national(period, current_user, _("Kazakhstan"), live=form.live.data)
    indicator = definitions.get(code)
    body = pdf.render(
        "pdf/briefing.html", table=table, briefing=briefing.sentences(briefing.data(table)),
        execution=charts.svg_data_uri("indicators/execution.svg",
                                      **pages.execution_chart(table, indicator)),
        trend=charts.svg_data_uri("indicators/trend.svg",
                                  **pages.trend_chart(indicator, period, None)),
        indicator=indicator, thresholds=tables.thresholds(),
        columns=pages.column_shares([" ".join(map(str, labels.INDICATOR_TIERS.values()))]
                                    + [ind.name for ind in table.indicators], 88.5))
    name = f"briefing-{period.as_of.isoformat()}.pdf"
    audit.record("indicators.briefing_pdf", "indicator", code)
    db.session.commit()
    return pdf.pdf_response(body, name)


@bp.route("/plans", methods=["GET", "POST"])
def plans():
    """The plans of the officer's region for a year, and the form to set one."""
    policy.require(current_user, "plan.edit")  # an officer with a region
    region = current_user.region
    year = request.args.get("year", clock.today().year, type=int)
    opened = None
    if request.method == "GET" and request.args.get("edit", type=int):
        opened = db.session.get(IndicatorPlan, request.args.get("edit", type=int))
        if opened is None or opened.region_id != region.id:
            abort(404)
    form = pages.plan_form(region, year, opened)
    status = 200
    if form.validate_on_submit():
        try:
            operations.set_plan(pages.entry_of(form, region), current_user,
                                form.plan_id.data, form.version.data)
        except Refused as refused:
            web.show_refusal(refused, form)
            status = refused.status
        else:
            db.session.commit()
            flash(_("The plan is saved."), "success")
            return redirect(url_for(".plans", year=form.year.data))
    rows = pages.region_plans(region.id, year)
    above = districts_above_region([(p.indicator_code, p.district_id, p.target) for p in rows])
    return render_template("indicators/plans.html", form=form, region=region, year=year,
                           rows=rows, above=above), status


@bp.route("/plans/upload", methods=["GET", "POST"])
def upload():
    """Plans loaded from a file, all of it or nothing and the list of bad rows: an admin's
    for any region, a regional officer's for their own."""
    policy.require(current_user, "plan.load")
    regions = access.plan_regions(current_user)
    form = PlanUploadForm()
    problems = []
    if form.validate_on_submit():
        entries, problems = pages.read_upload(form.file.data, regions)
        if not problems:
            try:
                count = operations.load_plans(entries, current_user)
            except Refused as refused:
                web.show_refusal(refused)
            else:
                db.session.commit()
                flash(_("%(count)d plans are loaded.", count=count), "success")
                return redirect(url_for(".upload"))
    return render_template("indicators/upload.html", form=form, problems=problems,
                           indicators=definitions.INDICATORS)
