"""gunicorn reads this file from the project's folder (`make run`, the benchmark's servers).

Once a worker has loaded the app it imports WeasyPrint (loaded lazily otherwise, so the first
PDF would pay for it) and moves every object made so far out of the garbage collector's reach
(`gc.freeze`): a full collection during a request then walks only what requests made, not the
whole app, which took tens of milliseconds off the slowest requests (a PDF's p95 from 130 to
about 75 ms in a measurement of 60 letters)."""
import gc
import os
import shutil
from pathlib import Path

# /metrics adds up the counts of every worker process (caseworker.observe): each writes them to
# files in this folder, emptied when the server starts and named by PROMETHEUS_MULTIPROC_DIR,
# which must be set before a worker imports prometheus_client.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _metrics_dir = Path(__file__).resolve().parent / "instance" / "metrics"
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)


# A kept-alive connection stays open 5 s between requests (gunicorn's default is 2 s). With 2 s,
# a client that waits about 2 s before its next request sends it just as the server closes the
# connection, and gets a reset: the load test had 33 errors with 2 s (30 such resets, nothing in
# the servers' logs) and 0 and 1 in two runs with 5 s. A proxy in front should close idle
# connections before this does.
keepalive = 5


def child_exit(server, worker):
    from prometheus_client import multiprocess
    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    from caseworker import pdf
    pdf.preload()
    gc.collect()
    gc.freeze()


# A worker's first requests fill what it keeps for all later ones (compiled templates and
# statements, translations, reference data): once they have, that goes out of the collector's
# reach too, as what start-up made did, so that a full collection during a request walks only
# what the request made.
WARMED_AFTER = 50  # requests of one worker
_warm = {"served": 0, "frozen": False}


def post_request(worker, req, environ, resp):
    _warm["served"] += 1
    if _warm["served"] >= WARMED_AFTER and not _warm["frozen"]:
        _warm["frozen"] = True
        gc.collect()
        gc.freeze()


# `make run` (CASEWORKER_START_WORKER=1): one job worker (`flask jobs worker`, the queue and its
# schedule) starts with the server and stops with it. SIGTERM stops it at once: a job it was
# running is queued again for the next worker (caseworker.jobs.tasks).
_job_worker = None


def on_starting(server):
    import os
    import subprocess
    import sys
    from pathlib import Path
    global _job_worker
    if os.environ.get("CASEWORKER_START_WORKER") != "1":
        return
    _job_worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi:app", "jobs", "worker"],
        cwd=str(Path(__file__).resolve().parent))
    server.log.info("job worker started (pid %s)", _job_worker.pid)


def when_ready(server):
    """`make run` ends its start-up saying where to go and whom to log in as."""
    if os.environ.get("CASEWORKER_SAY_READY") == "1":
        port = os.environ.get("PORT", "5000")
        print(f"\n  caseworker is ready: open http://127.0.0.1:{port}/ and log in as "
              "caseworker.kyzylorda (password enbek-demo-2026);\n  every demo login is in "
              "README.md, \"Demo logins\". Ctrl+C stops the server and its job worker.\n",
              flush=True)


def on_exit(server):
    if _job_worker is None or _job_worker.poll() is not None:
        return
    _job_worker.terminate()
    try:
        _job_worker.wait(timeout=30)
    except Exception:  # it did not stop in time: it must not outlive the server
        _job_worker.kill()
    server.log.info("job worker stopped")
