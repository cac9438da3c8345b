"""gunicorn on a free port of 127.0.0.1, started and stopped by the harness (by its pid)."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# As `make run` serves the app.
SETTINGS = ("--workers", "2", "--threads", "4")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def gunicorn(target: str, env: dict[str, str], log: Path, wait: float = 60) -> Iterator[int]:
    """Serve `target` (module:app) and yield its port; stop it on the way out."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", *SETTINGS, target],
            cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + wait
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {target} did not start; see {log}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()  # workers still busy after gunicorn's graceful timeout get killed
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def job_worker(env: dict[str, str], log: Path) -> Iterator[None]:
    """One job worker (`flask jobs worker`, as `make run` starts beside the server, without
    the schedule, whose periodic work would run among the measurements); stopped on the way
    out (SIGTERM: a job it was running is queued again, and the queue is the benchmark's)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi:app", "jobs", "worker",
             "--no-schedule"], cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
