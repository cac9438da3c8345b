"""gunicorn reads this file from the project's folder (`make run`, the benchmark's servers).

Once a worker has loaded the app it imports WeasyPrint (loaded lazily otherwise, so the first
PDF would pay for it) and moves every object made so far out of the garbage collector's reach
(`gc.freeze`): a full collection during a request then walks only what requests made, not the
whole app, which took tens of milliseconds off the slowest requests (a PDF's p95 from 130 to
about 75 ms in a measurement of 60 letters)."""
import gc


def post_worker_init(worker):
    from caseworker import pdf
    pdf.preload()
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


def on_exit(server):
    if _job_worker is None or _job_worker.poll() is not None:
        return
    _job_worker.terminate()
    try:
        _job_worker.wait(timeout=30)
    except Exception:  # it did not stop in time: it must not outlive the server
        _job_worker.kill()
    server.log.info("job worker stopped")
