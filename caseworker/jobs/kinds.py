"""The kinds of job: a name, a label people read, and the function the worker runs.

A feature registers its own kinds (`@kind("export.candidates", _l("..."))`) next to the work
they do; the worker looks the job's kind up here. The function gets the job and a `progress`
callable, does its work in the session (added and flushed, never committed: the worker commits
it together with the job's end) and returns an `Outcome`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass
class Outcome:
    message: object  # text, or a lazy string: kept as its words, said in the reader's language
    result: str | None = None        # the stored file's name (caseworker.jobs.files)
    result_name: str | None = None   # the name it is downloaded as
    errors: int | None = None        # problems found (a check's differences), when any


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    run: Callable


KINDS: dict[str, Kind] = {}


def kind(name: str, label) -> Callable:
    def register(function: Callable) -> Callable:
        KINDS[name] = Kind(name, label, function)
        return function
    return register


def label(name: str) -> str:
    found = KINDS.get(name)
    return str(found.label) if found else name


STATES = {"queued": _l("Waiting in the queue"), "running": _l("Running"),
          "done": _l("Done"), "failed": _l("Failed")}
