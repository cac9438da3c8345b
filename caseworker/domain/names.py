"""Name handling: the casefolded search key (SQLite's lower() does not fold Cyrillic), the
key that sorts names in the order of the Kazakh alphabet on every database, and the folded
key that a search by name matches, so that a name typed on a Russian keyboard finds its
Kazakh spelling."""
import unicodedata

# The Kazakh Cyrillic alphabet, which holds the Russian one: each of its letters sorts right
# after the letter it is made from (ә after а, ғ after г, ...), not after я as by code point.
ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_ORDER = {letter: f"{n:02d}" for n, letter in enumerate(ALPHABET, start=10)}
_ORDER |= {" ": "00", "-": "01", "'": "02"}

# What a search treats as the same letter: each Kazakh letter as the Russian one it is made
# from (a Russian keyboard has no ә, ғ, ң, ...), ё as е, and the Latin letters that look like
# Cyrillic ones (typed with the wrong layout) as those. і and и, and the Latin i many type for
# і, are left out altogether: a name written in Russian documents drops or swaps them
# ("Әбдірахманова" is "Абдрахманова" there, "Серік" is "Серик").
_FOLDS = str.maketrans("әғқңөұүһёaeopcxykmthb", "агкноуухеаеорсхукмтнв", "іиi")


def search_key(*parts: str | None) -> str:
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return unicodedata.normalize("NFC", text).casefold()


# Besides letters, a name may hold these: double names, O'Brien, an initial's dot.
NAME_MARKS = frozenset(" -'’.")


def is_name(text: str) -> bool:
    """Letters of any alphabet, with spaces, hyphens, apostrophes and dots: no digits, no
    markup ("Ivanov123", "<b>Asel</b>" are not names)."""
    return all(ch.isalpha() or ch in NAME_MARKS for ch in text)


def fold(key: str) -> str:
    """A casefolded name (`search_key`) with the letters a search does not tell apart made
    the same: "Әбдірахманова", "Абдирахманова" and "Абдрахманова" fold alike."""
    return key.translate(_FOLDS)


def fold_key(key: str) -> str:
    """The order key of the folded name: what a search by name reads a range of."""
    return order_key(fold(key))


def full_name(last: str, first: str, patronymic: str | None) -> str:
    return " ".join(p for p in (last, first, patronymic) if p)


def order_key(key: str) -> str:
    """A folded name (`search_key`) as digits, two per letter, that sort in alphabet order
    under any collation (SQLite compares bytes; PostgreSQL uses the database's locale). A
    character outside the alphabet sorts after every letter, by its code point."""
    return "".join(_ORDER.get(c) or f"99{ord(c):07d}" for c in key)


def prefix_range(key: str) -> tuple[str, str | None]:
    """The order keys of exactly the names that begin with the folded `key`: from
    `order_key(key)` up to, not including, the second value (None: no upper end). The codes
    are prefix-free, so beginning with `key` is beginning with its order key; the keys are
    digits, so the range is the same under every collation."""
    low = order_key(key)
    head = low.rstrip("9")
    if not head:
        return low, None
    return low, head[:-1] + str(int(head[-1]) + 1)
