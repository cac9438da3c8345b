"""The business identification number (BIN) of an organisation: YYMM T A NNNNN K.

YYMM is the year (two digits) and month of registration, T the type of the entity (4 a
resident legal entity, 5 a non-resident, 6 an individual entrepreneur in joint enterprise),
A its attribute (0 head office, 1 branch, 2 representative office, 3 a peasant farm in joint
enterprise), NNNNN the serial number and K the check digit, computed as the IIN's
(`iin.check_digit`). Sources in reference_data/README.md ("BIN").
"""
from __future__ import annotations

from dataclasses import dataclass

from caseworker.domain.iin import check_digit, check_last, normalise, twelve_digits

ENTITY_TYPES = {"4": "resident", "5": "non_resident", "6": "joint_venture"}
ATTRIBUTES = {"0": "head_office", "1": "branch", "2": "representative_office", "3": "farm"}


class InvalidBIN(ValueError):
    """Why a string is not a valid BIN; `code` names the kind of failure."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class BINInfo:
    bin: str
    year2: int  # the registration year's last two digits (the century is not written)
    month: int
    entity_type: str
    attribute: str


def parse(value: str) -> BINInfo:
    """Validate a BIN (grouping spaces and dashes ignored); raise InvalidBIN with a code:
    length, digits, month, entity_type, attribute, check_digit (or never_issued, when the
    first eleven digits have no check digit)."""
    value = normalise(value)
    twelve_digits(value, InvalidBIN)
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise InvalidBIN("month")
    if value[4] not in ENTITY_TYPES:
        raise InvalidBIN("entity_type")
    if value[5] not in ATTRIBUTES:
        raise InvalidBIN("attribute")
    check_last(value, InvalidBIN, "check_digit")
    return BINInfo(value, int(value[:2]), month, ENTITY_TYPES[value[4]], ATTRIBUTES[value[5]])


def complete(first_eleven: str) -> str | None:
    """The BIN these eleven digits begin, with its check digit; None when there is none."""
    k = check_digit(first_eleven)
    return None if k is None else f"{first_eleven}{k}"
