"""What the measures' pages give beyond their forms: a region's allocations of a year as a
table to export, with their places and money as the allocation page shows them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseworker.measures.allocations import Left

ALLOCATION_COLUMNS = (_l("Year"), _l("Measure"), _l("Where"), _l("Places"), _l("Used"),
                      _l("Left"), _l("Allocated, tenge"), _l("Committed"), _l("Paid"),
                      _l("Funds left"))
MONEY_FORMATS = {column: "#,##0" for column in range(6, 10)}  # (from 0: the tenge)


def allocation_header() -> list[str]:
    return [str(column) for column in ALLOCATION_COLUMNS]


def allocation_rows(rows: list[Left]):
    """Each allocation: its places used and left; allocated, committed by open referrals,
    paid (open and closed referrals) and left of its funds (empty where it limits places
    only)."""
    for row in rows:
        a = row.allocation
        yield [a.year, a.measure.name, a.district.name if a.district else str(
            _l("The whole region")), a.places, row.used_places, row.places, a.funds_kzt,
            a.committed_kzt, a.paid_open_kzt + a.paid_closed_kzt,
            row.funds if a.funds_kzt else ""]
