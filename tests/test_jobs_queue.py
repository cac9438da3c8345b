"""The queue for real: a huey consumer (worker threads, as `flask jobs worker` runs them)
against SqliteHuey in a temporary folder, and against Redis (database 14) when it runs.
A job goes queued -> running (with its progress on its page) -> done (its result downloads);
a worker stopped in the middle of a job leaves it queued again, and the next run ends it."""
from __future__ import annotations

import queue as fifo
import threading
from contextlib import contextmanager

import pytest
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_INTERRUPTED
from huey.storage import RedisStorage, SqliteStorage

from caseworker.extensions import db
from caseworker.jobs import files, kinds, queue
from caseworker.jobs.kinds import Outcome
from caseworker.models import Job
from tests import factories as f
from tests.conftest import login

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def owner(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "FILES_DIR", str(tmp_path / "files"))
    with app.app_context():
        f.user("cw", "caseworker", f.districts_of("430000000")[0])
        db.session.commit()
    yield "cw"
    queue.configure(app)  # back to the tests' mode: at once


@contextmanager
def consumer():
    """Worker threads of a huey consumer, and a FIFO of what they report (task name, signal);
    stopped at the end (without the consumer's signal handlers: this is the test's process)."""
    reports: fifo.Queue = fifo.Queue()

    def report(signal, task, *_args, **_kwargs):
        reports.put((task.name, signal))
    queue.huey.signal(SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_INTERRUPTED)(report)
    running = queue.huey.create_consumer(workers=1, worker_type="thread", periodic=False,
                                         initial_delay=0.01, max_delay=0.05)
    threads = [t for _, t in running.worker_threads]
    for thread in threads:
        thread.start()
    try:
        yield reports
    finally:
        running.stop_flag.set()
        for thread in threads:
            thread.join()
        queue.huey.disconnect_signal(report)




def _state(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


class Gate:
    """A job kind that stops half-way until the test lets it go on."""

    def __init__(self):
        self.halfway, self.go_on = threading.Event(), threading.Event()

    def run(self, job, progress):
        progress(2, total=4, errors=1)
        self.halfway.set()
        self.go_on.wait()
        progress(4, errors=1)
        with files.writing(job.id, ".txt") as (out, name):
            out.write(b"four rows\n")
        return Outcome("four rows written", name, "rows.txt", errors=1)


def _queued_running_done(app, client, who, monkeypatch):
    gate = Gate()
    monkeypatch.setitem(kinds.KINDS, "test.gate", kinds.Kind("test.gate", "Gate", gate.run))
    job_id = f.start_job(app, "test.gate", who)
    assert _state(app, job_id).state == "queued" and queue.huey.pending_count() == 1
    login(client, who)
    assert "Waiting in the queue" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    with consumer() as reports:
        gate.halfway.wait()
        job = _state(app, job_id)
        assert (job.state, job.done, job.total, job.errors) == ("running", 2, 4, 1)
        shown = client.get(f"/jobs/{job_id}").get_data(as_text=True)
        assert "Running" in shown and "2 of 4" in shown and 'value="2"' in shown
        gate.go_on.set()
        assert reports.get() == ("job", SIGNAL_COMPLETE)
    job = _state(app, job_id)
    assert (job.state, job.done, job.total, job.errors) == ("done", 4, 4, 1)
    assert client.get(f"/jobs/{job_id}/result").get_data() == b"four rows\n"


def test_a_consumer_on_sqlite_runs_a_job_through(app, client, owner, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "QUEUE_FILE", str(tmp_path / "queue" / "huey.sqlite"))
    queue.configure(app, immediate=False)
    assert isinstance(queue.huey.storage, SqliteStorage)
    _queued_running_done(app, client, owner, monkeypatch)


class Interrupted:
    """Stops like a worker told to stop at once, the first time; runs through the next."""

    def __init__(self):
        self.calls = 0

    def run(self, job, progress):
        self.calls += 1
        progress(1, total=2)
        if self.calls == 1:
            raise KeyboardInterrupt
        progress(2)
        return Outcome("done on the second attempt")


def _stopped_job(app, owner, tmp_path, monkeypatch) -> int:
    """A job on a real queue whose worker is told to stop while it runs (its first try)."""
    monkeypatch.setitem(app.config, "QUEUE_FILE", str(tmp_path / "huey.sqlite"))
    queue.configure(app, immediate=False)
    kind = Interrupted()
    monkeypatch.setitem(kinds.KINDS, "test.stop", kinds.Kind("test.stop", "Stop", kind.run))
    return f.start_job(app, "test.stop", owner)


def test_a_job_stopped_half_way_is_queued_again_and_ends(app, owner, tmp_path, monkeypatch):
    job_id = _stopped_job(app, owner, tmp_path, monkeypatch)
    with consumer() as reports:
        assert reports.get() == ("job", SIGNAL_INTERRUPTED)
        assert reports.get() == ("job", SIGNAL_COMPLETE)
    job = _state(app, job_id)
    assert (job.state, job.attempts, job.done) == ("done", 2, 2)
    assert job.message == "done on the second attempt"


def test_a_job_stopped_once_too_often_fails(app, owner, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_ATTEMPTS", 1)
    job_id = _stopped_job(app, owner, tmp_path, monkeypatch)
    with consumer() as reports:
        assert reports.get() == ("job", SIGNAL_INTERRUPTED)
    job = _state(app, job_id)
    assert job.state == "failed" and "nothing of it was saved" in job.message
    assert queue.huey.pending_count() == 0


def _redis_reachable() -> bool:
    import redis
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_a_consumer_on_redis_runs_a_job_through(app, client, owner, monkeypatch):
    if not _redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    queue.configure(app, immediate=False)
    assert isinstance(queue.huey.storage, RedisStorage)
    queue.huey.flush()
    try:
        _queued_running_done(app, client, owner, monkeypatch)
    finally:
        queue.huey.flush()
