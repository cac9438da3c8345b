"""What the report of bad rows says, kept as codes and parameters rather than as text: an
import's job stores each problem with its refusal code, the values its message names and the
message's own words untranslated (`stored`), and whoever reads the report later, on the page,
through the API or as its CSV, reads each reason in their own language (`message_of`)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from flask_wtf.i18n import translations as form_translations

from caseworker.imports.reading import Problem
from caseworker.refusals import REFUSALS


class Later:
    """WTForms' translations that translate when read: a form's own messages ("Not a valid
    choice.") kept as words of its catalogue, said in the reader's language."""

    @staticmethod
    def gettext(string: str) -> LazyString:
        return LazyString(form_translations.gettext, string)

    @staticmethod
    def ngettext(singular: str, plural: str, n: int) -> LazyString:
        return LazyString(form_translations.ngettext, singular, plural, n)


LATER = Later()


def _said(message) -> dict | None:
    """A message as what makes it: the words to translate and their values (a lazy string of
    the catalogue), or text as it was given (a message that was text already)."""
    if message is None:
        return None
    if isinstance(message, LazyString) and message._func == form_translations.gettext:
        return {"form_msgid": message._args[0]}
    if isinstance(message, LazyString) and message._func is gettext and message._args:
        return {"msgid": message._args[0],
                "params": {k: _said(v) if isinstance(v, LazyString) else
                           (v if isinstance(v, (int, float)) else str(v))
                           for k, v in message._kwargs.items()}}
    return {"text": str(message)}


def _spoken(said: dict) -> str:
    if "text" in said:
        return said["text"]
    if "form_msgid" in said:
        return form_translations.gettext(said["form_msgid"])
    params = {k: _spoken(v) if isinstance(v, dict) else v
              for k, v in said.get("params", {}).items()}
    return gettext(said["msgid"], **params)


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
