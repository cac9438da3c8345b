"""The PDF module: the cycle collector is paused while a PDF is made, and only then."""
import gc
import threading
from datetime import date
from types import SimpleNamespace

import pytest

from caseworker import pdf


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_while_a_pdf_is_made_and_runs_after(collector_on):
    with pdf._collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_runs_again_only_when_the_last_of_two_overlapping_pdfs_is_made(collector_on):
    first, second = pdf._collector_paused(), pdf._collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second is still being laid out
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_it_runs_again_after_a_pdf_that_failed(collector_on):
    with pytest.raises(RuntimeError), pdf._collector_paused():
        raise RuntimeError("layout failed")
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused(collector_on):
    gc.disable()
    with pdf._collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


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
