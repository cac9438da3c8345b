"""What the officers' dashboard says beyond the table: the places grouped by tier, the
indicators that have no facts yet in many places (one line per count, not one per place),
and where each region's tile sits in the grid that stands in for a map. No Flask, no
database."""
from __future__ import annotations

from dataclasses import dataclass

from caseworker.domain.indicators import AVERAGE, HIGH, LAGGING

TIER_ORDER = (LAGGING, AVERAGE, HIGH, None)  # the briefing's groups, the weakest first

# A region's KATO prefix -> (row, column) of its tile: the 20 regions in their rough places
# on the map of Kazakhstan, north-west at the top left (7 columns, 5 rows).
TILES: dict[str, tuple[int, int]] = {
    "39": (0, 2), "59": (0, 3), "55": (0, 5),
    "27": (1, 0), "15": (1, 1), "11": (1, 3), "71": (1, 4), "10": (1, 5), "63": (1, 6),
    "23": (2, 0), "62": (2, 3), "35": (2, 4),
    "47": (3, 0), "43": (3, 2), "19": (3, 5), "33": (3, 6),
    "61": (4, 2), "79": (4, 3), "31": (4, 4), "75": (4, 5),
}
TILE_COLUMNS, TILE_ROWS = 7, 5


def tile_of(kato: str) -> tuple[int, int] | None:
    """The tile (row, column) of a region by its KATO code; None for a code not on the map."""
    return TILES.get(kato[:2]) if kato else None


@dataclass(frozen=True)
class Place:
    """What the dashboard needs of a region or district: its id, name, tier and facts."""
    id: int | None
    name: str
    tier: str | None
    facts: dict[str, int]  # indicator code -> fact (a hidden cell left out)
    planned: frozenset[str] = frozenset()  # the indicators the place has a plan for


def by_tier(places: list[Place]) -> list[tuple[str | None, list[Place]]]:
    """(tier, places) for each tier that has places, lagging first; None: no plan at all."""
    return [(tier, found) for tier in TIER_ORDER
            if (found := [p for p in places if p.tier == tier])]


def without_facts(places: list[Place], codes: list[str]) -> list[tuple[int, list[str]]]:
    """(how many places, the indicators) for the indicators that some place has a plan for
    and no fact yet: indicators with the same count of such places share one line, the
    largest count first. Places with no plan for an indicator are not asked to have facts."""
    counts: dict[str, int] = {}
    for code in codes:
        n = sum(1 for p in places if code in p.planned and p.facts.get(code) == 0)
        if n:
            counts[code] = n
    lines: dict[int, list[str]] = {}
    for code in codes:
        if code in counts:
            lines.setdefault(counts[code], []).append(code)
    return sorted(lines.items(), key=lambda line: -line[0])
