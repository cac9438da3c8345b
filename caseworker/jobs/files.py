"""Result files of jobs, in CASEWORKER_FILES_DIR (instance/files/ by default): a folder that
every server and worker reaches. A file is written under a temporary name and renamed when
complete (a reader never sees half a file); it is readable by the app's user only (0600).
The job keeps the file's name, not its path, so servers may mount the folder anywhere."""
from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from flask import current_app

PREFIX = "job-"


def directory() -> Path:
    path = Path(current_app.config["FILES_DIR"])
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_of(name: str) -> Path | None:
    """The file of a stored name, if it is one of ours and still there."""
    if not name or os.sep in name or not name.startswith(PREFIX):
        return None
    path = directory() / name
    return path if path.is_file() else None


@contextmanager
def writing(job_id: int, suffix: str) -> Iterator[tuple[IO[bytes], str]]:
    """A binary file to write the result into, and the name it will have once the block ends
    without an error (nothing is left behind when it fails)."""
    folder = directory()
    name = f"{PREFIX}{job_id}-{secrets.token_hex(8)}{suffix}"
    handle, temporary = tempfile.mkstemp(prefix=".partial-", dir=folder)  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            yield out, name
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove(name: str | None) -> None:
    if name and (path := path_of(name)) is not None:
        path.unlink(missing_ok=True)


def stray(keep: set[str], older_than: float) -> list[Path]:
    """Files of ours (and partial ones) that no job holds, last changed before `older_than`
    (a POSIX time): left by a worker that died between writing a file and saving its job."""
    return [p for p in directory().iterdir()
            if p.is_file() and p.name.startswith((PREFIX, ".partial-"))
            and p.name not in keep and p.stat().st_mtime < older_than]


def _progress_name(job_id: int) -> str:
    return f"{PREFIX}{job_id}.progress"


def note_progress(job_id: int, values: dict) -> None:
    """Progress kept beside the database while it cannot be written there (SQLite, while the
    job's own transaction holds the write lock): replaced whole, never seen half written."""
    folder = directory()
    handle, temporary = tempfile.mkstemp(prefix=".partial-", dir=folder)
    with os.fdopen(handle, "w") as out:
        json.dump(values, out)
    os.replace(temporary, folder / _progress_name(job_id))


def noted_progress(job_id: int) -> dict | None:
    path = path_of(_progress_name(job_id))
    try:
        return json.loads(path.read_text()) if path is not None else None
    except (OSError, ValueError):
        return None


def forget_progress(job_id: int) -> None:
    remove(_progress_name(job_id))
