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
