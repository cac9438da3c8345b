"""A bound on every request, so that a page that would take hours fails its case after a while
instead of holding up the run. On PostgreSQL every connection (in-process and under gunicorn)
gets a statement_timeout; SQLite statements in-process stop at the deadline of the current
call (a progress handler); under gunicorn, where SQLite cannot be stopped, the client gives up
and each case has a gunicorn of its own."""
from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine


T = TypeVar("T")


class Failed(RuntimeError):
    """A case that could not be measured, and why."""


def attempt(what: str, measure: Callable[[], T]) -> T | str:
    """The measurement, or why it failed (the run goes on with the other cases)."""
    try:
        return measure()
    except Failed as error:
        print(f"{what}: {error}", file=sys.stderr, flush=True)
        return f"failed: {error}"


def bounded_url(url: str, seconds: float) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    options = f"-c statement_timeout={int(seconds * 1000)}"
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


class Deadline:
    """When the in-process call running now must end (one call at a time)."""

    def __init__(self):
        self.at = math.inf

    def install(self, engine: Engine) -> None:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", self._connect)
            engine.dispose()  # connections made before get the handler too

    def _connect(self, dbapi_connection, _record) -> None:
        dbapi_connection.set_progress_handler(lambda: time.monotonic() > self.at, 100_000)

    def bound(self, call: Callable[[int], None], seconds: float) -> Callable[[int], None]:
        """call(i) with this deadline; a failure says how long the call ran."""
        def run(i: int) -> None:
            start = time.monotonic()
            self.at = start + seconds
            try:
                call(i)
            except Exception as error:
                raise Failed(f"{error} after {time.monotonic() - start:.1f} s") from error
            finally:
                self.at = math.inf
        return run


DEADLINE = Deadline()
