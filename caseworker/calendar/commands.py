"""`flask calendar add-year YYYY`: fill a year of the working-days calendar from the
`holidays` package (with the additions of the reference data), or from a CSV file."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from caseworker.extensions import db

group = AppGroup("calendar", help="The working-days calendar: holidays and days off.")


@group.command("add-year")
@click.argument("year", type=int)
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV with the columns date,kind,name_kk,name_ru,name_en,source instead of "
                   "the holidays package; every date must be in YEAR.")
@click.option("--replace", is_flag=True,
              help="Replace the year's days when it has some (otherwise it is refused).")
def add_year(year: int, path: Path | None, replace: bool):
    """Add YEAR's holidays, days off and weekend days worked; nothing is saved when a row is
    refused."""
    from caseworker.calendar import operations, source
    from caseworker.refusals import Refused
    try:
        if path is not None:
            rows = source.read_rows(path.read_text(encoding="utf-8"))
            origin = path.name
        else:
            if not operations.FIRST_YEAR <= year <= operations.LAST_YEAR:
                raise Refused("calendar_year_range")
            rows, origin = source.for_year(year), source.package_version()
        written = operations.add_year(year, rows, replace=replace)
    except (Refused, source.UnreadableFile, UnicodeDecodeError) as refused:
        db.session.rollback()
        with force_locale("en"):  # a refusal's message outside a request: said in English
            why = str(refused)
        raise click.ClickException(f"calendar {year}: {why}; nothing was saved") from None
    db.session.commit()
    click.echo(f"calendar {year}: {written} days from {origin}")
