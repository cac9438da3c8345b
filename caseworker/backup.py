"""Backup and restore of the whole database, with a check that the restored copy holds what
was backed up and that its audit chain verifies.

SQLite: the online backup API (a consistent copy while the app runs, WAL included).
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --single-transaction`, from the
PostgreSQL client of the server's major version (`postgresql-client-15` for a 15 server).
Beside each backup FILE, FILE.json holds the row count of every table, the schema's revision
and the audit chain's last seal. Files are created readable by their owner only (0600): they
hold personal data. The keys (`CASEWORKER_SECRET_KEY`, `CASEWORKER_AUDIT_KEY`) are not in the
backup: keep them apart, without them a restored audit chain does not verify."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
# pg_dump and pg_restore are run with argument lists, never through a shell
import subprocess  # nosec B404
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, table, text
from sqlalchemy.engine import make_url

from caseworker import anchor_store, audit_chain
from caseworker.extensions import db
from caseworker.models.types import utcnow


class BackupError(Exception):
    """Said to the operator as it is; nothing was changed."""


def _private(path: Path) -> None:
    """An empty file only its owner may read, before anything is written into it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def counts() -> dict[str, int]:
    """Rows per table of the app's database."""
    names = [t.name for t in db.metadata.sorted_tables]
    return {name: db.session.scalar(select(func.count()).select_from(table(name)))
            for name in names}


def _manifest() -> dict:
    anchor = audit_chain.current_anchor()
    return {"made_at": utcnow().isoformat(timespec="seconds"),
            "revision": db.session.scalar(text("SELECT version_num FROM alembic_version")),
            "counts": counts(), "audit_anchor": anchor.line() if anchor else None}


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _pg(tool: str) -> tuple[list[str], dict]:
    """The tool's path and the connection as libpq reads it (the password in the
    environment, never on the command line)."""
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client of the "
                          "server's major version (e.g. postgresql-client-15)")
    url = _url()
    env = dict(os.environ, PGPASSWORD=url.password or os.environ.get("PGPASSWORD", ""))
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    return [found, "--dbname", conninfo], env


def create(dest: Path) -> dict:
    """Back the database up into `dest`; returns the manifest written beside it."""
    manifest = _manifest()
    db.session.commit()
    _private(dest)
    url = _url()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
            if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"the copy in {dest} fails SQLite's integrity check")
        finally:
            target.close()
            source.close()
    else:
        command, env = _pg("pg_dump")
        done = subprocess.run(  # nosec B603
            [*command, "--format=custom", "--file", str(dest)], env=env, capture_output=True,
            text=True, check=False)
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
    side = Path(f"{dest}.json")
    _private(side)
    side.write_text(json.dumps(manifest, indent=1))
    return manifest


@dataclass
class Restored:
    counts: dict[str, int]
    differences: list[str]     # tables whose count differs from the manifest's
    audit: list[str]           # what audit verify says
    audit_ok: bool


def _check_sqlite_file(path: Path) -> None:
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = probe.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            probe.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a backup of this application: {error}") from None
    if not ok:
        raise BackupError(f"{path} fails SQLite's integrity check")


def restore(source: Path) -> Restored:
    """Replace the database with the backup in `source`, then check it: the row counts
    against the manifest beside it, and the audit chain (with the anchors up to the backup's
    last seal; the anchor file is started again from it, the former kept beside)."""
    if not source.is_file():
        raise BackupError(f"no backup file {source}")
    side = Path(f"{source}.json")
    manifest = json.loads(side.read_text()) if side.exists() else None
    url = _url()
    if url.get_backend_name() == "sqlite":
        _check_sqlite_file(source)
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(url.database)
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()
    else:
        command, env = _pg("pg_restore")
        done = subprocess.run([*command, "--clean", "--if-exists", "--no-owner",  # nosec B603
                               "--single-transaction", str(source)], env=env,
                              capture_output=True, text=True, check=False)
        if done.returncode:
            raise BackupError(f"pg_restore failed (nothing restored): "
                              f"{done.stderr.strip()[:500]}")
    now = counts()
    expected = (manifest or {}).get("counts", {})
    differences = [f"{name}: {now.get(name)} rows, the backup had {n}"
                   for name, n in expected.items() if now.get(name) != n]
    code, lines = _verify_and_restart_anchor()
    return Restored(now, differences, lines, code == 0)


def _verify_and_restart_anchor() -> tuple[int, list[str]]:
    cfg = current_app.config
    anchor_file = Path(cfg["AUDIT_ANCHOR_FILE"])
    last = audit_chain.current_anchor()
    redis_url = cfg.get("REDIS_URL")
    kept = anchor_file.read_text() if anchor_file.exists() else ""
    kept += "\n" + ((anchor_store.read(redis_url) or "") if redis_url else "")
    anchors = [a for a in dict.fromkeys(audit_chain.read_anchors(kept))
               if last is not None and a.event_id <= last.event_id]
    breaks = audit_chain.verify(cfg["AUDIT_KEY"], anchors)
    if redis_url:  # the anchors kept in Redis start again too
        anchor_store.restart(redis_url, last.line() if last is not None else None)
    lines = [f"audit event {b.event_id}: {b.why}" for b in breaks[:20]]
    if anchor_file.exists():  # events after the backup are gone: the anchors start again
        anchor_file.rename(anchor_file.with_name(
            f"{anchor_file.name}.before-restore-{utcnow():%Y%m%d%H%M%S}"))
    if last is not None:
        fd = os.open(anchor_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a") as out:
            out.write(f"{utcnow().isoformat(timespec='seconds')} {last.line()} restored\n")
    if breaks:
        return 1, lines
    return 0, [f"audit: {len(anchors)} anchors checked", "audit: the chain is intact"]
