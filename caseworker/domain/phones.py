"""Kazakhstan phone numbers: +7 followed by ten digits starting with 7."""
from __future__ import annotations

import re

_KEEP = re.compile(r"[\s()\-.]")


def normalise(text: str) -> str | None:
    """`+7 7XX XXX XX XX` for a valid number (also written 8 7XX..., 87XX..., +77XX...),
    or None."""
    digits = _KEEP.sub("", text.strip())
    if digits.startswith("+7"):
        digits = digits[2:]
    elif len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10 or not digits.isdigit() or not digits.isascii() or digits[0] != "7":
        return None
    return f"+7 {digits[0:3]} {digits[3:6]} {digits[6:8]} {digits[8:10]}"
