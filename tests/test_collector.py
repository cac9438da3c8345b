"""The cycle collector is paused while a PDF or bulk rows are made, and only then."""
import gc

import pytest

from caseworker import collector


def test_the_collector_is_paused_while_a_pdf_is_made_and_runs_after(collector_on):
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_runs_again_only_when_the_last_of_two_overlapping_pdfs_is_made(collector_on):
    first, second = collector.paused(), collector.paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second is still being laid out
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_it_runs_again_after_a_pdf_that_failed(collector_on):
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("layout failed")
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused(collector_on):
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
