"""The cells of an imported file, as plain values: how a file's bytes are decoded, which
character separates its columns, and what a date, a whole number, a yes/no or a list in a
cell may look like. Each reader returns the value or raises `CellProblem` with a code the
import turns into a message."""
from __future__ import annotations

import re
from datetime import date, datetime

from caseworker.domain import iin as iin_rules
from caseworker.domain.dates import FIRST_PLAN_YEAR

EARLIEST = date(FIRST_PLAN_YEAR, 1, 1)  # the registers hold nothing older: 0001-01-01 is a slip
DELIMITERS = (",", ";", "\t")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S",
                     "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # the first of each: read by hand
_ISO_MINUTE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_LIST = re.compile(r"[,;|]")
YES, NO = {"1", "yes", "true", "да", "иә"}, {"0", "no", "false", "нет", "жоқ", ""}


class CellProblem(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was found in: UTF-8 (with or without its
    byte-order mark), else Windows-1251 (what Excel in Kazakhstan and Russia writes)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "windows-1251"
    except UnicodeDecodeError:
        raise CellProblem("encoding") from None


def delimiter(header_line: str) -> str:
    """The character that separates the header's columns (the most frequent of , ; tab)."""
    return max(DELIMITERS, key=header_line.count)


def text(value: str) -> str | None:
    return value.strip() or None


def _iso(value: str, pattern: re.Pattern, make):
    """The value read as the common form `pattern` matches (what most files hold, read
    without `strptime`); None: not that form, or not a real day (the formats then say)."""
    found = pattern.fullmatch(value)
    if found is None:
        return None
    try:
        return make(*map(int, found.groups()))
    except ValueError:
        return None


def day(value: str, today: date, *, ahead: bool = False) -> date:
    """A date as YYYY-MM-DD or DD.MM.YYYY, from EARLIEST to today (`ahead`: or later, as a
    vacancy's closing date)."""
    value = value.strip()
    found = _iso(value, _ISO_DAY, date)
    for pattern in _DATE_FORMATS if found is None else ():
        try:
            found = datetime.strptime(value, pattern).date()
            break
        except ValueError:
            continue
    if found is None:
        raise CellProblem("date")
    if found < EARLIEST:
        raise CellProblem("date_too_early")
    if found > today and not ahead:
        raise CellProblem("date_future")
    return found


def moment(value: str, today: date) -> datetime:
    """A date and time (a date alone is taken as 09:00 of that day)."""
    value = value.strip()
    found = _iso(value, _ISO_MINUTE, datetime)
    if found is not None:
        day(found.date().isoformat(), today)
        return found
    for pattern in _DATETIME_FORMATS:
        try:
            found = datetime.strptime(value, pattern)
        except ValueError:
            continue
        day(found.date().isoformat(), today)
        return found
    return datetime.combine(day(value, today), datetime.min.time()).replace(hour=9)


def whole(value: str) -> int:
    """A whole number, with spaces between thousands and a decimal comma or point allowed
    when nothing follows it but zeros ("120 000,00")."""
    value = _SPACES.sub("", value)
    whole_part, _, fraction = value.replace(",", ".").partition(".")
    if fraction.strip("0"):
        raise CellProblem("not_whole")
    if not re.fullmatch(r"-?\d{1,15}", whole_part):
        raise CellProblem("number")
    return int(whole_part)


def yes_no(value: str) -> bool:
    value = value.strip().casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellProblem("yes_no")


def items(value: str) -> list[str]:
    """A list in one cell: codes separated by commas, semicolons or bars."""
    return [part.strip() for part in _LIST.split(value) if part.strip()]


def iin(value: str) -> str:
    """An IIN as the forms take it: the spaces and dashes its digits are grouped with
    ("9005 1730 1007", "900517-301007") left out (`domain.iin.normalise`); whether the rest is
    an IIN is for `iin.parse` to judge, as on the registration page."""
    return iin_rules.normalise(value)
