"""The short verification code printed on a letter: its alphabet, and a code as a person types
it back (from the paper, read aloud over the phone, on a Russian or Kazakh keyboard)."""
from __future__ import annotations

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
LENGTH = 10

# Cyrillic capitals drawn like Latin ones: typed on a Cyrillic layout, they are what was meant.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")


# The Latin letter on the same key of the Russian (ЙЦУКЕН) layout, and the digit under each
# Kazakh letter of the Kazakh layout's number row: a code typed without switching keyboards.
_SAME_KEY = str.maketrans("ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬӘІҢҒҮҰ",
                          "QWERTYUIOPASDFGHJKLZXCVBNM234589")


def _kept(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())[:2 * LENGTH]


def normalise(typed: str) -> str:
    """The code as stored: capitals, without spaces, dashes or dots, Cyrillic look-alikes read
    as the Latin letters they look like. Anything else is kept, so that it matches nothing."""
    return _kept(typed.upper().translate(_LOOKALIKES))


def readings(typed: str) -> list[str]:
    """The codes a typed text may stand for, the likelier first: as it looks (`normalise`),
    then as typed on a Cyrillic layout without switching it (each key's Latin letter or
    digit: "47Й2АТ7Е47" is 47Q2FN7T47)."""
    found: list[str] = []
    for code in (normalise(typed), _kept(typed.upper().translate(_SAME_KEY))):
        if code and code not in found:
            found.append(code)
    return found
