"""Name handling: the casefolded search key (SQLite's lower() does not fold Cyrillic)."""
import unicodedata


def search_key(*parts: str | None) -> str:
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return unicodedata.normalize("NFC", text).casefold()


def full_name(last: str, first: str, patronymic: str | None) -> str:
    return " ".join(p for p in (last, first, patronymic) if p)
