"""Soft hyphens in long words, so that a narrow column breaks a word between its syllables,
with a hyphen shown, rather than anywhere. The patterns are Pyphen's (it comes with
WeasyPrint): Russian for Russian and for Kazakh, which has no patterns of its own there (the
Russian ones find Kazakh syllables once each Kazakh letter is read as the Russian letter
nearest to it), and British English for English."""
from __future__ import annotations

from functools import lru_cache

import pyphen

SHY = "\u00ad"
PATTERNS = {"ru": "ru_RU", "kk": "ru_RU", "en": "en_GB"}
MIN_LENGTH = 6  # shorter words fit a column whole
# Kazakh letters the Russian patterns do not know -> the nearest Russian letter (one for one,
# so the break positions found on the stand-in are those of the word)
STAND_INS = {"kk": str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")}


@lru_cache(maxsize=4)
def _patterns(locale: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=PATTERNS.get(locale, "en_GB"))


@lru_cache(maxsize=4096)
def soft(text: str, locale: str) -> str:
    """The text with a soft hyphen at each syllable break of its long words."""
    return " ".join(_word(word, locale) if len(word) >= MIN_LENGTH else word
                    for word in text.split(" "))


def _word(word: str, locale: str) -> str:
    stand_in = word.translate(STAND_INS[locale]) if locale in STAND_INS else word
    breaks = _patterns(locale).positions(stand_in)
    return SHY.join(word[start:end] for start, end in zip([0, *breaks], [*breaks, len(word)]))
