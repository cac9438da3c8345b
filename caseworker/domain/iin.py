"""The individual identification number (IIN): YYMMDD C NNNN K.

C gives century and sex (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd = male). K is a check digit
computed by `check_digit`, which the business identification number (BIN) shares.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidIIN(ValueError):
    """Why a string is not a valid IIN; `code` names the kind of failure."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for 11 digits, or None when both weight passes give 10 (never issued)."""
    digits = [int(c) for c in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        k = sum(d * w for d, w in zip(digits, weights)) % 11
        if k != 10:
            return k
    return None


def twelve_digits(value: str, invalid: type[ValueError]) -> None:
    """An IIN or a BIN is twelve ASCII digits: else `invalid("length")` or
    `invalid("digits")`."""
    if len(value) != 12:
        raise invalid("length")
    if not value.isascii() or not value.isdigit():
        raise invalid("digits")


def check_last(value: str, invalid: type[ValueError], code: str) -> None:
    """The twelfth digit is the check digit of the first eleven: else `invalid(code)`, or
    `invalid("never_issued")` when the first eleven have none."""
    expected = check_digit(value[:11])
    if expected is None:
        raise invalid("never_issued")
    if expected != int(value[11]):
        raise invalid(code)


@dataclass(frozen=True)
class IINInfo:
    iin: str
    birth_date: date
    sex: str  # "M" or "F"


def normalise(typed: str) -> str:
    """An IIN as typed, without the spaces and dashes people group its digits with
    ("9504 1244 3215", "950412-443215"); anything else is left for `parse` to judge."""
    if typed.isdigit():  # as most are stored and sent: nothing to leave out
        return typed
    return "".join(ch for ch in typed if not ch.isspace() and ch != "-")


def same(stored: str, typed: str) -> bool:
    """Whether a typed IIN is the stored one (grouping ignored), compared in constant time:
    the answer says only "matches" or "does not match"."""
    return hmac.compare_digest(stored.encode(), normalise(typed).encode())


def parse(value: str, today: date) -> IINInfo:
    """Validate an IIN and derive birth date and sex; raise InvalidIIN with a code."""
    twelve_digits(value, InvalidIIN)
    century_digit = int(value[6])
    if century_digit not in CENTURIES:
        raise InvalidIIN("century")
    try:
        born = date(CENTURIES[century_digit] + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise InvalidIIN("date") from None
    if born > today:
        raise InvalidIIN("future")
    check_last(value, InvalidIIN, "checksum")
    return IINInfo(value, born, "M" if century_digit % 2 else "F")


def is_valid(value: str, today: date) -> bool:
    try:
        parse(value, today)
    except InvalidIIN:
        return False
    return True


def make(born: date, sex: str, serial: int) -> str | None:
    """Build a valid IIN (for demo data and tests), or None if this serial is never issued."""
    base = born.year - born.year % 100
    century = {1800: 1, 1900: 3, 2000: 5}[base] + (0 if sex == "M" else 1)
    head = f"{born:%y%m%d}{century}{serial:04d}"
    k = check_digit(head)
    return None if k is None else head + str(k)


def mask(value: str) -> str:
    """What lists show: the birth date part, the rest hidden."""
    return value[:6] + "*" * 6
