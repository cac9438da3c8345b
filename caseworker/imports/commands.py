"""`flask import FILE...`: the import from the command line, as the user named (a supervisor
writes their district's rows; `--check-only` writes nothing), with the same report."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from caseworker import policy
from caseworker.extensions import db
from caseworker.imports import operations, work
from caseworker.models import User


@click.command("import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "login", required=True, help="Whose import it is (a supervisor; a "
              "regional officer with --check-only).")
@click.option("--check-only", is_flag=True, help="Check every row and write nothing.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the bad rows to this CSV file.")
@click.option("--language", default="en", show_default=True, help="kk, ru or en.")
@with_appcontext
def import_command(paths: tuple[Path, ...], login: str, check_only: bool,
                   report_path: Path | None, language: str):
    """Import persons and their histories from CSV or XLSX FILEs: all or nothing; exit 1
    when a row is bad (nothing written)."""
    user = db.session.scalar(select(User).where(User.login == login))
    action = "import.check" if check_only else "import.run"
    if user is None or not policy.allows(user.role, action):
        raise click.ClickException(f"{login}: no such user, or the role may not {action}")
    with force_locale(language):
        sheets, problems = work.read_all([(p.name, p.read_bytes()) for p in paths])
        report = operations.run(sheets, problems, user, check_only=check_only)
        if report.written:
            db.session.commit()
        message = str(work.summary(report))  # said in --language
        for row in list(work.report_rows(report.problems))[:20]:
            click.echo(" | ".join(str(v) for v in row), err=True)
        if report_path is not None and report.problems:
            from caseworker import exports
            with report_path.open("w", encoding="utf-8", newline="") as out:
                out.writelines(exports.csv_lines(work.header(), work.report_rows(report.problems)))
    click.echo(message)
    if report.problems:
        raise SystemExit(1)
