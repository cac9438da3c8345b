"""The interface ships in Kazakh, Russian and English: every message of the template has a
Kazakh and a Russian translation that keeps its placeholders."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1] / "caseworker" / "translations"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def messages(path):
    with open(path, "rb") as f:
        return read_po(f)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_is_complete(lang):
    template = {m.id for m in messages(ROOT / "messages.pot") if m.id}
    catalog = {m.id: m for m in messages(ROOT / lang / "LC_MESSAGES" / "messages.po") if m.id}
    missing = [mid for mid in template if mid not in catalog or not catalog[mid].string
               or catalog[mid].fuzzy]
    assert missing == []
    for mid, message in catalog.items():
        source = mid if isinstance(mid, str) else mid[0]
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in texts:
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(source)) | set(
                PLACEHOLDER.findall(mid[1] if not isinstance(mid, str) else "")), (mid, text)


def test_the_template_holds_the_interface():
    """An extraction cut short leaves an empty template, and every catalog checked against it
    then looks complete: the template must hold the interface's messages."""
    template = {m.id for m in messages(ROOT / "messages.pot") if m.id}
    assert len(template) > 1000
    assert {"Nothing was saved", "Log out"} <= template


def test_the_templates_follow_a_locale_forced_inside_a_request(app):
    """The templates' gettext keeps the request's translations, and makes them again when the
    locale changes (a document in the reader's language inside another's request)."""
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ _('Log out') }}"
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert render_template_string(page) == "Выйти"
        with force_locale("kk"):
            assert render_template_string(page) == "Шығу"
        assert render_template_string(page) == "Выйти"
