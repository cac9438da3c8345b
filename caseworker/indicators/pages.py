"""What the indicators views render: form choices, look-ups and page contexts, kept out of
views.py so the views stay a few lines each."""
from __future__ import annotations

from datetime import date, timedelta
from itertools import accumulate

from flask import abort
from flask_babel import format_date, format_decimal, gettext as _
from flask_login import current_user
from sqlalchemy import Select, distinct, func, select

from caseworker.extensions import db
from caseworker import clock, labels
from caseworker.domain.dates import plan_years
from caseworker.indicators import access, charts, summary, tables, upload
from caseworker.indicators.definitions import BY_CODE, INDICATORS
from caseworker.indicators.formats import percent, scale
from caseworker.indicators.forms import PlanForm, ReportForm
from caseworker.indicators.queries import Period
from caseworker.models import (
    Allocation, District, IndicatorPlan, Person, Referral, Region, User)
from caseworker.paging import Page
from caseworker.territories import queries as territories
from caseworker.options import options

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def plan_form(region: Region, year: int, plan: IndicatorPlan | None = None) -> PlanForm:
    """The form of a plan for the region's year: its districts of that year (a plan belongs
    to the region and district it was set for); opened on `plan` to change it."""
    form = PlanForm(year=year) if plan is None else PlanForm(
        indicator_code=plan.indicator_code, year=plan.year, target=plan.target,
        district_id=str(plan.district_id or ""), plan_id=plan.id, version=plan.version)
    form.indicator_code.choices = options([(i.code, i.name) for i in INDICATORS])
    districts = territories.districts_on(territories.day_of_year(year, clock.today()),
                                         region.id)
    form.district_id.choices = options([("", _("The whole region"))] + [
        (str(d.id), d.name) for d in districts])
    return form


def entry_of(form: PlanForm, region: Region) -> upload.Entry:
    district = int(form.district_id.data) if form.district_id.data else None
    return upload.Entry(form.indicator_code.data, region.id, district, form.year.data,
                        form.target.data)


def region_plans(region_id: int, year: int) -> list[IndicatorPlan]:
    """The region's plans for the year in the order of the indicators, the region's own
    first, then its districts'."""
    order = {code: n for n, code in enumerate(BY_CODE)}
    rows = db.session.scalars(select(IndicatorPlan).where(
        IndicatorPlan.region_id == region_id, IndicatorPlan.year == year)).all()
    return sorted(rows, key=lambda p: (order.get(p.indicator_code, 99), p.district_id is not None,
                                       p.district.kato if p.district else ""))


def kato_codes() -> tuple[dict[str, int], dict[str, tuple[int, dict[int, set[int]]]]]:
    """What plan rows are checked against: region KATO -> id, district KATO -> (id, year ->
    the regions that held it on some day of that year)."""
    regions = dict(db.session.execute(select(Region.kato, Region.id)).all())
    first, last = plan_years(clock.today())
    districts: dict[str, tuple[int, dict[int, set[int]]]] = {}
    for kato, district, region, starts, ends in db.session.execute(territories.memberships()):
        years = districts.setdefault(kato, (district, {}))[1]
        for year in range(max(starts.year if starts else first, first),
                          min(ends.year if ends else last, last) + 1):
            years.setdefault(year, set()).add(region)
    return regions, districts


def read_upload(storage, allowed: set[int] | None
                ) -> tuple[list[upload.Entry], list[upload.Problem]]:
    """Every plan of the file, or every problem with it (then nothing is to be saved);
    `allowed`: the only regions whose plans it may hold (None: any)."""
    data = storage.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [upload.Problem(0, _("The file is larger than 5 MB."))]
    try:
        entries, problems = upload.check(upload.read_rows(storage.filename or "", data),
                                         *kato_codes(), allowed)
    except upload.Unreadable as error:
        return [], [upload.Problem(0, str(error))]
    return (entries, []) if not problems else ([], problems)


def report_form(args) -> tuple[ReportForm, Period, str]:
    """The report's form from the query string, its period and the indicator shown in
    detail; a bad value leaves its error on the form (`problems`) and the defaults are used."""
    form = ReportForm(args)
    form.indicator.choices = options([(i.code, i.name) for i in INDICATORS])
    year, as_of, code = None, None, "coverage"
    if form.validate():
        year, as_of = form.year.data, form.as_of.data
        code = form.indicator.data or code
    period = tables.period(year, as_of, clock.today())
    form.year.data, form.as_of.data, form.indicator.data = period.year, period.as_of, code
    return form, period, code


