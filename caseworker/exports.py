"""CSV (streamed) and XLSX (capped at its row limit) exports with neutralised formula cells."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

XLSX_MAX_ROWS = 1_048_576  # the sheet's limit, header included
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """A spreadsheet never evaluates what a user typed: text starting like a formula gets a
    leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()  # BOM: spreadsheet programs then read UTF-8 right
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    response = Response(stream_with_context(_csv_lines(header, rows)),
                        mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    from openpyxl import Workbook  # imported when an XLSX is asked for
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for count, row in enumerate(rows, start=2):
        if count > XLSX_MAX_ROWS:
            break
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = Response(out.getvalue(), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
