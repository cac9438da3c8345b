"""flask commands: load-reference, demo, create-user."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from caseworker import clock, policy
from caseworker.extensions import db


def register(app: Flask) -> None:
    audit_group = click.Group("audit", help="Seal and verify the audit log.")
    app.cli.add_command(audit_group)
    from caseworker.calendar.commands import group as calendar_group
    app.cli.add_command(calendar_group)
    from caseworker.territories.commands import group as territories_group
    app.cli.add_command(territories_group)
    from caseworker.api.commands import group as api_token_group
    app.cli.add_command(api_token_group)
    from caseworker.imports.commands import import_command
    app.cli.add_command(import_command)

    measures_group = AppGroup("measures", help="The catalogue of measures.")
    app.cli.add_command(measures_group)

    @measures_group.command("add-shipped-versions")
    def add_shipped_versions():
        """Add the versions of measures that the reference data ships and this database lacks
        (it was made before them); the past stays as it is, versions never overlap."""
        from flask_babel import force_locale

        from caseworker.measures.operations import add_shipped_versions as add
        from caseworker.reference_data import file_versions
        from caseworker.refusals import Refused
        with force_locale("en"):  # outside a request, refusals are said in English
            try:
                added = add(file_versions())
            except Refused as refused:
                db.session.rollback()
                raise click.ClickException(f"nothing was added: {refused.message}") from None
        db.session.commit()
        for version in added:
            click.echo(f"{version.measure_code}: version {version.number} from "
                       f"{version.valid_from.isoformat()}")
        click.echo(f"measures: {len(added)} versions added")

    @audit_group.command("seal")
    def audit_seal():
        """Seal new audit events into the hash chain (run periodically)."""
        from caseworker.audit_chain import seal
        count = seal(app.config["SECRET_KEY"])
        db.session.commit()
        click.echo(f"audit: {count} events sealed")

    @audit_group.command("verify")
    def audit_verify():
        """Check the chain; exit 1 with the first breaks when anything was tampered with."""
        from caseworker.audit_chain import verify
        breaks = verify(app.config["SECRET_KEY"])
        for b in breaks[:20]:
            click.echo(f"audit event {b.event_id}: {b.why}")
        if breaks:
            raise SystemExit(1)
        click.echo("audit: the chain is intact")

    @app.cli.command("load-reference")
    def load_reference():
        """Load regions, districts, target groups, measures, MCI and pension ages (idempotent)."""
        from caseworker.reference_data import load_all
        try:
            tally = load_all()
        except ValueError as refused:  # a file the checks refuse: nothing is saved
            db.session.rollback()
            raise click.ClickException(str(refused)) from None
        db.session.commit()
        click.echo(f"reference data: {tally.added} added, {tally.changed} changed, "
                   f"{sum(tally.kinds.values())} rows checked")

    @app.cli.command("demo")
    @click.option("--persons", default=5000, show_default=True, help="How many persons.")
    @click.option("--if-empty", is_flag=True, help="Do nothing when users already exist.")
    def demo(persons: int, if_empty: bool):
        """Fill an empty database with demo users and persons."""
        from caseworker import demo as demo_data
        from caseworker.demo.history import BULK_FROM
        from caseworker.reference_data import load_all
        if not demo_data.is_empty():
            if if_empty:
                click.echo("demo data: the database already has users; nothing to do")
                return
            raise click.ClickException("the database is not empty; demo data goes into an "
                                       "empty database")
        load_all()
        teams = demo_data.create_users()
        if persons >= BULK_FROM:
            teams = demo_data.staff_districts(teams, persons)
        with click.progressbar(length=persons, label="persons") as bar:
            demo_data.add_persons(persons, clock.today(), teams, progress=bar.update)
        with click.progressbar(length=persons, label="casework") as bar:
            made = demo_data.add_casework(clock.today(), progress=bar.update)
        click.echo(f"demo casework: episodes, segments, providers and {made} referrals")
        db.session.commit()
        click.echo(f"demo data: {persons} persons; logins use password {demo_data.PASSWORD}")

    @app.cli.command("create-user")
    @click.argument("login")
    @click.option("--name", "full_name", required=True)
    @click.option("--role", type=click.Choice(policy.ROLES), required=True)
    @click.option("--region", "region_kato", help="KATO code of the region.")
    @click.option("--district", "district_kato", help="KATO code of the district.")
    @click.password_option()
    def create_user_cmd(login, full_name, role, region_kato, district_kato, password):
        """Create a user."""
        from caseworker.auth.operations import create_user
        from caseworker.models import District, Region, User
        if db.session.scalar(select(User).where(User.login == login.strip().casefold())):
            raise click.ClickException(f"login {login} exists already")
        region = district = None
        if district_kato:
            district = db.session.scalar(select(District).where(District.kato == district_kato))
            if district is None:
                raise click.ClickException(f"no district with KATO {district_kato}")
            region = district.region
        elif region_kato:
            region = db.session.scalar(select(Region).where(Region.kato == region_kato))
            if region is None:
                raise click.ClickException(f"no region with KATO {region_kato}")
        if policy.works_in(role) == "district" and district is None:
            raise click.ClickException(f"a {role} needs --district")
        if policy.works_in(role) == "region" and region is None:
            raise click.ClickException("a regional_officer needs --region")
        create_user(login, full_name, password, role,
                    region_id=region.id if region else None,
                    district_id=district.id if district else None)
        db.session.commit()
        click.echo(f"user {login} created")
