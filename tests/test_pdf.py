"""The PDF module."""
import gc
import subprocess
import threading
from datetime import date
from types import SimpleNamespace


from caseworker import pdf


def _plan() -> dict:
    """What the individual plan's print shows, as plain values."""
    day = date(2026, 11, 27)
    return {"person": SimpleNamespace(full_name="Есенова Томирис", iin="100123693059"),
            "centre": SimpleNamespace(name_kk="Мансап орталығы", name_ru="Центр карьеры",
                                      address_ru="Алматы", phone="+7 727 000 00 00"),
            "plan": SimpleNamespace(agreed_on=day, next_review_on=day, goal="Работа",
                                    steps=[]),
            "caseworker": None}


def test_pdfs_made_in_threads_leave_the_collector_running(app, collector_on):
    errors, results = [], []

    def make():
        try:
            with app.test_request_context():
                results.append(pdf.render("pdf/plan.html", **_plan()))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=make) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and gc.isenabled()
    assert [_text(body).count("Есенова Томирис") >= 1 for body in results] == [True] * 3


def _text(body: bytes) -> str:
    """What a reader of the PDF sees (poppler's pdftotext)."""
    assert body.startswith(b"%PDF-")
    return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True,
                          check=True).stdout.decode()


def test_a_pdf_response_is_shown_inline_under_its_name(app):
    with app.test_request_context():
        response = pdf.pdf_response(b"%PDF-1.7 x", "letter-43-2026-000001.pdf")
    assert response.mimetype == "application/pdf" and response.data == b"%PDF-1.7 x"
    assert response.headers["Content-Disposition"] == (
        'inline; filename="letter-43-2026-000001.pdf"')


def test_the_minimal_document_is_a_pdf_made_with_the_collector_back_on(collector_on):
    body = pdf.minimal()
    assert _text(body).strip() == "x" and gc.isenabled()
