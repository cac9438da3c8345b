"""flask indicators snapshot | summary | plans: the indicators' commands (the blueprint adds them)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from caseworker import clock
from caseworker.commands import check_or_rebuild
from caseworker.domain.indicators import last_month_end
from caseworker.extensions import db
from caseworker.indicators import operations, pages, queries, summary as summaries, upload
from caseworker.refusals import Refused


@click.command("snapshot")
@click.option("--month", help="The month to freeze, YYYY-MM; by default the last closed one.")
@with_appcontext
def snapshot(month: str | None):
    """Freeze every region's figures at the end of a closed month."""
    today = clock.today()
    try:
        end = pages.month_end_of(month) if month else last_month_end(today)
        count = operations.take_snapshot(end, today)
    except (ValueError, operations.SnapshotRefused) as error:
        raise click.ClickException(pages.snapshot_refusal(error, month)) from None
    db.session.commit()
    click.echo(f"indicators: {count} figures frozen at {end.isoformat()}")


@click.command("summary")
@click.option("--check", is_flag=True,
              help="Compare the summary with the figures computed from the events; change "
                   "nothing.")
@with_appcontext
def summary(check: bool):
    """Rebuild the indicator summary from every person's history (after a bulk load, or if
    a check finds it has drifted)."""
    today = clock.today()
    check_or_rebuild(
        check, lambda: [f"region or district {where}, {code}: summary {kept}, events {computed}"
                        for where, code, kept, computed in operations.summary_differences(
                            queries.Period(today.year, today))],
        lambda: f"indicators: summary rebuilt, {summaries.rebuild(db.session.connection())} rows",
        "indicators: the summary matches the events",
        "run `flask indicators summary` to rebuild")


@click.command("plans")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def plans(path: str):
    """Load plans from a CSV or XLSX file (the columns of the plan file; any region): all of
    it or nothing, each bad row said."""
    with open(path, "rb") as file:
        data = file.read()
    with force_locale("en"):  # outside a request, refusals are said in English
        count = _load(path, data)
    db.session.commit()
    click.echo(f"indicators: {count} plans loaded")


def _load(path: str, data: bytes) -> int:
    try:
        entries, problems = upload.check(upload.read_rows(path, data), *pages.kato_codes(),
                                         None)
        if problems:
            raise click.ClickException("nothing was loaded:\n" + "\n".join(
                f"row {p.row}: {p.message}" for p in problems))
        return operations.load_plans(entries, None)
    except (upload.Unreadable, Refused) as error:
        db.session.rollback()
        raise click.ClickException(f"nothing was loaded: {error}") from None
