"""CSV (streamed) and XLSX (capped at its row limit) exports with neutralised formula cells.

A CSV opens in a spreadsheet program of the reader's language: in Kazakh and Russian the
fields are separated by ";" and decimals written with ",", as those locales' spreadsheets
expect (a comma-separated file opens there as one column); in English by "," with ".".
An XLSX holds dates as dates and numbers as numbers, with its columns wide enough to read."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain, islice

from flask import Response, stream_with_context
from flask_babel import get_locale

XLSX_MAX_ROWS = 1_048_576  # the sheet's limit, header included
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """A spreadsheet never evaluates what a user typed: text starting like a formula gets a
    leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


COMMA_LOCALES = ("kk", "ru")  # decimal comma, list separator ";"


def csv_cell(value, decimal_comma: bool) -> object:
    if isinstance(value, float) and decimal_comma:
        return repr(value).replace(".", ",")
    return safe_cell(value)


def _csv_lines(header: list[str], rows: Iterable[Iterable], decimal_comma: bool
               ) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if decimal_comma else ",")
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()  # BOM: spreadsheet programs then read UTF-8 right
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(v, decimal_comma) for v in row])
        yield buffer.getvalue()


def csv_lines(header: list[str], rows: Iterable[Iterable], for_tools: bool = False
              ) -> Iterator[str]:
    """The file's lines in the reader's language (`for_tools`: a file read by programs, the
    audit log, is the same in every language)."""
    return _csv_lines(header, rows, not for_tools and str(get_locale()) in COMMA_LOCALES)


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable],
                 for_tools: bool = False) -> Response:
    response = Response(stream_with_context(csv_lines(header, rows, for_tools)),
                        content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


WIDTH_SAMPLE = 200  # rows read ahead to size the columns
MAX_WIDTH = 60


def column_widths(header: list[str], sample: list[list]) -> list[int]:
    """Characters each column needs to show its header and the sampled values whole."""
    def shown(value) -> int:
        return 10 if isinstance(value, date) else len(str(value)) if value is not None else 0
    return [min(MAX_WIDTH, max([len(title)] + [shown(row[i]) for row in sample if i < len(row)])
                + 2) for i, title in enumerate(header)]


def response(kind: str, filename: str, header: list[str], rows: Iterable[Iterable],
             title: str, formats: dict[int, str] | None = None) -> Response:
    """The export asked for: "csv" streamed, else XLSX on a sheet named `title` (as much of it
    as a sheet's name holds), numbers of the columns in `formats` in the format given there."""
    if kind == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title, formats)


def xlsx_response(filename: str, header: list[str], rows: Iterable[Iterable],
                  title: str = "", formats: dict[int, str] | None = None) -> Response:
    from openpyxl import Workbook  # imported when an XLSX is asked for
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_name(title) or None)
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, WIDTH_SAMPLE)]
    for i, width in enumerate(column_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    formats = formats or {}

    def text(value: str):
        """Text as a text cell: never a formula, and no apostrophe to show (a CSV needs one,
        a cell of type text does not)."""
        made = WriteOnlyCell(sheet, value=value)
        made.data_type = "s"
        return made

    def cell(value, column: int):  # a styled cell only where it needs one: they cost more
        if isinstance(value, date):
            form = "DD.MM.YYYY"
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and (
                column in formats or isinstance(value, float)):
            form = formats.get(column, "#,##0.0")
        elif isinstance(value, str) and value.startswith("="):
            return text(value)
        else:
            return value
        made = WriteOnlyCell(sheet, value=value)
        made.number_format = form
        return made
    titles = [text(title) for title in header]
    for title in titles:
        title.font = bold
    sheet.append(titles)
    for count, row in enumerate(chain(sample, rows), start=2):
        if count > XLSX_MAX_ROWS:
            break
        sheet.append([cell(v, i) for i, v in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    response = Response(out.getvalue(), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_name(title: str) -> str:
    """A sheet's name holds 31 characters and none of []:*?/\\."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31].strip()
