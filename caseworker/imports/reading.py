"""An uploaded file's rows: CSV (UTF-8 or Windows-1251, separated by commas, semicolons or
tabs) or XLSX (each sheet a kind of its own). A file that cannot be taken as a whole (too
large, empty, merged cells, an unknown header) becomes a `Problem` of the file; its cells are
read later, row by row (`caseworker.imports.cells`)."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from caseworker.domain import imports as cells
from caseworker.imports import columns

XLSX_MAGIC = b"PK\x03\x04"
_MERGED = re.compile(rb"<(?:\w+:)?mergeCell\b")


@dataclass
class Problem:
    """Something wrong at a place of a file: the file as a whole (line 0), or a cell."""
    source: str
    line: int
    column: str | None
    value: str | None
    code: str
    values: dict = field(default_factory=dict)  # what the code's message names
    message: str | None = None  # the operation's own message, when it gave one


@dataclass
class Sheet:
    source: str  # the file's name, with the sheet's for an XLSX
    kind: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells as text)
    encoding: str | None = None


@dataclass
class Limits:
    max_bytes: int
    max_rows: int


def read(name: str, data: bytes, limits: Limits) -> tuple[list[Sheet], list[Problem]]:
    """The sheets of one uploaded file, or the problems that refuse it."""
    if len(data) > limits.max_bytes:
        return [], [Problem(name, 0, None, None, "import_too_large",
                            {"limit": limits.max_bytes // 2**20})]
    if data.startswith(XLSX_MAGIC):
        return _xlsx(name, data, limits)
    try:
        text, encoding = cells.decode(data)
    except cells.CellProblem:
        return [], [Problem(name, 0, None, None, "import_encoding")]
    return _sheet(name, _csv_rows(text), limits, encoding)


def _csv_rows(text: str):
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=cells.delimiter(first))
    for values in reader:
        yield reader.line_num, values


def _sheet(source: str, rows, limits: Limits, encoding: str | None = None,
           name: str = "") -> tuple[list[Sheet], list[Problem]]:
    rows = iter(rows)
    header = None
    for _line, values in rows:
        if any(v.strip() for v in values):
            header = [v.strip().casefold() for v in values]
            break
    if header is None:
        return [], [Problem(source, 0, None, None, "import_empty")]
    while header and not header[-1]:
        header.pop()
    kind = columns.kind_of(header, name or source)
    if kind is None:
        return [], [Problem(source, 1, None, ", ".join(header)[:200], "import_unknown_kind")]
    unknown = [h for h in header if h not in columns.names(kind)]
    missing = sorted(columns.required(kind) - set(header))
    if unknown or missing:
        code = "import_unknown_columns" if unknown else "import_missing_columns"
        return [], [Problem(source, 1, None, None, code,
                            {"names": ", ".join(unknown or missing)})]
    kept = []
    for line, values in rows:
        if not any(v.strip() for v in values):
            continue
        if len(kept) >= limits.max_rows:
            return [], [Problem(source, 0, None, None, "import_too_many_rows",
                                {"limit": f"{limits.max_rows:,}"})]
        kept.append((line, values))
    if not kept:
        return [], [Problem(source, 0, None, None, "import_empty")]
    return [Sheet(source, kind, header, kept, encoding)], []


def _xlsx(name: str, data: bytes, limits: Limits) -> tuple[list[Sheet], list[Problem]]:
    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            merged = [n for n in archive.namelist()
                      if n.startswith("xl/worksheets/") and n.endswith(".xml")
                      and _MERGED.search(archive.read(n))]
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # a damaged or foreign archive: said as such, never a 500
        return [], [Problem(name, 0, None, None, "import_unreadable")]
    if merged:
        return [], [Problem(name, 0, None, None, "import_merged_cells")]
    sheets, problems = [], []
    for sheet in book.worksheets:
        source = f"{name} [{sheet.title}]"
        formulas: list[Problem] = []
        rows = list(_xlsx_rows(sheet, source, formulas))
        if formulas:
            problems += formulas[:100]
            continue
        found, refused = _sheet(source, rows, limits, name=sheet.title)
        sheets += found
        if refused and not (refused[0].code == "import_empty" and len(book.worksheets) > 1):
            problems += refused
    book.close()
    return sheets, problems


def _xlsx_rows(sheet, source: str, formulas: list[Problem]):
    header: list[str] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        values = [_cell_text(c.value) for c in row]
        if not header and any(values):
            header = [v.strip().casefold() for v in values]
        for index, c in enumerate(row):
            if getattr(c, "data_type", None) == "f":
                column = header[index] if index < len(header) else str(index + 1)
                formulas.append(Problem(source, number, column, str(c.value)[:100],
                                        "import_formula"))
        yield number, values


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
