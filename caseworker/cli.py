"""flask commands: load-reference, demo, create-user."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from caseworker import clock, policy
from caseworker.extensions import db


def _backup(step: str, path: str):
    """`backup.create` or `backup.restore` of `path`; what it refuses is said as the command's
    error."""
    from caseworker import backup
    try:
        return getattr(backup, step)(Path(path))
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None


def register(app: Flask) -> None:
    audit_group = AppGroup("audit", help="Seal, anchor and verify the audit log.")
    app.cli.add_command(audit_group)
    from caseworker.calendar.commands import group as calendar_group
    app.cli.add_command(calendar_group)
    from caseworker.territories.commands import group as territories_group
    app.cli.add_command(territories_group)
    from caseworker.api.commands import group as api_token_group
    app.cli.add_command(api_token_group)
    from caseworker.imports.commands import import_command
    app.cli.add_command(import_command)

    measures_group = AppGroup(
        "measures", help="The catalogue of measures, and the places allocations use.")
    app.cli.add_command(measures_group)
    from caseworker.measures.commands import use_command
    measures_group.add_command(use_command)

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
        """Seal new audit events into the hash chain and anchor the last seal (the schedule
        does it every 5 minutes)."""
        from caseworker.audit_chain import seal_and_anchor
        count = seal_and_anchor(app.config["AUDIT_KEY"], app.config["AUDIT_ANCHOR_FILE"],
                                redis_url=app.config.get("REDIS_URL"))
        click.echo(f"audit: {count} events sealed")

    @audit_group.command("anchor")
    def audit_anchor():
        """Print the last seal's event, count and digest: keep the line outside this host."""
        from caseworker.audit_chain import current_anchor
        anchor = current_anchor()
        click.echo(anchor.line() if anchor else "audit: nothing sealed yet")

    @audit_group.command("verify")
    @click.option("--anchor", "anchor_file", type=click.Path(dir_okay=False),
                  help="Anchors to check the tail against (default: CASEWORKER_AUDIT_ANCHOR_FILE"
                       " when it exists).")
    def audit_verify(anchor_file):
        """Check the chain, and its tail against the anchors it reaches (the file, and Redis
        when CASEWORKER_REDIS_URL is set); exit 1 with the first breaks when anything was
        tampered with."""
        from caseworker import audit_chain
        code, lines = audit_chain.verify_report(app.config["AUDIT_KEY"], anchor_file
                                                or app.config["AUDIT_ANCHOR_FILE"],
                                                given=anchor_file is not None,
                                                redis_url=app.config.get("REDIS_URL"))
        for line in lines:
            click.echo(line)
        if code:
            raise SystemExit(code)

    roles_group = AppGroup("db-roles", help="The database role the app runs as (PostgreSQL).")
    app.cli.add_command(roles_group)

    @roles_group.command("apply")
    @click.option("--app-role", required=True, help="The role the running app connects as.")
    @click.option("--password", envvar="CASEWORKER_APP_ROLE_PASSWORD",
                  help="Set its password (or CASEWORKER_APP_ROLE_PASSWORD).")
    def db_roles_apply(app_role, password):
        """As the role that runs the migrations (the tables' owner): create or update the app's
        role with every right on the data but SELECT, INSERT only on the audit tables. Run it
        again after each `flask db upgrade`."""
        from caseworker import db_roles
        try:
            with db.engine.begin() as conn:
                done = db_roles.apply(conn, app_role, password)
        except db_roles.NotApplicable as note:
            click.echo(f"db-roles: {note}")
            return
        except db_roles.RoleProblem as problem:
            raise click.ClickException(str(problem)) from None
        except DBAPIError as error:  # e.g. the owner may not create roles: a superuser does
            raise click.ClickException(f"{str(error.orig).strip()} (create the role as a "
                                       "superuser: CREATE ROLE name LOGIN; then apply again)"
                                       ) from None
        for line in done:
            click.echo(f"db-roles: {line}")

    backup_group = AppGroup("backup", help="Back the database up, and restore a backup.")
    app.cli.add_command(backup_group)

    @backup_group.command("create")
    @click.argument("dest", required=False, type=click.Path(dir_okay=False))
    def backup_create(dest):
        """Back the database up into DEST (default: a dated file in CASEWORKER_BACKUP_DIR),
        with DEST.json beside it (row counts, schema revision, the audit's last seal)."""
        if dest is None:
            sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
            dest = Path(app.config["BACKUP_DIR"]) / (
                f"caseworker-{clock.utcnow():%Y%m%d-%H%M%S}.{'sqlite' if sqlite else 'dump'}")
        manifest = _backup("create", dest)
        click.echo(f"backup: {dest} ({sum(manifest['counts'].values())} rows, revision "
                   f"{manifest['revision']})")
        click.echo("backup: keep CASEWORKER_SECRET_KEY and CASEWORKER_AUDIT_KEY apart from it")

    @backup_group.command("restore")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
    def backup_restore(source, yes):
        """Replace the database with the backup SOURCE, then check the row counts against its
        manifest and verify the audit chain; exit 1 when either check fails."""
        if not yes:
            click.confirm("Replace the whole database with this backup?", abort=True)
        restored = _backup("restore", source)
        click.echo(f"restore: {sum(restored.counts.values())} rows in "
                   f"{len(restored.counts)} tables")
        for line in restored.differences + restored.audit:
            click.echo(line)
        if restored.differences or not restored.audit_ok:
            raise SystemExit(1)
        click.echo("restore: the row counts match the backup")

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
            raise click.ClickException(f"a {role} needs --region")
        create_user(login, full_name, password, role,
                    region_id=region.id if region else None,
                    district_id=district.id if district else None)
        db.session.commit()
        click.echo(f"user {login} created")
