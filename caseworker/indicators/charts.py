"""SVG charts of the indicators: execution by region (or district), and the monthly trend of a
fact against the even pace to the plan. The geometry is computed here; the templates
(`indicators/*.svg`) only draw it, the same on the page and in the PDF."""
from __future__ import annotations

import base64
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template

from caseworker.domain import indicators as calc
from caseworker.indicators import summary
from caseworker.indicators.definitions import Indicator
from caseworker.indicators.queries import Period
from caseworker.indicators.tables import Table

BAR_AREA, LABEL_WIDTH, ROW = 470, 230, 22
COLOURS = {"on_track": "#2e7d32", "behind": "#8a5a00", "lagging": "#b3261e"}
# Every label is 12 px or larger, and a chart is shown at its own size or larger (a narrow
# screen scrolls it sideways rather than shrinking its letters). A chart's title is 14 px bold:
# up to 10 px a letter (Kazakh and Russian capitals and wide letters), a line every 18 px; its
# notes are 12 px: up to 8 px a letter, a line every 16 px.
FONT_PX, TITLE_PX = 12, 14
TITLE_PX_PER_LETTER, TITLE_LINE = 10, 18
NOTE_PX_PER_LETTER, NOTE_LINE = 8, 16
LABEL_LETTERS = 28  # a bar's label: longer names end in "…" (the table has them whole)


def lines_of(text: str, width: float, px_per_letter: float = NOTE_PX_PER_LETTER) -> list[str]:
    """Text in lines that fit `width` pixels: SVG text does not wrap, and a long title or note
    (as in Kazakh) ran off the chart's edge."""
    return textwrap.wrap(text, max(20, int(width // px_per_letter))) or [""]


def heading(title: str, width: float) -> dict:
    """The title's lines with their baselines, and how far the chart moves down for them."""
    lines = lines_of(title, width - 8, TITLE_PX_PER_LETTER)
    return {"lines": [(15 + TITLE_LINE * i, line) for i, line in enumerate(lines)],
            "shift": TITLE_LINE * len(lines) - 4}


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    width: float
    colour: str
    text: str


def short(label: str, letters: int = LABEL_LETTERS) -> str:
    return label if len(label) <= letters else label[:letters - 1].rstrip() + "…"


def bars(table: Table, ind: Indicator, no_plan: str, hidden: str, percent) -> dict:
    """The bars of execution by row of the table, scaled to the largest (at least 120%)."""
    figures = [(short(row.name), row.figures[ind.code]) for row in table.rows]
    top = max([1.2] + [f.execution for _, f in figures if f.execution is not None])
    top = min(top, 3.0)
    out = []
    for n, (name, fig) in enumerate(figures):
        y = 40 + n * ROW
        if fig.hidden:
            out.append(Bar(y, name, 0, "#6c757d", hidden))
        elif fig.execution is None:
            out.append(Bar(y, name, 0, "#6c757d", no_plan))
        else:
            out.append(Bar(y, name, BAR_AREA * min(fig.execution, top) / top,
                           COLOURS[fig.status], percent(fig.execution)))
    return {"bars": out, "height": 40 + len(out) * ROW + 42, "label_width": LABEL_WIDTH,
            "area": BAR_AREA, "expected_x": LABEL_WIDTH + BAR_AREA * min(table.share, top) / top,
            "full_x": LABEL_WIDTH + BAR_AREA * 1.0 / top, "width": LABEL_WIDTH + BAR_AREA + 90}


def month_ends(period: Period) -> list[date]:
    """The ends of the months of the year up to the report date, the report date last."""
    ends = [date(period.year, month + 1, 1) - timedelta(days=1)
            for month in range(1, period.as_of.month)]
    return ends + [period.as_of]


def trend_points(ind: Indicator, period: Period, region_id: int | None) -> list[tuple[date, int]]:
    """The cumulative fact at each month's end (and the report date), from the summary."""
    ends = month_ends(period)
    return list(zip(ends, summary.month_ends(period, ends, ind.key, region_id)))


def trend(points: list[tuple[date, int]], plan: int | None, year: int) -> dict:
    """The polyline of the fact and the line of the even pace to the plan, in chart space."""
    width, height, left, bottom = 560, 220, 70, 190
    top = max([plan or 0] + [v for _, v in points] + [1])
    days = calc.year_days(year)

    def xy(day: date, value: float) -> tuple[float, float]:
        x = left + (width - left - 20) * ((day - date(year, 1, 1)).days + 1) / days
        return round(x, 1), round(bottom - (bottom - 20) * value / top, 1)

    return {"width": width, "height": height, "left": left, "bottom": bottom, "top": top,
            "line": " ".join(f"{x},{y}" for x, y in (xy(d, v) for d, v in points)),
            "dots": [xy(d, v) + (v,) for d, v in points],
            "plan": (xy(date(year, 1, 1), 0), xy(date(year, 12, 31), plan)) if plan else None,
            "months": [(xy(date(year, m, 1), 0)[0], m) for m in range(1, 13)],
            "note_left": left + 6, "note_width": width - left - 12}


def svg_data_uri(template: str, **context) -> str:
    """A chart as a data: URI, for the PDF (whose renderer fetches nothing else)."""
    svg = render_template(template, **context)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def money(paid_to_date: list[tuple[date, int]], plan: int | None, year: int) -> dict:
    """A region's money by month: a bar of each month's payments, the line of what was paid
    from 1 January, and the even pace to the plan, on one scale."""
    width, height, left, bottom = 560, 220, 70, 190
    monthly = [(day, value - (paid_to_date[n - 1][1] if n else 0))
               for n, (day, value) in enumerate(paid_to_date)]
    top = max([plan or 0] + [v for _, v in paid_to_date] + [v for _, v in monthly] + [1])
    days = calc.year_days(year)
    slot = (width - left - 20) / 12

    def y_of(value: float) -> float:
        return round(bottom - (bottom - 20) * max(value, 0) / top, 1)

    def x_of(day: date) -> float:
        return round(left + (width - left - 20) * ((day - date(year, 1, 1)).days + 1) / days, 1)

    return {"width": width, "height": height, "left": left, "bottom": bottom, "top": top,
            "bars": [(round(left + slot * (day.month - 1) + 3, 1), y_of(value),
                      round(bottom - y_of(value), 1), round(slot - 6, 1), day, value)
                     for day, value in monthly],
            "line": " ".join(f"{x_of(d)},{y_of(v)}" for d, v in paid_to_date),
            "dots": [(x_of(d), y_of(v), d, v) for d, v in paid_to_date],
            "plan": ((left, bottom), (x_of(date(year, 12, 31)), y_of(plan))) if plan else None,
            "months": [(round(left + slot * (m - 1) + slot / 2, 1), m) for m in range(1, 13)],
            "note_left": left + 6, "note_width": width - left - 12}
