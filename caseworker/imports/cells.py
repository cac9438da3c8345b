"""A row's cells read into the values an operation takes, by its kind's columns; what cannot
be read becomes a `Problem` naming its line, column and value."""
from __future__ import annotations

import functools
from datetime import date

from caseworker.domain import imports as rules
from caseworker.imports import columns
from caseworker.imports.reading import Problem, Sheet

READERS = {
    "text": lambda value, today: rules.text(value),
    "day": rules.day, "moment": rules.moment,
    "later_day": lambda value, today: rules.day(value, today, ahead=True),
    "whole": lambda value, today: rules.whole(value),
    "yes_no": lambda value, today: rules.yes_no(value),
    "items": lambda value, today: rules.items(value),
    "iin": lambda value, today: rules.iin(value),
    "district": lambda value, today: value.strip(),  # an id or a KATO code: looked up later
}


@functools.cache
def _plan(kind: str, header: tuple[str, ...]) -> tuple[tuple[int, str, columns.Column,
                                                             object], ...]:
    """The columns of a sheet's header its kind takes: (index, name, column, reader), worked
    out once for all its rows."""
    spec = {c.name: c for c in columns.KINDS[kind]}
    return tuple((index, name, spec[name], READERS[spec[name].reader])
                 for index, name in enumerate(header) if name in spec)


def read_row(sheet: Sheet, line: int, values: list[str], today: date
             ) -> tuple[dict | None, list[Problem]]:
    row, problems = {}, []
    count = len(values)
    for index, name, column, reader in _plan(sheet.kind, tuple(sheet.header)):
        value = values[index] if index < count else ""
        if not value or value.isspace():
            if column.required:
                problems.append(Problem(sheet.source, line, name, None, "import_required"))
            row[name] = [] if column.reader == "items" else None
            continue
        try:
            row[name] = reader(value, today)
        except rules.CellProblem as problem:
            problems.append(Problem(sheet.source, line, name, value[:200],
                                    f"import_{problem.code}",
                                    {"year": rules.EARLIEST.year}))
    return (None if problems else row), problems
