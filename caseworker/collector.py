"""The cyclic garbage collector, paused while a piece of work makes a great many short-lived
objects without cycles (a PDF's layout, millions of generated rows): collecting every 700 new
objects meanwhile only costs time. Thread-aware: it runs again after the last thread that paused
it is done, and stays off if something else had switched it off before."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pausing = 0


@contextmanager
def paused() -> Iterator[None]:
    global _pausing
    with _lock:
        ours = _pausing > 0 or gc.isenabled()
        if ours:
            _pausing += 1
            gc.disable()
    try:
        yield
    finally:
        if ours:
            with _lock:
                _pausing -= 1
                if _pausing == 0:
                    gc.enable()
