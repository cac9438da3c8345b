"""How the indicator pages, the briefing and the charts write a number, a share and a chart's
scale: one way everywhere."""
from __future__ import annotations

from babel.numbers import format_compact_decimal, get_group_symbol, get_minus_sign_symbol
from flask_babel import format_decimal, format_percent, get_locale

_SIGNS: dict[str, tuple[str, str]] = {}  # locale -> (group separator, minus sign)


def whole(value) -> str:
    """12345 → "12 345" (in the reader's locale), as Babel writes it with "#,##0". A whole
    number is written here without Babel's pattern machinery (the dashboard writes hundreds
    a page); anything else goes through Babel."""
    if type(value) is not int:
        return format_decimal(value, "#,##0")
    locale = get_locale()
    key = str(locale)
    signs = _SIGNS.get(key)
    if signs is None:
        signs = _SIGNS[key] = (get_group_symbol(locale), get_minus_sign_symbol(locale))
    text = f"{abs(value):,}".replace(",", signs[0])
    return signs[1] + text if value < 0 else text


def percent(fraction: float | None) -> str:
    """0.907 → "90,7 %" (in the reader's locale); no figure → "—"."""
    return "—" if fraction is None else format_percent(fraction, "#,##0.0%")


def scale(value: int) -> str:
    """A chart axis's top value, short enough for the axis: 95 000 in full, 319 642 836 as
    "319,6 млн" (in the reader's locale)."""
    if value < 100_000:
        return whole(value)
    return format_compact_decimal(value, locale=get_locale(), fraction_digits=1)
