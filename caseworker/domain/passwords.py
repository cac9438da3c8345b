"""Password rules: long enough, not the login, not a common password."""
from __future__ import annotations

MIN_LENGTH = 10
# The most common passwords and the keyboard walks seen in leaked lists, and local favourites.
COMMON = frozenset("""
123456 123456789 12345678 1234567890 password qwerty qwerty123 qwertyuiop 1q2w3e4r5t
111111 123123 abc123 password1 1234567 iloveyou admin admin123 welcome letmein monkey
dragon sunshine princess football baseball 000000 654321 superman qazwsx 1qaz2wsx
password123 zaq12wsx qwerty1234 asdfghjkl passw0rd kazakhstan astana almaty enbek
enbek2026 qwerty2026 парольпароль йцукенгшщз
""".split())


def problems(password: str, login: str) -> list[str]:
    """Codes of the rules a password breaks (empty when it is acceptable)."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append("too_short")
    lowered = password.casefold()
    if login and login.casefold() in lowered:
        found.append("contains_login")
    if lowered in COMMON or lowered.rstrip("0123456789!") in COMMON:
        found.append("common")
    return found
