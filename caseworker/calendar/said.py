"""A calendar day's source in the reader's language. The sources the `holidays` package's rows
are given (`source.DECREE`, `MOVED`, `HOLIDAY`, `ESTIMATED` after the package's name and
version) are said in kk, ru or en; a source an admin typed or a file brought is shown as typed."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from caseworker.calendar import source

PACKAGE = re.compile(r"^(holidays \S+): (.+)$")
DECREE = re.compile("^" + re.escape(source.DECREE).replace(r"\{\}", r"(\d{4})") + "$")


def _part(words: str) -> str | None:
    decree = DECREE.match(words)
    if decree:
        return _("government decree on moving days off in %(year)s", year=decree.group(1))
    return {
        source.MOVED: lambda: _("a holiday on a day off moves to the next working day "
                                "(Labour Code, art. 85)"),
        source.HOLIDAY: lambda: _("public holiday"),
        source.ESTIMATED: lambda: _("the date is the package's estimate from the Islamic "
                                    "calendar"),
    }.get(words, lambda: None)()


def said(text: str) -> str:
    """`text` in the reader's language when it is one of the package's sources, else as is."""
    found = PACKAGE.match(text or "")
    if not found:
        return text
    parts = [_part(words) for words in found.group(2).split("; ")]
    if None in parts:
        return text
    return f"{found.group(1)}: " + "; ".join(parts)
