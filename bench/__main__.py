"""Build or reuse the national-scale database, measure every case beside its floors, print the
table and write it to bench/results/."""
from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack

from bench import build, measure, report, server
from bench.cases import CASES, Case, Subjects, choose
from bench.limits import DEADLINE, attempt, bounded_url
from caseworker import create_app
from caseworker.extensions import db

LOGS = build.ROOT / "bench" / "data"


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--persons", type=int, default=build.NATIONAL,
                        help="reuse the database when it holds at least this many")
    parser.add_argument("--rebuild", action="store_true",
                        help="build the database anew even when it holds enough persons")
    parser.add_argument("--requests", type=int, default=measure.Settings.requests,
                        help="timed requests per loop, after the warm-up")
    parser.add_argument("--warmup", type=int, default=measure.Settings.warmup)
    parser.add_argument("--only", default="",
                        help="measure only the cases whose name holds this text (the table is then "
                        "printed, not written)")
    parser.add_argument("--concurrency", type=int, default=measure.Settings.concurrency)
    parser.add_argument("--seconds", type=float, default=measure.Settings.seconds,
                        help="the most any one loop of requests may take")
    return parser.parse_args(argv)


def over_http(case: Case, subjects: Subjects, url: str, settings: measure.Settings):
    """A case against its own gunicorn, so that a request still running when the case
    fails (SQLite has no statement timeout) ends with it and slows no other case. A case
    whose page starts a background job gets a job worker beside the server, on a queue and
    a folder of results of the benchmark's own."""
    env = {"CASEWORKER_DATABASE_URL": url}
    with ExitStack() as stack:
        if case.job:
            env |= {"CASEWORKER_QUEUE_FILE": str(LOGS / "queue.sqlite"),
                    "CASEWORKER_FILES_DIR": str(LOGS / "files")}
            stack.enter_context(server.job_worker(env, LOGS / "job-worker.log"))
        port = stack.enter_context(server.gunicorn("wsgi:app", env, LOGS / "gunicorn-app.log"))
        return measure.over_http(port, settings, case, subjects)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    settings = measure.Settings(args.requests, args.warmup, args.concurrency, args.seconds)
    made = build.prepare(build.database_url(), args.persons, args.rebuild)
    url = bounded_url(made.url, settings.seconds)
    # in-process, a background job (a large export) runs at once in the request that starts
    # it, as in the app's tests; over HTTP a job worker runs it (`over_http`)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "JOBS_IMMEDIATE": True})
    with app.app_context():
        DEADLINE.install(db.engine)
    cases = [case for case in CASES if args.only.lower() in case.name.lower()]
    subjects = choose(app)
    print(f"measuring as {', '.join(subjects.logins.values())}", flush=True)
    in_process = {case.name: attempt(f"{case.name} in-process",
                                     lambda c=case: measure.server_time(app, c, subjects, settings))
                  for case in cases}
    pdf = measure.weasyprint(settings)
    http = {case.name: attempt(f"{case.name} over HTTP",
                               lambda c=case: over_http(c, subjects, url, settings))
            for case in cases}
    with server.gunicorn("bench.floor_app:app", {}, LOGS / "gunicorn-floor.log") as port:
        flask = measure.over_http(port, settings)
    table = report.rows(cases, in_process, http, flask, pdf)
    text = report.document(table, made, settings)
    print(text)
    if args.only:  # a partial table is not a result
        print("not written: --only measures a part of the table")
    else:
        print(f"written to {report.write(text, made.dialect).relative_to(build.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
