"""The PDF module."""
import gc
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
    errors = []

    def make():
        try:
            with app.test_request_context():
                assert pdf.render("pdf/plan.html", **_plan()).startswith(b"%PDF")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=make) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and gc.isenabled()


def test_the_minimal_document_is_a_pdf_made_with_the_collector_back_on(collector_on):
    body = pdf.minimal()
    assert body.startswith(b"%PDF-") and gc.isenabled()
