"""`flask territories move DISTRICT REGION YYYY-MM-DD` and `flask territories close REGION
YYYY-MM-DD` (KATO codes of today): the doors of `territories.operations` for a decree that
redraws the map; a change that would leave a district in no region is refused, nothing saved."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from caseworker import clock
from caseworker.extensions import db

group = AppGroup("territories", help="Territories by date: move a district, end a region.")


def _one(model, kato: str):
    found = db.session.scalar(select(model).where(model.kato == kato))
    if found is None:
        raise click.ClickException(f"no {model.__tablename__} with the KATO code {kato}")
    return found


def _run(change) -> None:
    from caseworker.refusals import Refused
    with force_locale("en"):  # outside a request, dates and refusals are said in English
        try:
            change()
        except Refused as refused:
            db.session.rollback()
            raise click.ClickException(str(refused.message)) from None
    db.session.commit()


@group.command("move")
@click.argument("district_kato")
@click.argument("region_kato")
@click.argument("on", type=click.DateTime(["%Y-%m-%d"]))
def move(district_kato: str, region_kato: str, on):
    """The district belongs to the region from ON."""
    from caseworker.models import District, Region
    from caseworker.territories import operations
    district, region = _one(District, district_kato), _one(Region, region_kato)
    day: date = on.date()
    _run(lambda: operations.move_district(district, region, day, clock.today()))
    click.echo(f"{district.name_en}: {region.name_en} from {day.isoformat()}")


@group.command("close")
@click.argument("region_kato")
@click.argument("last_day", type=click.DateTime(["%Y-%m-%d"]))
def close(region_kato: str, last_day):
    """The region exists until LAST_DAY (its districts must have moved by then)."""
    from caseworker.models import Region
    from caseworker.territories import operations
    region = _one(Region, region_kato)
    _run(lambda: operations.close_region(region, last_day.date()))
    click.echo(f"{region.name_en}: until {last_day.date().isoformat()}")
