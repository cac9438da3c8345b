"""Words kept to be said later: a message stored as what makes it (the catalogue's words and
the values it names) rather than as text, and said in the language of whoever reads it. An
import's report of bad rows and a job's closing message are kept so: the page, the API and a
downloaded file each read them in their reader's language, not in the language of whoever
started the work."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel.speaklater import LazyString
from flask_wtf.i18n import translations as form_translations


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


def kept(message) -> dict | None:
    """A message as what makes it: the words to translate and their values (a lazy string of
    the catalogue), or text as it was given (a message that was text already)."""
    if message is None:
        return None
    if isinstance(message, LazyString) and message._func == form_translations.gettext:
        return {"form_msgid": message._args[0]}
    if isinstance(message, LazyString) and message._func is gettext and message._args:
        return {"msgid": message._args[0],
                "params": {k: kept(v) if isinstance(v, LazyString) else
                           (v if isinstance(v, (int, float)) else str(v))
                           for k, v in message._kwargs.items()}}
    return {"text": str(message)}


def said(words: dict) -> str:
    """What `kept` kept, in the language of the moment."""
    if "text" in words:
        return words["text"]
    if "form_msgid" in words:
        return form_translations.gettext(words["form_msgid"])
    params = {k: said(v) if isinstance(v, dict) else v
              for k, v in words.get("params", {}).items()}
    return gettext(words["msgid"], **params)
