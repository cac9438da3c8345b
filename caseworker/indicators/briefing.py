"""The briefing: sentences in the style of a monitoring statement, in the user's language,
from the national table (the data comes from `domain.indicators.briefing`)."""
from __future__ import annotations

from flask_babel import format_date, format_decimal, gettext as _, ngettext

from caseworker.domain import indicators as calc
from caseworker.domain.suppression import THRESHOLD
from caseworker.indicators.formats import percent
from caseworker.indicators.tables import Table

LISTED = 4  # lagging indicators named per region, the weakest first


def data(table: Table) -> calc.Briefing:
    lines = [calc.RegionLine(row.name, row.tier, tuple(
        (ind.name, row.figures[ind.code].status, row.figures[ind.code].execution)
        for ind in table.indicators if not row.figures[ind.code].hidden))
        for row in table.rows]
    coverage = table.total.figures["coverage"]
    return calc.briefing(lines, table.period.year, table.period.as_of,
                         None if coverage.hidden else coverage.fact, coverage.plan)


def _percent(value: float) -> str:
    """A figure in per cent (90.7) as the pages write a share."""
    return percent(value / 100)


def _number(value: float) -> str:
    return format_decimal(round(value), "#,##0")


def sentences(b: calc.Briefing) -> dict[str, list[str]]:
    """{"summary": [...], "lagging": [...]}: the statement's sentences, the lagging regions
    one a line."""
    if b.months_left:
        summary = [ngettext(
            "Report as of %(date)s: %(share)s of the year has passed; %(num)d month is left "
            "until the end of the year.",
            "Report as of %(date)s: %(share)s of the year has passed; %(num)d months are left "
            "until the end of the year.", b.months_left, date=format_date(b.as_of, "long"),
            share=percent(b.share))]
    else:  # December: what is left is counted in days, never "0 months"
        summary = [ngettext(
            "Report as of %(date)s: %(share)s of the year has passed; %(num)d day is left "
            "until the end of the year.",
            "Report as of %(date)s: %(share)s of the year has passed; %(num)d days are left "
            "until the end of the year.", calc.days_left(b.as_of), date=format_date(b.as_of, "long"),
            share=percent(b.share))]
    if b.coverage_fact is None:  # a small national count, hidden from this reader
        summary.append(_("Coverage: fewer than %(num)d persons have been covered by employment "
                         "measures so far this year; the exact figure is hidden.", num=THRESHOLD))
    elif b.coverage_plan:
        summary.append(ngettext(
            "Coverage: %(fact)s person has been covered by employment measures so far this "
            "year; the year's target is %(plan)s (%(execution)s done). At this pace the year "
            "ends at %(forecast)s.",
            "Coverage: %(fact)s persons have been covered by employment measures so far this "
            "year; the year's target is %(plan)s (%(execution)s done). At this pace the year "
            "ends at %(forecast)s.", b.coverage_fact, fact=_number(b.coverage_fact),
            plan=_number(b.coverage_plan),
            execution=_percent(100 * b.coverage_fact / b.coverage_plan),
            forecast=_number(b.coverage_forecast or 0)))
    else:
        summary.append(ngettext(
            "Coverage: %(fact)s person has been covered by employment measures so far this "
            "year; no target is set for the year.",
            "Coverage: %(fact)s persons have been covered by employment measures so far this "
            "year; no target is set for the year.", b.coverage_fact,
            fact=_number(b.coverage_fact)))
    summary.append(_("High dynamics: %(regions)s.", regions=", ".join(b.high)) if b.high else
                   _("No region has every indicator on track."))
    if b.average:
        summary.append(_("Average rates: %(regions)s.", regions=", ".join(b.average)))
    lagging = [_lag_sentence(lag) for lag in b.lagging]
    if lagging:
        summary.append(_("Lagging by some indicators:"))
    else:
        summary.append(_("No region lags in two or more indicators."))
    return {"summary": summary, "lagging": lagging}


def _lag_sentence(lag: calc.Lag) -> str:
    """The region's weakest lagging indicators with their execution; the rest as a count."""
    named = "; ".join(f"{name} {_percent(pct)}" for name, pct in lag.indicators[:LISTED])
    more = len(lag.indicators) - LISTED
    if more > 0:
        return ngettext("%(region)s: %(indicators)s; and %(num)d more indicator.",
                        "%(region)s: %(indicators)s; and %(num)d more indicators.", more,
                        region=lag.region, indicators=named)
    return _("%(region)s: %(indicators)s.", region=lag.region, indicators=named)
