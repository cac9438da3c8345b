"""Reading a bank's or the treasury's file of payments: a CSV with a header row, in UTF-8 (or
Windows Cyrillic), separated by ";", "," or tabs. Columns, in any order, named in English,
Russian or Kazakh: the referral's letter number or the person's IIN, the date paid, the
amount in whole tenge, the document number, and for a wage subsidy optionally the month.

A date may carry a time; a time with an offset (a bank's UTC timestamp) counts on the local
day it fell on in Kazakhstan (23:30 local on 31 December is 31 December)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from caseworker import clock, spoken
from caseworker.domain.inputs import bad_characters
from caseworker.forms import CONTROL_MESSAGE
from caseworker.refusals import Refused

MAX_ROWS = 20_000
LETTER_NUMBER = 40  # characters of a letter's number (letter.number)
VALUE = 60  # characters of a cell the report echoes

# canonical column -> the headers that name it (casefolded, spaces and "_" dropped)
HEADERS = {
    "letter_number": ("letternumber", "letter", "letterno", "номернаправления", "направление",
                      "жолдаманөмірі", "жолдама"),
    "iin": ("iin", "иин", "жсн"),
    "paid_on": ("paidon", "date", "дата", "датаплатежа", "күні", "төленгенкүні"),
    "amount_kzt": ("amountkzt", "amount", "сумма", "сомасы", "сома"),
    "document_number": ("documentnumber", "document", "documentno", "номердокумента",
                        "документ", "құжатнөмірі", "құжат"),
    "month": ("month", "месяц", "ай"),
}
REQUIRED = ("paid_on", "amount_kzt", "document_number")


def _key(header: str) -> str:
    return re.sub(r"[\s_.№#-]+", "", header.strip().lstrip("\ufeff").casefold())


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # canonical column -> text as in the file
    headers: dict[str, str]  # canonical column -> the file's header
    letter_number: str | None = None
    iin: str | None = None
    paid_on: date | None = None
    amount: Decimal | None = None
    document_number: str | None = None
    month: date | None = None
    problems: list[dict] = field(default_factory=list)

    @property
    def key_column(self) -> str:
        return "letter_number" if self.letter_number or not self.iin else "iin"

    def bad(self, column: str | None, reason) -> dict:
        """A line of the report: line, column (as the file names it), value, reason."""
        column = column or self.key_column
        value = "".join("\ufffd" if bad_characters(ch) else ch
                        for ch in (self.cells.get(column) or "")[:VALUE])
        return {"line": self.line, "column": self.headers.get(column, column),
                "value": value, "reason": str(reason), "words": spoken.kept(reason)}


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused("import_unreadable")


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first.count)


def read(data: bytes) -> list[Row]:
    """The rows of the file, each parsed (its problems kept on it), or a refusal when the file
    itself cannot be read or lacks a column."""
    text = _decode(data)
    if "\x00" in text:
        raise Refused("import_unreadable")
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise Refused("import_unreadable") from None
    columns: dict[int, str] = {}
    names: dict[str, str] = {}
    for index, title in enumerate(header):
        canonical = next((c for c, keys in HEADERS.items() if _key(title) in keys), None)
        if canonical and canonical not in names:
            columns[index], names[canonical] = canonical, title.strip().lstrip("\ufeff")
    missing = [c for c in REQUIRED if c not in names]
    if missing or not ({"letter_number", "iin"} & set(names)):
        wanted = missing or ["letter_number / iin"]
        raise Refused("import_unreadable", message=_l(
            "The file lacks a column: %(columns)s. The header row names the letter number or "
            "IIN, the date, the amount and the document number.",
            columns=", ".join(wanted)))
    rows: list[Row] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise Refused("import_unreadable", message=_l(
                    "The file has more than %(n)d rows: split it.", n=MAX_ROWS))
            values = {columns[i]: c.strip() for i, c in enumerate(cells) if i in columns}
            row = Row(reader.line_num, values, names)
            if any(c.strip() for c in cells[len(header):]):
                row.problems.append(row.bad(None, _l(
                    "This row has more cells than the header (%(n)d): is there a separator "
                    "inside a value?", n=len(header))))
            rows.append(parse(row))
    except csv.Error:
        raise Refused("import_unreadable") from None
    return rows


def parse(row: Row) -> Row:
    cells = row.cells
    for column, text in cells.items():
        if bad_characters(text):
            row.problems.append(row.bad(column, CONTROL_MESSAGE))
    if len(cells.get("letter_number") or "") > LETTER_NUMBER:
        row.problems.append(row.bad("letter_number", _l(
            "A letter number is at most %(n)d characters.", n=LETTER_NUMBER)))
    row.letter_number = cells.get("letter_number") or None
    iin = re.sub(r"\s", "", cells.get("iin") or "")
    if not row.letter_number:
        if not iin:
            row.problems.append(row.bad("letter_number", _l(
                "Give the letter number or the IIN.")))
        elif not re.fullmatch(r"\d{12}", iin):
            row.problems.append(row.bad("iin", _l("An IIN is 12 digits.")))
        row.iin = iin or None
    row.paid_on = local_day(cells.get("paid_on") or "")
    if row.paid_on is None:
        row.problems.append(row.bad("paid_on", _l(
            "Not a date: write 2026-03-31 or 31.03.2026 (a time may follow).")))
    row.amount = amount_of(cells.get("amount_kzt") or "")
    if row.amount is None:
        row.problems.append(row.bad("amount_kzt", _l("Not an amount in tenge.")))
    row.document_number = (cells.get("document_number") or "").strip() or None
    if row.document_number is None:
        row.problems.append(row.bad("document_number", _l("Enter the payment document's number.")))
    if cells.get("month"):
        row.month = month_of(cells["month"])
        if row.month is None:
            row.problems.append(row.bad("month", _l("Not a month: write 2026-03 or 03.2026.")))
    return row


def amount_of(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]|(?i:kzt|тг|₸)", "", text).replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def local_day(text: str) -> date | None:
    """The local day of a date, or of a date and time (with an offset: converted to local)."""
    text = text.strip()
    match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?",
                         text)
    if match:
        day, month, year = (int(g) for g in match.groups()[:3])
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?", text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return clock.local(moment).date() if moment.tzinfo else moment.date()


def month_of(text: str) -> date | None:
    text = text.strip()
    match = (re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text)
             or re.fullmatch(r"(?:\d{2}\.)?(\d{2})\.(\d{4})", text))
    if not match:
        return None
    first, second = (int(g) for g in match.groups())
    year, month = (first, second) if first > 12 else (second, first)
    try:
        return date(year, month, 1)
    except ValueError:
        return None


COLUMN_OF_FIELD = {"amount_kzt": "amount_kzt", "paid_on": "paid_on", "month": "month",
                   "document_number": "document_number"}


def column_of(field_name: str | None) -> str | None:
    """The import column a refusal's field concerns (None: the row's letter number or IIN)."""
    return COLUMN_OF_FIELD.get(field_name or "")
