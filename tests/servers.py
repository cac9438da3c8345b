"""Real servers for the tests that need them: a free port, a gunicorn started on it, and waiting
(bounded) until it answers."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(**settings: str) -> dict:
    """The environment of a server or worker the test starts: its own settings, no job worker
    inside the web server, plain log lines."""
    env = dict(os.environ, CASEWORKER_SECRET_KEY="test-secret", CASEWORKER_LOG_FORMAT="text",
               **settings)
    env.pop("CASEWORKER_START_WORKER", None)
    return env


def gunicorn(port: int, env: dict, workers: int = 1) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
         str(workers), "--threads", "2", "wsgi:app"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(url: str, server: subprocess.Popen) -> None:
    """Until the server answers (it loads the app first), or it has stopped."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
