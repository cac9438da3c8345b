"""flask measures use: the places the allocations use (`cli.py` adds it to the group)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from caseworker.commands import check_or_rebuild
from caseworker.extensions import db
from caseworker.measures import upkeep, use


@click.command("use")
@click.option("--check", is_flag=True,
              help="List the allocations whose kept places used differ from their "
                   "referrals; change nothing.")
@with_appcontext
def use_command(check: bool):
    """Count the places every allocation's referrals use again (after a bulk load written
    without the triggers, or if a check finds a count has drifted)."""
    conn = db.session.connection()
    check_or_rebuild(
        check, lambda: upkeep.lines(use.differences(conn)),
        lambda: f"measures: the places used of {use.recount(conn)} allocations counted again "
                "from the referrals",
        "measures: the places used of every allocation match its referrals",
        "run `flask measures use` to count them again")