def problems(form) -> list[str]:
    return [f"{field.label.text}: {error}" for field in form for error in field.errors]


def args_of(period: Period, live: bool = False) -> dict:
    """The query-string values that keep the report's period in a link."""
    args = {"year": period.year, "as_of": period.as_of.isoformat()}
    return args | {"live": "y"} if live else args


def region_then(region_id: int, period: Period) -> territories.Place:
    """The region as it stood on the report date; one that did not exist then (or never) is a
    missing page."""
    region = territories.region_on(region_id, period.as_of)
    if region is None:
        abort(404)
    return region


def place_of(args, period: Period) -> tuple[int | None, int | None]:
    """(region id, district id) from the query string; a district names the region that held
    it on the report date, and a region that did not hold the district then is a missing
    page."""
    region_id = args.get("region", type=int)
    district_id = args.get("district", type=int)
    if district_id is not None:
        held_by = territories.region_of(district_id, period.as_of)
        if held_by is None or region_id not in (None, held_by):
            abort(404)
        region_id = held_by
    return region_id, district_id


def rows_page(stmt: Select, page: int, size: int = 50) -> Page:
    page = max(1, min(page, 10_000))
    rows = db.session.execute(stmt.limit(size + 1).offset((page - 1) * size)).all()
    return Page(rows[:size], page, len(rows) > size)


def behind_counts(stmt: Select) -> tuple[int, int]:
    """(persons, referrals) of a list of the referrals behind a figure."""
    counting = stmt.with_only_columns(func.count(distinct(Person.id)),
                                      func.count(Referral.id)).order_by(None)
    persons, referrals = db.session.execute(counting).one()
    return persons, referrals


def place_name(region_id: int | None, district_id: int | None,
               caseworker_id: int | None = None, period: Period | None = None) -> str:
    """The place's name (a region's on the report date)."""
    if district_id is not None:
        name = db.session.get(District, district_id).name
        if caseworker_id is None:
            return name
        worker = db.session.get(User, caseworker_id) if caseworker_id else None
        return f"{name} · {worker.full_name if worker else _('No caseworker')}"
    if region_id is None:
        return ""
    then = territories.region_on(region_id, period.as_of) if period is not None else None
    return then.name if then is not None else db.session.get(Region, region_id).name


def table_for(period: Period, region_id: int | None, live: bool = False) -> tables.Table:
    """The national table, or a region's districts where the user may go down into it."""
    if region_id is None:
        return tables.national(period, current_user, _("Kazakhstan"), live)
    region = region_then(region_id, period)
    if not access.may_drill(current_user, region.id):
        abort(404)
    return tables.regional(period, current_user, region)


# How a spreadsheet shows the numbers: fact, plan and forecast with thousands separated,
# execution (in per cent) to one decimal, the pace to two.
EXPORT_FORMATS = {7: "#,##0", 8: "#,##0", 9: "#,##0.0", 10: "0.00", 12: "#,##0"}


def export_header() -> list[str]:
    return [_("Report date"), _("KATO"), _("Place"), _("Tier"), _("Indicator code"),
            _("Indicator"), _("Unit"), _("Fact"), _("Plan"), _("Execution, %"), _("Pace"),
            _("Status"), _("Forecast for the year"), _("Restated: the fact counted today")]


def export_rows(table: tables.Table):
    hidden = _("hidden")
    for row in table.rows + [table.total]:
        for ind in table.indicators:
            fig = row.figures[ind.code]
            shown = not fig.hidden
            yield [table.period.as_of, row.kato, row.name,
                   labels.label(labels.INDICATOR_TIERS, row.tier) if row.tier else "",
                   ind.code, ind.name, labels.label(labels.INDICATOR_UNITS, ind.unit),
                   fig.fact if shown else hidden, fig.plan,
                   round(fig.execution * 100, 1) if shown and fig.execution is not None else None,
                   round(fig.pace, 2) if shown and fig.pace is not None else None,
                   labels.label(labels.INDICATOR_STATUSES, fig.status) if shown else hidden,
                   round(fig.forecast) if shown and fig.forecast is not None else None,
                   (fig.live if fig.live is not None else _("yes")) if fig.restated else None]


FIGURE_WIDTH = 10  # letters of a header word as wide as the widest figure, "100,0 %"


