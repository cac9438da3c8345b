"""The templates' gettext, read from the request's translations in one step.

Flask-Babel's template callables look up the request's context three times for every string
(the domain, the locale, the translations), about a thousand times on a person's page. These
do it once: the translations are kept beside the locale they were made for, and made again
when the locale changes (`force_locale`, `refresh`), so they translate exactly as Flask-Babel's
own do. `lazy_gettext` is Flask-Babel's lazy string read the same way (the labels of codes and
fields: a page writes hundreds)."""
from __future__ import annotations

from flask_babel import _get_current_context, gettext, get_translations
from flask_babel.speaklater import LazyString


def translations():
    ctx = _get_current_context()
    locale = getattr(ctx, "babel_locale", None) if ctx is not None else None
    if locale is None:  # outside a request, or before the locale is chosen
        return get_translations()
    kept = getattr(ctx, "kept_translations", None)
    if kept is None or kept[0] is not locale:
        kept = (locale, get_translations())
        ctx.kept_translations = kept
    return kept[1]


def install(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)


class LazyText(LazyString):
    """Flask-Babel's lazy string (the same class to anything that asks), translated in one
    lookup when written."""

    def __init__(self, string: str, **variables):
        super().__init__(gettext, string, **variables)

    def __str__(self) -> str:
        text = translations().ugettext(self._args[0])
        return text % self._kwargs if self._kwargs else text


def lazy_gettext(string: str, **variables) -> LazyText:
    return LazyText(string, **variables)
