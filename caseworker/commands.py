"""Shapes shared by the features' flask commands (each feature keeps its commands in its own
`commands.py`; `cli.py` holds only the app-wide ones)."""
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
