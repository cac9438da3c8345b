"""How the indicator pages, the briefing and the charts write a share: one way everywhere."""
from __future__ import annotations

from flask_babel import format_percent


def percent(fraction: float | None) -> str:
    """0.907 → "90,7 %" (in the reader's locale); no figure → "—"."""
    return "—" if fraction is None else format_percent(fraction, "#,##0.0%")