def column_shares(titles: list[str], total: float) -> list[float]:
    """Percentages of the page for columns headed by `titles`, adding up to `total`, each in
    proportion to its longest word (and to a figure's width at least): a long Kazakh word then
    fits its column whole."""
    needs = [max([FIGURE_WIDTH] + [len(word) for word in title.split()]) for title in titles]
    return [total * need / sum(needs) for need in needs]


def execution_chart(table: tables.Table, ind) -> dict:
    where = table.region.name if table.region else _("regions")
    g = charts.bars(table, ind, _("no plan"), _("hidden"), percent)
    title = _("%(indicator)s: execution of the plan, %(place)s, as of %(date)s",
              indicator=ind.name, place=where, date=format_date(table.period.as_of, "long"))
    return {
        "g": g, "title": title, "head": charts.heading(title, g["width"]),
        "description": _("Bars show the fact as a share of the year's plan; the dashed line "
                         "marks the share of the year elapsed (%(share)s), where a region on "
                         "pace stands.", share=percent(table.share)),
        "expected": _("elapsed %(share)s", share=percent(table.share)),
    }


def trend_chart(ind, period: Period, region_id: int | None) -> dict:
    region_plans, _districts = tables.plans(period.year, region_id)
    planned = [p[ind.code] for p in region_plans.values() if ind.code in p]
    plan = sum(planned) if planned else None
    points = charts.trend_points(ind, period, region_id)
    place = place_name(region_id, None, period=period) if region_id else _("Kazakhstan")
    g = charts.trend(points, plan, period.year)
    title = _("%(indicator)s by month, %(place)s", indicator=ind.name, place=place)
    return {
        "g": g, "top": scale(g["top"]), "title": title,
        "head": charts.heading(title, g["width"]),
        "description": _("The fact from 1 January at the end of each month up to %(date)s, "
                         "against the even pace to the year's plan.",
                         date=format_date(period.as_of)),
        "plan_label": _("plan %(plan)s", plan=format_decimal(plan, "#,##0")) if plan else "",
        "legend": charts.lines_of(_("Solid: fact to date. Dashed: the even pace to the plan."),
                                  g["note_width"]),
    }


def month_label(day: date) -> str:
    return format_date(day, "LLLL yyyy")


def money_plan(period: Period, region: Region) -> tuple[int | None, str]:
    """What a region's payments are set against: its plan of funds used, else the funds of
    its allocations of the year; with the words that say which."""
    region_plans, _districts = tables.plans(period.year, region.id)
    planned = region_plans.get(region.id, {}).get("funds_used")
    if planned:
        return planned, _("plan %(plan)s", plan=format_decimal(planned, "#,##0"))
    allocated = db.session.scalar(select(func.sum(Allocation.funds_kzt)).where(
        Allocation.region_id == region.id, Allocation.year == period.year)) or 0
    return (int(allocated) or None,
            _("allocated %(sum)s", sum=format_decimal(allocated, "#,##0")) if allocated else "")


def money_chart(period: Period, region: Region) -> dict:
    """A region's payments by month (the summary's payments: funds used as counted from
    2026, whatever version counts the report date) against its plan."""
    ends = charts.month_ends(period)
    paid = list(zip(ends, accumulate(summary.by_month(period, "funds_used", region.id))))
    plan, plan_label = money_plan(period, region)
    g = charts.money(paid, plan, period.year)
    title = _("Money paid by month, %(place)s, %(year)d", place=region.name, year=period.year)
    return {
        "g": g, "top": scale(g["top"]), "title": title, "head": charts.heading(title, g["width"]),
        "description": _("Bars: the payments of each month (reversals subtracted). Line: paid "
                         "from 1 January up to %(date)s, %(sum)s tenge, against the even pace "
                         "to the plan.", date=format_date(period.as_of),
                         sum=format_decimal(paid[-1][1] if paid else 0, "#,##0")),
        "plan_label": plan_label,
        "legend": charts.lines_of(_("Bars: paid in the month. Solid: paid to date. Dashed: "
                                    "the even pace to the plan."), g["note_width"]),
    }


def month_end_of(month: str) -> date:
    """The last day of a month written YYYY-MM (ValueError otherwise)."""
    year, _sep, number = month.partition("-")
    first = date(int(year), int(number), 1)
    return (date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1))


def snapshot_refusal(error: Exception, month: str | None) -> str:
    """Why a month could not be frozen (for the command line: English)."""
    code = getattr(error, "code", None)
    return {"frozen": "that month is frozen already; its figures stay as reported",
            "not_closed": "that month has not ended yet",
            "not_month_end": "not the last day of a month"}.get(
        code, f"not a month written YYYY-MM: {month}")
