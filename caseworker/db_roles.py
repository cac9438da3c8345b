"""The database role the running app connects as, on PostgreSQL: `flask db-roles apply`.

Migrations run as the tables' owner; the app's role owns nothing. It may read and write every
table, but only read and add to the audit tables (SELECT, INSERT: no UPDATE, DELETE or
TRUNCATE), so that neither the app nor anyone holding its password can change or trim the
audit log, nor drop the triggers that guard it (only an owner can). Run again after each
migration: it sets the rights anew (and a table a later migration adds is usable at once by
the owner's default privileges). SQLite has no roles: there it does not apply.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

AUDIT_TABLES = ("audit_event", "audit_seal")
READ_ONLY_TABLES = ("alembic_version",)  # the schema's revision: read, never moved by the app
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
FORBIDDEN_ON_AUDIT = ("UPDATE", "DELETE", "TRUNCATE")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class NotApplicable(Exception):
    """The database has no roles (SQLite)."""


class RoleProblem(Exception):
    """The role cannot be made safe by grants: said why, and what to do."""


def _role(conn: Connection, name: str):
    return conn.execute(text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :n"),
                        {"n": name}).first()


def _literal(value: str) -> str:
    if "\x00" in value:
        raise RoleProblem("the password has a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _ensure_role(conn: Connection, name: str, password: str | None) -> list[str]:
    found = _role(conn, name)
    said = []
    if found is None:
        conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN'
                             + (f" PASSWORD {_literal(password)}" if password else ""))
        said.append(f"role {name} created")
    elif found.rolsuper or found.rolbypassrls:
        raise RoleProblem(f"{name} is a superuser (or bypasses row security): no grant binds "
                          "it; give the app a role of its own")
    elif password:
        conn.exec_driver_sql(f'ALTER ROLE "{name}" PASSWORD {_literal(password)}')
        said.append(f"role {name}: password set")
    owned = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = "
                              "current_schema() AND tableowner = :n"), {"n": name}).scalars().all()
    if owned:
        raise RoleProblem(f"{name} owns tables ({', '.join(sorted(owned)[:5])}...): an owner "
                          f"may change anything; as a superuser, REASSIGN OWNED BY {name} TO "
                          "the role that runs the migrations, then apply again")
    return said


def apply(conn: Connection, name: str, password: str | None = None) -> list[str]:
    """Create or update the app's role `name` with its rights; returns what was done. The
    caller commits. Raises NotApplicable on SQLite, RoleProblem when the role cannot be held
    to the rights (a superuser, an owner, the migrating role itself)."""
    if conn.dialect.name != "postgresql":
        raise NotApplicable("SQLite has no database roles: the app and the migrations are one "
                            "user of the file; db-roles does not apply")
    if not _NAME.match(name):
        raise RoleProblem("a role name is lower-case letters, digits and _ (at most 63)")
    owner = conn.execute(text("SELECT current_user")).scalar()
    if name == owner:
        raise RoleProblem(f"{name} runs the migrations (it owns the tables): the app needs a "
                          "role of its own")
    tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = "
                               "current_schema()")).scalars().all()
    if "audit_event" not in tables:
        raise RoleProblem("no audit tables here: run the migrations first (flask db upgrade)")
    said = _ensure_role(conn, name, password)
    role = f'"{name}"'
    schema = f'SCHEMA "{conn.execute(text("SELECT current_schema()")).scalar()}"'
    # nextval needs USAGE; setval (UPDATE) could move the audit's ids: not given there
    audit_ids = conn.execute(text("SELECT pg_get_serial_sequence('audit_event', 'id')")).scalar()
    statements = [
        f"GRANT USAGE ON {schema} TO {role}",
        f"REVOKE ALL ON ALL TABLES IN {schema} FROM {role}",
        f"GRANT {TABLE_RIGHTS} ON ALL TABLES IN {schema} TO {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN {schema} FROM {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN {schema} GRANT {TABLE_RIGHTS} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
        f"TO {role}",
    ]
    for table in (t for t in AUDIT_TABLES + READ_ONLY_TABLES if t in tables):
        rights = "SELECT, INSERT" if table in AUDIT_TABLES else "SELECT"
        statements += [f'REVOKE ALL ON "{table}" FROM {role}',
                       f'GRANT {rights} ON "{table}" TO {role}']
    if audit_ids:
        statements.append(f"REVOKE UPDATE ON SEQUENCE {audit_ids} FROM {role}")
    for statement in statements:
        conn.exec_driver_sql(statement)
    problems = check(conn, name)
    if problems:
        raise RoleProblem("; ".join(problems))
    return said + [f"role {name}: {TABLE_RIGHTS} on {len(tables) - len(AUDIT_TABLES)} tables, "
                   f"SELECT, INSERT on {', '.join(AUDIT_TABLES)}; the owner stays {owner}"]


def check(conn: Connection, name: str) -> list[str]:
    """What the role may still do to the audit tables (through a role it is a member of, a
    grant to PUBLIC...): empty when it can only read and add."""
    return [f"{name} still has {right} on {table} (a role it belongs to, or PUBLIC, has it)"
            for table in AUDIT_TABLES for right in FORBIDDEN_ON_AUDIT
            if conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"),
                            {"r": name, "t": table, "p": right}).scalar()]
