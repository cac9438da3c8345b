"""Pieces shared by the flask commands of several features (a feature's command lives with
the feature; `cli.py` holds the application's own)."""
from __future__ import annotations

from collections.abc import Callable

import click

from caseworker.extensions import db


def check_or_rebuild(check: bool, differences: Callable[[], list[str]],
                     rebuild: Callable[[], str], matches: str, advice: str) -> None:
    """The shape of a command that keeps derived data (a summary, per-person facts): with
    --check list what differs and fail, changing nothing; without, rebuild and commit."""
    if check:
        wrong = differences()
        for line in wrong:
            click.echo(line)
        if wrong:
            raise click.ClickException(f"{len(wrong)} differ; {advice}")
        click.echo(matches)
        return
    done = rebuild()
    db.session.commit()
    click.echo(done)
