"""IINs for bulk demo data: the check digit of `caseworker.domain.iin` from precomputed sums.

The weighted sums of the first seven digits (birth date and century) are computed once per
date and sex, those of the four serial digits once per serial; a new IIN then costs two
additions and a lookup.
"""
from __future__ import annotations

from datetime import date

from caseworker.domain.iin import FIRST_WEIGHTS, SECOND_WEIGHTS

CENTURY = {1800: 1, 1900: 3, 2000: 5}


def _sums(digits: str, offset: int) -> tuple[int, int]:
    values = [int(c) for c in digits]
    weights = (FIRST_WEIGHTS[offset:], SECOND_WEIGHTS[offset:])
    return tuple(sum(d * w for d, w in zip(values, ws)) for ws in weights)


class IinMaker:
    """Valid, unique IINs; `used` holds the ones taken already (and is updated)."""

    def __init__(self, used: set[str] | None = None):
        self.used = used if used is not None else set()
        self.heads: dict[tuple[date, str], tuple[str, int, int]] = {}
        self.serials = [(f"{s:04d}", *_sums(f"{s:04d}", 7)) for s in range(10000)]

    def _head(self, born: date, sex: str) -> tuple[str, int, int]:
        key = (born, sex)
        head = self.heads.get(key)
        if head is None:
            century = CENTURY[born.year - born.year % 100] + (0 if sex == "M" else 1)
            text = f"{born:%y%m%d}{century}"
            head = self.heads[key] = (text, *_sums(text, 0))
        return head

    def make(self, born: date, sex: str, serial: int) -> str | None:
        """The IIN, or None when this serial is never issued or the IIN is taken."""
        text, first, second = self._head(born, sex)
        digits, s_first, s_second = self.serials[serial]
        k = (first + s_first) % 11
        if k == 10:
            k = (second + s_second) % 11
            if k == 10:
                return None
        iin = f"{text}{digits}{k}"
        if iin in self.used:
            return None
        self.used.add(iin)
        return iin
