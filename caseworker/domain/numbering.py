"""Letter numbers: region-year-sequence, as printed on a referral letter and on its
verification page ("43-2026-000017": the region's two-digit KATO prefix, the year of issue,
the region's running count in that year)."""
from __future__ import annotations

SEQUENCE_DIGITS = 6


def letter_number(region_kato: str, year: int, sequence: int) -> str:
    return f"{region_kato[:2]}-{year}-{sequence:0{SEQUENCE_DIGITS}d}"
