"""`make load`: two app servers on the benchmark's database, a locust crowd against them for a
bounded time, then per page p50/p95, errors and req/s beside /healthz of the same run, and the
tagged writes counted in the database (none may be lost). Written to bench/results/."""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import uuid
from contextlib import ExitStack
from dataclasses import asdict
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, func, select

from bench import build, report, server
from bench.cases import choose
from caseworker import create_app
from caseworker.demo import PASSWORD
from caseworker.domain.iin import make
from caseworker.models import Interaction, Person, Referral

DATA = build.ROOT / "bench" / "data"
CASEWORKER_PAGES = ("caseload", "person page", "registration", "referral form", "letter PDF")


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--persons", type=int, default=build.NATIONAL)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120, help="how long the crowd works")
    parser.add_argument("--spawn-rate", type=int, default=10)
    return parser.parse_args(argv)


def servers(stack: ExitStack, url: str, count: int = 2) -> list[str]:
    env = {"CASEWORKER_DATABASE_URL": url, "CASEWORKER_LOGIN_RATE_PER_ADDRESS": "10000 per minute",
           "CASEWORKER_LOGIN_RATE_PER_LOGIN": "10000 per minute", "CASEWORKER_LOG_FORMAT": "text"}
    return [f"http://127.0.0.1:{stack.enter_context(server.gunicorn('wsgi:app', env, DATA / f'load-{i}.log'))}"
            for i in range(count)]


def crowd(args, hosts: list[str], subjects: Path, tag: str, out: Path,
          password: str = PASSWORD) -> Path:
    """Run locust headless; the path of its statistics (CSV)."""
    prefix = out.parent / f"load-{tag}"
    env = dict(os.environ, LOAD_SUBJECTS=str(subjects), LOAD_HOSTS=",".join(hosts),
               LOAD_TAG=tag, LOAD_OUT=str(out), LOAD_PASSWORD=password)
    subprocess.run([sys.executable, "-m", "locust", "-f", str(build.ROOT / "bench" / "crowd" / "locustfile.py"),
                    "--headless", "--only-summary", "-u", str(args.users), "-r",
                    str(args.spawn_rate), "-t", f"{args.seconds}s", "--stop-timeout", "10",
                    "--host", hosts[0], "--csv", str(prefix)],
                   cwd=build.ROOT, env=env, check=False, timeout=args.seconds + 120)
    return Path(f"{prefix}_stats.csv")


def stats(path: Path) -> dict[str, dict]:
    with open(path, newline="") as f:
        return {row["Name"]: row for row in csv.DictReader(f) if row["Name"] != "Aggregated"}


def new_iins(url: str, count: int = 3000) -> list[str]:
    """IINs that no person holds: women born in 1970, serials from a random start."""
    start, made = random.randrange(1000, 5000), []
    for serial in range(start, start + 3 * count):
        iin = make(date(1970, 1 + serial % 12, 1 + serial % 28), "F", serial)
        if iin:
            made.append(iin)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            taken = set(conn.scalars(select(Person.iin).where(Person.iin.in_(made))))
    finally:
        engine.dispose()
    return [iin for iin in made if iin not in taken][:count]


def counted(url: str, tag: str, saved: dict) -> dict:
    """What the database holds of the run's writes, against what was answered as saved."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            contacts = conn.scalar(select(func.count()).select_from(Interaction)
                                   .where(Interaction.note == f"load {tag}"))
            persons = conn.scalar(select(func.count()).select_from(Person)
                                  .where(Person.iin.in_(saved["registered"] or [""])))
            referrals = conn.scalar(select(func.count()).select_from(Referral).join(Person)
                                    .where(Person.iin.in_(saved["registered"] or [""])))
    finally:
        engine.dispose()
    return {"contacts": (saved["contacts"], contacts),
            "registrations": (len(saved["registered"]), persons),
            "referrals": (saved["referrals"], referrals)}


def document(args, made, rows: dict[str, dict], writes: dict) -> str:
    floor = float(rows.get("/healthz", {}).get("95%", 0) or 0)
    lines = [f"# Load test {datetime.now(timezone.utc):%Y-%m-%d}, {made.dialect}", "",
             f"- machine: {report.machine()}; load average {report.load()}",
             f"- database: {report.database(made.url)}; persons: {made.persons:,}".replace(",", " "),
             f"- commit: {report.commit()}",
             f"- crowd: {args.users} users for {args.seconds} s against two gunicorn servers "
             f"({' '.join(server.SETTINGS)} each); /healthz asked beside them", "",
             "| page | requests | errors | p50 ms | p95 ms | req/s | p95 / /healthz p95 |",
             "|---|---|---|---|---|---|---|"]
    for name, row in sorted(rows.items()):
        p95 = float(row["95%"] or 0)
        ratio = f"{p95 / floor:.1f}x" if floor else "–"
        lines.append(f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
                     f"{row['50%']} | {row['95%']} | {float(row['Requests/s']):.1f} | {ratio} |")
    lines += ["", "| writes | answered as saved | rows found |", "|---|---|---|"]
    lines += [f"| {k} | {a} | {b} |" for k, (a, b) in writes.items()]
    worst = max((float(rows[n]["95%"] or 0) for n in rows if n in CASEWORKER_PAGES), default=0)
    errors = sum(int(r["Failure Count"]) for r in rows.values())
    lost = sum(a - b for a, b in writes.values())
    lines += ["", f"Goals: 0 errors (here {errors}), 0 lost writes (here {lost}), caseworker "
                  f"pages p95 within 10x /healthz's p95 (here the slowest is "
                  f"{worst / floor:.1f}x)." if floor else "", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = arguments(argv)
    made = build.prepare(build.database_url(), args.persons)
    app = create_app({"SQLALCHEMY_DATABASE_URI": made.url})
    subjects = choose(app)
    tag = uuid.uuid4().hex[:8]
    DATA.mkdir(parents=True, exist_ok=True)
    chosen, out = DATA / f"load-{tag}-subjects.json", DATA / f"load-{tag}-saved.json"
    # the crowd types times as a centre's clock shows them (the app's time zone), not the
    # machine's: at 03:00 in Almaty, 22:00 UTC is the day before a person registered today
    chosen.write_text(json.dumps(asdict(subjects) | {"new_iins": new_iins(made.url),
                                                     "timezone": app.config["TIMEZONE"]}))
    with ExitStack() as stack:
        hosts = servers(stack, made.url)
        path = crowd(args, hosts, chosen, tag, out)
    saved = json.loads(out.read_text()) if out.exists() else {
        "contacts": 0, "registered": [], "referrals": 0}
    return report.published(document(args, made, stats(path), counted(made.url, tag, saved)),
                            f"load-{made.dialect}")


if __name__ == "__main__":
    sys.exit(main())
