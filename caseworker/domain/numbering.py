"""Letter numbers: region-year-sequence, as printed on a referral letter and on its
verification page ("43-2026-000017": the region's two-digit KATO prefix, the year of issue,
the region's running count in that year)."""
from __future__ import annotations

SEQUENCE_DIGITS = 6


def letter_number(region_kato: str, year: int, sequence: int) -> str:
    return f"{region_kato[:2]}-{year}-{sequence:0{SEQUENCE_DIGITS}d}"


def sequence_of(number: str, region_kato: str, year: int) -> int | None:
    """The running count in a number of this region and year ("43-2026-000017" -> 17), or
    None when the number is of another form, region or year (kept as it is, counting
    nothing)."""
    prefix, _, rest = number.partition("-")
    number_year, _, sequence = rest.partition("-")
    if prefix != region_kato[:2] or number_year != str(year) or not sequence.isdigit():
        return None
    return int(sequence)
