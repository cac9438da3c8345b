"""The task queue: huey, with its messages in SQLite in instance/ (one machine), or in Redis
when CASEWORKER_REDIS_URL is set (several machines), or run at once in the caller (tests).

One module-level instance, so that tasks are declared at import; `configure(app)` gives it its
storage when the app is made. Tasks run inside an app context: the caller's (run at once), or
the configured app's (in a worker thread)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

huey = Huey("caseworker", results=False, immediate=True, utc=True)
_app: Flask | None = None


def configure(app: Flask, immediate: bool | None = None) -> None:
    """Redis when the app names it, else the SQLite file; at once when `immediate` (by default
    in tests)."""
    global _app
    _app = app
    if immediate is None:
        immediate = bool(app.config.get("JOBS_IMMEDIATE", app.config.get("TESTING")))
    if app.config.get("REDIS_URL"):
        use(RedisStorage, immediate, url=app.config["REDIS_URL"])
    else:
        use(SqliteStorage, immediate, filename=app.config["QUEUE_FILE"])


def use(storage_class, immediate: bool, **options) -> None:
    """Point the queue at a storage (tests point it at a temporary one)."""
    if not immediate and storage_class is SqliteStorage:
        Path(options["filename"]).parent.mkdir(parents=True, exist_ok=True)
    huey.storage_class, huey.storage_kwargs = storage_class, options
    huey.immediate = immediate
    huey.storage = huey.create_storage()


@contextmanager
def app_context():
    """A context of its own for a task: its own database session, as in a worker."""
    app = current_app._get_current_object() if has_app_context() else _app
    if app is None:
        raise RuntimeError("the task queue has no app: call queue.configure(app) first")
    with app.app_context():
        yield app
