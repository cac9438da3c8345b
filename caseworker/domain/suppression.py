"""Small-cell suppression for aggregates shown to roles without access to persons.

Counts under the threshold are hidden; if exactly one cell of a row is hidden and the row's
total is shown, the next smallest cell is hidden too, so the hidden one cannot be recovered by
subtraction (complementary suppression).
"""
from __future__ import annotations

THRESHOLD = 5


def suppress(counts: list[int], threshold: int = THRESHOLD) -> list[int | None]:
    """The counts with hidden cells as None; the total of the row stays exact."""
    hidden = [0 < c < threshold for c in counts]
    if sum(hidden) == 1:
        visible = [(c, i) for i, c in enumerate(counts) if not hidden[i] and c > 0]
        if visible:
            hidden[min(visible)[1]] = True
        elif len(counts) > 1:
            zero = next(i for i, h in enumerate(hidden) if not h)
            hidden[zero] = True
    return [None if h else c for c, h in zip(counts, hidden)]
