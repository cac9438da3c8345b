"""The quick ways of writing numbers and labels (a dashboard writes hundreds of each) write
exactly what Babel and Flask-Babel write."""
from __future__ import annotations

import pytest
from flask_babel import format_decimal, lazy_gettext

from caseworker import labels
from caseworker.indicators.formats import whole
from caseworker.translating import lazy_gettext as quick_lazy

NUMBERS = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -123_456_789,
           9_876_543_210, 10**15 + 3]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_whole_number_is_written_as_babel_writes_it(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for n in NUMBERS:
            assert whole(n) == format_decimal(n, "#,##0"), n
        assert whole(1234.5) == format_decimal(1234.5, "#,##0")  # not whole: Babel's way


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_quick_lazy_label_reads_as_flask_babels(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for text in ("Active", "Employed", "Caseworker"):
            assert str(quick_lazy(text)) == str(lazy_gettext(text))
        assert str(quick_lazy("places left: %(n)d", n=5)) == str(
            lazy_gettext("places left: %(n)d", n=5))
        assert labels.label(labels.STATUSES, "active") == str(lazy_gettext("Active"))
        if language != "en":
            assert labels.label(labels.STATUSES, "active") != "Active"
