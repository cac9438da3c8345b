"""One table: every figure beside its floor and budget; written to bench/results/."""
from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.build import Build
from bench.cases import Case
from bench.measure import Http, Server, Settings
from bench.server import SETTINGS as GUNICORN
from bench.timing import Timing

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HEAD = ("figure", "p50 ms", "p95 ms", "req/s", "floor", "floor p95 ms", "ratio",
        "budget", "within", "SQL/req")


@dataclass
class Row:
    figure: str
    timing: Timing | str  # or why it could not be measured
    floor: str = ""
    floor_timing: Timing | None = None
    case: Case | None = None
    rate: float | None = None
    statements: tuple[int, int] | None = None

    @property
    def within(self) -> str:
        if self.case is None:
            return ""
        if isinstance(self.timing, str):
            return f"**no**: {self.timing}"
        return "yes" if self.timing.p95 <= self.case.budget_ms else "**no**"

    def cells(self) -> list[str]:
        timing = None if isinstance(self.timing, str) else self.timing
        floor = self.floor_timing
        low, high = self.statements or (None, None)
        return [
            self.figure, _ms(timing.p50) if timing else "—", _ms(timing.p95) if timing else "—",
            f"{self.rate:.0f}" if self.rate else "", self.floor, _ms(floor.p95) if floor else "",
            f"{timing.p95 / floor.p95:.1f}×" if timing and floor and floor.p95 else "",
            f"{self.case.budget_ms:g} ms ({self.case.budget})" if self.case else "",
            self.within, "" if low is None else str(low) if low == high else f"{low}–{high}",
        ]


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def rows(cases: list[Case], server: dict[str, Server | str], http: dict[str, Http | str],
         flask: Http | None, pdf: Timing | None) -> list[Row]:
    """For each case its HTTP figure (floor: a minimal Flask response) and its server time
    (floor: its raw SQL), then the floors themselves. A case that failed says why."""
    table = []
    for case in cases:
        done = server[case.name]
        statements = None if isinstance(done, str) else done.statements
        if case.name in http and flask:
            over = http[case.name]
            table.append(Row(
                f"{case.name} · HTTP", over if isinstance(over, str) else over.sequential,
                "minimal Flask · HTTP", flask.sequential, case,
                None if isinstance(over, str) else over.concurrent.rate, statements))
        table.append(Row(f"{case.name} · server", done if isinstance(done, str) else done.timing,
                         case.floor_name, None if isinstance(done, str) else done.sql, case,
                         statements=statements))
    if flask:
        table.append(Row("floor: minimal Flask · HTTP", flask.sequential,
                         rate=flask.concurrent.rate))
    if pdf:
        table.append(Row("floor: WeasyPrint `<p>x</p>` to PDF", pdf))
    return table


def markdown(table: list[Row]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in table]
    return "\n".join(lines) + "\n"


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    for line in cpuinfo.read_text().splitlines() if cpuinfo.exists() else ():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{platform.machine()}, {model}, {os.cpu_count()} cores, {memory:.1f} GiB memory"


def load() -> str:
    """Other work on the machine shows here; the floors of the same run share it."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def database(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                return "PostgreSQL " + conn.scalar(text("SHOW server_version"))
            return "SQLite " + conn.scalar(text("SELECT sqlite_version()"))
    finally:
        engine.dispose()


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return head + (" (with uncommitted changes)" if changed else "")


def document(table: list[Row], build: Build, settings: Settings,
             now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    made = "built in this run" if build.built else f"reused, built {build.on or 'earlier'}"
    if build.phases:
        made += f" in {build.seconds:.1f} s (" + ", ".join(
            f"{k} {v:.1f} s" for k, v in build.phases.items()) + ")"
    return "\n".join([
        f"# Benchmark {now:%Y-%m-%d}, {build.dialect}", "",
        f"- date: {now:%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}; load average {load()} (1, 5, 15 min) when written",
        f"- database: {database(build.url)}",
        f"- persons: {build.persons:,}".replace(",", " "),
        f"- data: {made}",
        f"- commit: {commit()}",
        f"- load: gunicorn {' '.join(GUNICORN)}; {settings.warmup} requests of warm-up, then "
        f"{settings.requests} one after the other (p50, p95) and {settings.requests} from "
        f"{settings.concurrency} clients at once (req/s); server rows in-process with the "
        "test client", "",
        markdown(table),
    ])


def write(document_text: str, dialect: str, now: datetime | None = None) -> Path:
    now = now or datetime.now(timezone.utc)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{now:%Y-%m-%d}-{dialect}.md"
    path.write_text(document_text)
    return path


def published(document_text: str, dialect: str) -> int:
    """Print the document, write it among the results (`write`) and say where: a bench's end."""
    print(document_text)
    print(f"written to {write(document_text, dialect).relative_to(ROOT)}")
    return 0
