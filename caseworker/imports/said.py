"""What the report of bad rows says, kept as codes and parameters rather than as text: an
import's job stores each problem with its refusal code, the values its message names and the
message's own words untranslated (`stored`), and whoever reads the report later, on the page,
through the API or as its CSV, reads each reason in their own language (`message_of`)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from flask_babel import gettext
from flask_babel.speaklater import LazyString

from caseworker.imports.reading import Problem
from caseworker.refusals import REFUSALS
from caseworker.spoken import LATER, kept as _said, said as _spoken

__all__ = ["LATER", "message_of", "read", "stored"]


def message_of(problem: Problem) -> str:
    """What a problem says, in the language of the moment."""
    if isinstance(problem.message, dict):
        return _spoken(problem.message)
    if problem.message is not None:
        return str(problem.message)
    known = REFUSALS.get(problem.code)
    if known is None:
        return problem.code
    if problem.values:
        return gettext(known.message._args[0], **problem.values) \
            if isinstance(known.message, LazyString) else str(known.message)
    return str(known.message)


def stored(problems: Iterable[Problem]) -> Iterator[str]:
    """The problems as lines of JSON, in the order of their files and lines."""
    for p in sorted(problems, key=lambda p: (p.source, p.line)):
        yield json.dumps({"source": p.source, "line": p.line, "column": p.column,
                          "value": p.value, "code": p.code, "values": p.values,
                          "said": p.message if isinstance(p.message, dict)
                          else _said(p.message)}, ensure_ascii=False) + "\n"


def read(lines: Iterable[str], limit: int | None = None) -> list[Problem]:
    found = []
    for text in lines:
        if limit is not None and len(found) >= limit:
            break
        if text.strip():
            item = json.loads(text)
            found.append(Problem(item["source"], item["line"], item["column"], item["value"],
                                 item["code"], item.get("values") or {}, item.get("said")))
    return found
