"""HTML to PDF with WeasyPrint. The renderer fetches nothing but the app's own static files
(and data: URIs the app itself makes, such as QR codes); everything else is refused."""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from flask import Response, render_template

from caseworker import collector

STATIC = Path(__file__).resolve().parent / "static"


def _fetcher():
    from weasyprint.urls import URLFetcher  # WeasyPrint loads lazily: it is slow to import

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url[len("file://"):].split("?")[0]).resolve()
                if path.is_file() and STATIC in path.parents:
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]}")

    return StaticOnlyFetcher(allowed_protocols=("file", "data"))


_local = threading.local()

# The stylesheets of each print template, in cascade order. They are parsed once per thread and
# handed to WeasyPrint with the document: a <link> would be fetched and parsed for every PDF.
STYLESHEETS = {
    "pdf/letters.html": ("print.css", "letter.css"),
    "pdf/plan.html": ("print.css",),
}


def _fonts():
    """One font configuration per thread: made once, it spares each render the lookup of the
    system's fonts (Pango's font map is not shared between threads)."""
    if not hasattr(_local, "fonts"):
        from weasyprint.text.fonts import FontConfiguration
        _local.fonts = FontConfiguration()
    return _local.fonts


def _stylesheets(template: str) -> list:
    from weasyprint import CSS
    parsed = _local.__dict__.setdefault("stylesheets", {})
    for name in STYLESHEETS.get(template, ()):
        if name not in parsed:
            parsed[name] = CSS(filename=str(STATIC / "css" / name), url_fetcher=_fetcher(),
                               font_config=_fonts())
    return [parsed[name] for name in STYLESHEETS.get(template, ())]


def preload() -> None:
    """Import WeasyPrint ahead of the first PDF (a server's worker calls this before it
    serves, so that the first letter is not slower than the rest)."""
    import weasyprint  # noqa: F401
    import weasyprint.text.fonts  # noqa: F401


def _document(template: str, **context):
    from weasyprint import HTML
    html = render_template(template, **context)
    return HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_fetcher()).render(
        font_config=_fonts(), stylesheets=_stylesheets(template))


def render(template: str, **context) -> bytes:
    with collector.paused():
        return _document(template, **context).write_pdf()


def pdf_response(body: bytes, filename: str) -> Response:
    """A PDF shown in the browser (inline), saved under `filename`."""
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def minimal() -> bytes:
    """The least a PDF costs here: one paragraph laid out and written as every document is
    (this thread's fonts, the collector paused). The benchmark's floor of the PDF budgets."""
    from weasyprint import HTML
    with collector.paused():
        return HTML(string="<p>x</p>").render(font_config=_fonts()).write_pdf()


def render_many(template: str, contexts: Iterable[dict]) -> Iterator[int | bytes]:
    """One PDF of the template laid out once per context: yields how many are laid out after
    each (for a progress display), then the PDF's bytes."""
    documents = []
    for done, context in enumerate(contexts, start=1):
        with collector.paused():
            documents.append(_document(template, **context))
        yield done
    pages = [page for document in documents for page in document.pages]
    with collector.paused():
        body = documents[0].copy(pages).write_pdf()
    yield body
