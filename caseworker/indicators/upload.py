"""Plans loaded from a CSV or XLSX file, or sent as JSON rows through the API: read the rows,
check every one, and say what is wrong with each bad row. Nothing here writes; the caller saves
only when no row is bad.

Columns (a header row first): indicator, region, district, year, target; region and district
are KATO codes, district may be empty (the plan is then the whole region's).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _

from caseworker import clock
from caseworker.domain.dates import plan_years
from caseworker.indicators.definitions import BY_CODE
from caseworker.indicators.forms import year_message

COLUMNS = ("indicator", "region", "district", "year", "target")
MAX_ROWS = 20_000
MAX_TARGET = 10**13


@dataclass(frozen=True)
class Entry:
    indicator_code: str
    region_id: int
    district_id: int | None
    year: int
    target: int

    @property
    def key(self) -> tuple:
        return self.indicator_code, self.region_id, self.district_id, self.year


@dataclass(frozen=True)
class Problem:
    row: int  # a file's row as a spreadsheet numbers it (the header is row 1); 0: the whole file
    message: str
    column: str | None = None  # the cell at fault, where it is one cell


class Unreadable(ValueError):
    """The file as a whole cannot be used (format, header, size)."""


def cell(value) -> str:
    """A cell as text: a whole float (as XLSX gives numbers) without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    """The rows of the file as text cells, the header included."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # only when an XLSX comes
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return [[cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # a broken or foreign file: say so, never a 500
            raise Unreadable(_("The file could not be read as an XLSX workbook.")) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    try:
        return [[c.strip() for c in row]
                for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:  # a cell over the csv module's limit (128 KiB), a NUL, ...
        raise Unreadable(_("The file could not be read as CSV: a cell is too long or holds "
                           "characters a table cannot.")) from error


def check(rows: list[list[str]], regions: dict[str, int],
          districts: dict[str, tuple[int, int]], allowed: set[int] | None = None
          ) -> tuple[list[Entry], list[Problem]]:
    """(entries, problems) of a file's rows, the header row first: every bad row is listed
    with its reasons. `regions` maps a KATO code to the region id, `districts` a KATO code to
    (district id, region id); `allowed` the only regions whose plans may be loaded (None: any).
    Blank rows are skipped; rows keep their numbers in the file."""
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c for c in r)]
    if not numbered:
        raise Unreadable(_("The file is empty."))
    header = [c.strip().lower() for c in numbered[0][1]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise Unreadable(_("The header row lacks the columns: %(columns)s.",
                           columns=", ".join(missing)))
    if len(numbered) - 1 > MAX_ROWS:
        raise Unreadable(_("The file has more than %(limit)d rows.", limit=MAX_ROWS))
    if len(numbered) == 1:
        raise Unreadable(_("The file has no plan rows."))
    at = {c: header.index(c) for c in COLUMNS}
    return check_records(
        ((n, {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()})
         for n, row in numbered[1:]), regions, districts, allowed)


def check_records(records: Iterable[tuple[int, dict[str, str]]], regions: dict[str, int],
                  districts: dict[str, tuple[int, dict[int, set[int]]]],
                  allowed: set[int] | None = None) -> tuple[list[Entry], list[Problem]]:
    """(entries, problems) of numbered rows given as {column: text}: every bad row is listed
    with its reasons. `allowed`: the only regions whose plans may be loaded (None: any)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for number, cells in records:
        entry, reasons = _entry(cells, regions, districts, allowed)
        if entry is not None and entry.key in seen:
            reasons.append((None, _("The same indicator, place and year is on row %(row)d.",
                                    row=seen[entry.key])))
        if reasons:
            problems += [Problem(number, reason, column) for column, reason in reasons]
        else:
            seen[entry.key] = number
            entries.append(entry)
    return entries, problems


def _whole(text: str, low: int, high: int) -> int | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    # ASCII digits only ("²" is a digit to isdigit() but not to int()), and few of them
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 20:
        return None
    value = int(cleaned)
    return value if low <= value <= high else None


def _entry(cells: dict[str, str], regions: dict[str, int],
           districts: dict[str, tuple[int, dict[int, set[int]]]], allowed: set[int] | None
           ) -> tuple[Entry | None, list[tuple[str | None, str]]]:
    """The row's plan, or its reasons as (column, message)."""
    reasons = []
    code = cells["indicator"]
    if code not in BY_CODE:
        reasons.append(("indicator", _("Unknown indicator “%(code)s”.", code=code)))
    region_id = regions.get(cells["region"])
    if region_id is None:
        reasons.append(("region", _("Unknown region KATO code “%(kato)s”.",
                                    kato=cells["region"])))
    elif allowed is not None and region_id not in allowed:
        reasons.append(("region", _("You may load the plans of your own region only.")))
    years = plan_years(clock.today())
    year = _whole(cells["year"], *years)
    district_id = None
    if cells["district"]:
        found = districts.get(cells["district"])
        if found is None:
            reasons.append(("district", _("Unknown district KATO code “%(kato)s”.",
                                          kato=cells["district"])))
        elif region_id is not None and year is not None and region_id not in found[1].get(
                year, ()):  # a plan belongs to the region that held the district that year
            reasons.append(("district", _("District “%(district)s” is not in region "
                                          "“%(region)s”.", district=cells["district"],
                                          region=cells["region"])))
        else:
            district_id = found[0]
    if year is None:
        reasons.append(("year", year_message(*years)))
    target = _whole(cells["target"], 0, MAX_TARGET)
    if target is None:
        reasons.append(("target", _("The target must be a whole number, 0 or more.")))
    if reasons:
        return None, reasons
    return Entry(code, region_id, district_id, year, target), reasons
