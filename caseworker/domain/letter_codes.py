"""The short verification code printed on a letter: its alphabet, and a code as a person types
it back (from the paper, read aloud over the phone, on a Russian or Kazakh keyboard)."""
from __future__ import annotations

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
LENGTH = 10

# Cyrillic capitals drawn like Latin ones: typed on a Cyrillic layout, they are what was meant.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")


def normalise(typed: str) -> str:
    """The code as stored: capitals, without spaces, dashes or dots, Cyrillic look-alikes read
    as the Latin letters they look like. Anything else is kept, so that it matches nothing."""
    kept = "".join(ch for ch in typed.upper().translate(_LOOKALIKES) if ch.isalnum())
    return kept[:2 * LENGTH]
