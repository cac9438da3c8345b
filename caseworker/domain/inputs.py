"""What any typed value must be before a rule looks at it, whichever door it comes through:
text without control characters (tab and line breaks only where the text has lines), and a
date within the window a record of people's working lives can have."""
from __future__ import annotations

import unicodedata
from datetime import date

LINE_BREAKS = frozenset("\t\n\r")
EARLIEST = date(1900, 1, 1)
# Loose at the far end, so that a field's narrower rule (a calendar year, a plan year) is the
# one that speaks there; year 1 or 9999 never reaches a rule.
LATEST = date(2199, 12, 31)


def bad_characters(text: str, multiline: bool = False) -> bool:
    """True when the text holds a control character (NUL, ESC, DEL, C1), a lone surrogate or
    a line break or tab where it should be one line."""
    for char in text:
        if multiline and char in LINE_BREAKS:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


def date_in_window(day: date) -> bool:
    if hasattr(day, "date"):
        day = day.date()
    return EARLIEST <= day <= LATEST
