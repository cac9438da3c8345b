"""Two people edit one record: what each changed since the version both began from. Values are
compared as the record's history writes them (text or None)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edits:
    mine: tuple[str, ...]    # fields this editor changed (kept in the form shown again)
    theirs: tuple[str, ...]  # fields the one who saved first changed
    both: tuple[str, ...]    # changed by both, to different values: the editor decides


def edits(began: dict | None, saved: dict, typed: dict) -> Edits:
    """`began`: the record as the form was opened (None when unknown: then everything typed
    that differs from the saved record counts as this editor's, and nothing as theirs)."""
    began = saved if began is None else began
    fields = list(saved)
    mine = tuple(f for f in fields if typed.get(f) != began.get(f))
    theirs = tuple(f for f in fields if saved[f] != began.get(f))
    both = tuple(f for f in mine if f in theirs and typed.get(f) != saved[f])
    return Edits(mine, theirs, both)
