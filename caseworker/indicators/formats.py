"""How the indicator pages, the briefing and the charts write a share and a chart's scale: one
way everywhere."""
from __future__ import annotations

from babel.numbers import format_compact_decimal
from flask_babel import format_decimal, format_percent, get_locale


def percent(fraction: float | None) -> str:
    """0.907 → "90,7 %" (in the reader's locale); no figure → "—"."""
    return "—" if fraction is None else format_percent(fraction, "#,##0.0%")


def scale(value: int) -> str:
    """A chart axis's top value, short enough for the axis: 95 000 in full, 319 642 836 as
    "319,6 млн" (in the reader's locale)."""
    if value < 100_000:
        return format_decimal(value, "#,##0")
    return format_compact_decimal(value, locale=get_locale(), fraction_digits=1)
