"""The options of a select field as WTForms takes them (SelectChoice, not tuples)."""
from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """(value, label) pairs as options; a label may be a lazy translation."""
    return [SelectChoice(value, label) for value, label in pairs]


def labels_of(choices: Iterable[SelectChoice]) -> dict:
    """value -> label of a field's options."""
    return {choice.value: choice.label for choice in choices}
