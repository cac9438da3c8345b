"""`flask api-token create LOGIN --name NAME` and `flask api-token revoke`: API tokens made
and revoked on a server without a browser (the tokens page does the same)."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from caseworker.api import tokens
from caseworker.extensions import db
from caseworker.models import ApiToken, User

group = AppGroup("api-token", help="API tokens: make one for a user, or revoke one.")


@group.command("create")
@click.argument("login")
@click.option("--name", required=True, help="What the token is for (shown on the tokens page).")
def create(login: str, name: str):
    """Make a token for the active user LOGIN; the last line printed is the token alone (it
    is shown only this once)."""
    user = db.session.scalar(select(User).where(User.login == login))
    if user is None or not user.active:
        raise click.ClickException(f"no active user with the login {login!r}")
    if not name.strip():
        raise click.ClickException("give the token a name (--name)")
    token, secret = tokens.create(user, name, operator=True)  # audited as the operator's
    db.session.commit()
    if tokens.unenrolled(user):
        click.echo(f"{user.login} must set up a second factor first: until then the token is "
                   "refused (second_factor_not_enrolled)", err=True)
    click.echo(f"token {token.id} ({token.name}) for {user.login}; keep it now, it is not "
               "shown again:", err=True)
    click.echo(secret)


@group.command("revoke")
@click.argument("token_id", type=int, required=False)
@click.option("--name", help="Revoke the active tokens of this name instead of one by id.")
@click.option("--login", help="With --name: only this user's.")
def revoke(token_id: int | None, name: str | None, login: str | None):
    """Revoke the token TOKEN_ID, or the active tokens named --name (of the user --login)."""
    if (token_id is None) == (name is None):
        raise click.UsageError("give a token id or --name, one of them")
    stmt = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    if token_id is not None:
        stmt = select(ApiToken).where(ApiToken.id == token_id)
    else:
        stmt = stmt.where(ApiToken.name == name.strip())
        if login:
            stmt = stmt.join(User, User.id == ApiToken.user_id).where(User.login == login)
    found = db.session.scalars(stmt).all()
    if not found:
        raise click.ClickException("no such token")
    for token in found:
        tokens.revoke(token, None)
    db.session.commit()
    click.echo(f"revoked: {', '.join(str(t.id) for t in found)}")
