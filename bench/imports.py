"""The import's budget: persons with their histories (two referrals with their steps and an
outcome, ten contacts each) imported through the real path (the files read, every row judged,
written, committed) into a fresh SQLite database, beside its floor: the same rows, read back,
written through the driver (`executemany`) into another fresh database built the same way.

`python -m bench.imports --persons 10000` (`make bench-import`); the result is printed and
written to bench/results/YYYY-MM-DD-sqlite-import.md."""
from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select, text

from bench import report
from caseworker import create_app
from caseworker.auth.operations import create_user
from caseworker.domain.iin import make
from caseworker.extensions import db
from caseworker.imports import columns, operations, work
from caseworker.models import District, Provider, Region
from caseworker.reference_data import load_all

BUDGET_SECONDS = 300  # DESIGN.md: 100,000 persons with their histories in under 5 minutes
KYZYLORDA = "430000000"
TABLES = ("person", "registration_episode", "field_change", "referral", "referral_event",
          "letter", "letter_counter", "outcome", "follow_up", "interaction", "imported_row",
          "audit_event")


def _table(kind: str, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns.names(kind), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


LETTERS = "абвгдежзклмнопрстуфя"  # no и or і: a name search reads them as nothing


def _name(number: int) -> str:
    """A last name of its own for each number (no two persons look like duplicates)."""
    letters = ""
    for _ in range(5):
        letters, number = letters + LETTERS[number % 20], number // 20
    return "Тест" + letters


def history(persons: int, provider_id: int) -> dict[str, bytes]:
    """Each person registered in 2025, referred twice (public works, referred and started,
    then a temporary job; a placement on a vacancy, proposed) and contacted ten times."""
    kinds: dict[str, list[dict]] = {kind: [] for kind in columns.KINDS}
    for n in range(persons):
        # a birth date and serial of its own for each person (the serial stays 4 digits)
        serial = 1000 + n // 7000
        while (iin := make(date(1980, 1, 1) + timedelta(days=n % 7000), "MF"[n % 2],
                           serial)) is None:
            serial += 100
        day = date(2025, 1, 6) + timedelta(days=n % 150)
        kinds["persons"].append({
            "iin": iin, "registered_on": day, "last_name": _name(n),
            "first_name": "Айгүл", "consent_date": day, "consent_basis": "written"})
        for m, measure in enumerate(("public_works", "job_placement")):
            kinds["referrals"].append({"external_id": f"R{n}-{m}", "iin": iin,
                                       "measure_code": measure, "on": day + timedelta(3),
                                       "provider_id": provider_id})
        kinds["steps"] += [{"external_id": f"R{n}-0-{to}", "referral_external_id": f"R{n}-0",
                            "to": to, "on": day + timedelta(4 + s)}
                           for s, to in enumerate(("referred", "started"))]
        kinds["outcomes"].append({"external_id": f"R{n}-0-O", "referral_external_id":
                                  f"R{n}-0", "kind": "temporary_job",
                                  "start_on": day + timedelta(30), "wage_kzt": 95000})
        kinds["contacts"] += [{"external_id": f"C{n}-{c}", "iin": iin,
                               "at": f"{day + timedelta(c + 1)} 10:{c:02d}", "channel": "phone",
                               "topic": "job_search", "note": "Созвонились"}
                              for c in range(10)]
    return {f"{kind}.csv": _table(kind, rows) for kind, rows in kinds.items() if rows}


def _app(path: Path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"})
    with app.app_context():
        upgrade()
        load_all()
        region = db.session.scalar(select(Region).where(Region.kato == KYZYLORDA))
        district = db.session.scalar(select(District).where(District.region_id == region.id)
                                     .order_by(District.kato).limit(1))
        create_user("import-sup", "Bench supervisor", "bench-pw-123", "supervisor",
                    region_id=region.id, district_id=district.id)
        db.session.add(Provider(name="ТОО «Бенч»", name_search="тоо бенч",
                                bin="990000000001", region_id=region.id, kinds=("employer",)))
        db.session.commit()
    return app


class Stopwatch:
    """Each kind's seconds: the import's batch forms and one-row operations timed as they run
    (the kinds' runs alternate day by day, so the progress's counts cannot tell them apart);
    the rest (reading the files, ordering the rows, settling the summaries) is "other"."""

    def __init__(self):
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        self.spent: dict[str, float] = {}

    def timed(self, kind: str, apply):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return apply(*args, **kwargs)
            finally:
                self.spent[kind] = self.spent.get(kind, 0.0) + time.perf_counter() - started
        return run

    def kinds(self, counts: dict[str, int], total: float) -> dict[str, tuple[int, float]]:
        found = {kind: (counts[kind], self.spent.get(kind, 0.0)) for kind in counts}
        return found | {"other": (0, total - sum(self.spent.values()))}


def _imported(app, files: dict[str, bytes]) -> tuple[float, operations.Report, Stopwatch]:
    from caseworker.models import User
    with app.test_request_context(headers={"Accept-Language": "en"}):
        user = db.session.scalar(select(User).where(User.login == "import-sup"))
        watch = Stopwatch()
        saved = dict(operations.BATCH), dict(operations.APPLY)
        for table in (operations.BATCH, operations.APPLY):
            table.update({kind: watch.timed(kind, apply) for kind, apply in table.items()})
        try:
            sheets, problems = work.read_all(list(files.items()))
            result = operations.run(sheets, problems, user, check_only=False)
            db.session.commit()
            watch.cpu = time.process_time() - watch.cpu_started
        finally:
            operations.BATCH.update(saved[0])
            operations.APPLY.update(saved[1])
        return time.perf_counter() - watch.started, result, watch


def _floor(app, source: Path, target: Path) -> float:
    """The rows the import wrote, written again through the driver into `target`."""
    with app.app_context():
        db.engine.dispose()
    read = sqlite3.connect(source)
    data = {t: read.execute(f'SELECT * FROM "{t}"').fetchall() for t in TABLES}
    read.close()
    write = sqlite3.connect(target)
    started = time.perf_counter()
    for table, rows in data.items():
        if rows:
            marks = ",".join("?" * len(rows[0]))
            write.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    write.commit()
    seconds = time.perf_counter() - started
    write.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        source, target = Path(folder) / "import.sqlite", Path(folder) / "floor.sqlite"
        app = _app(source)
        with app.app_context():
            provider_id = db.session.scalar(select(Provider.id))
        files = history(args.persons, provider_id)
        seconds, result, watch = _imported(app, files)
        counts = {name.split(".")[0]: body.count(b"\n") - 1 for name, body in files.items()}
        floor_app = _app(target)
        with floor_app.app_context():  # the floor's database without the rows of its setup
            with db.engine.begin() as conn:
                for table in TABLES:
                    conn.execute(text(f'DELETE FROM "{table}"'))
            db.engine.dispose()
        floor = _floor(app, source, target)
    rows = result.rows
    per_second = rows / seconds
    full = seconds * 100_000 / args.persons
    lines = [
        "# Benchmark " + time.strftime("%Y-%m-%d") + ", sqlite: import", "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC",
        f"- machine: {report.machine()}; load average {report.load()} (1, 5, 15 min)",
        f"- database: SQLite {sqlite3.sqlite_version}, a fresh file",
        f"- persons: {args.persons:,}; rows: {rows:,} (a person, 2 referrals, 2 steps, an "
        "outcome, 10 contacts each)",
        f"- bad rows: {len(result.problems)}; written: {result.new:,}",
        f"- processor time of the import: {watch.cpu:.1f} s (of its {seconds:.1f} s; the rest "
        "waited for the disk or for the processor, shared with other work)", "",
        "| figure | seconds | rows/s | floor: the same rows through the driver | ratio | "
        "budget (100,000 persons) | extrapolated to 100,000 persons | within |",
        "|---|---|---|---|---|---|---|---|",
        f"| import of {args.persons:,} persons with histories | {seconds:.1f} | "
        f"{per_second:,.0f} | {floor:.2f} s ({rows / floor:,.0f} rows/s) | "
        f"{seconds / floor:.0f}× | {BUDGET_SECONDS} s | {full:,.0f} s | "
        f"{'yes' if full <= BUDGET_SECONDS else '**no**'} |", "",
        "| kind | rows | seconds | rows/s | how |", "|---|---|---|---|---|"]
    for kind, (count, spent) in watch.kinds(counts, seconds).items():
        how = ("reading, ordering, settling" if kind == "other" else "batch"
               if kind in operations.BATCH else "one by one (savepoint per row)")
        rate = f"{count / max(spent, 1e-9):,.0f}" if count else ""
        lines.append(f"| {kind} | {count:,} | {spent:.1f} | {rate} | {how} |")
    lines.append("")
    if result.problems:
        print("bad rows:", [(p.source, p.line, p.code) for p in result.problems[:5]])
    return report.published("\n".join(lines), "sqlite-import")


if __name__ == "__main__":
    sys.exit(main())
