"""The second factor's rules: time-based one-time codes (RFC 6238, 30 s steps, 6 digits) and
recovery codes. Pure: the secret, the code and the moment are given."""
from __future__ import annotations

import hashlib
import secrets

import pyotp

STEP_SECONDS = 30
DRIFT_STEPS = 1  # a code of the step before or after is taken (clocks drift)
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def uri(secret: str, login: str, issuer: str) -> str:
    """What the enrolment's QR code holds (otpauth://totp/...)."""
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=issuer)


def matching_step(secret: str, code: str, at: float, last_step: int | None) -> int | None:
    """The time step whose code `code` is, within the drift, and later than `last_step` (a
    code is usable once: its step or an earlier one again is refused); None otherwise."""
    code = "".join(code.split())
    if not secret or not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now_step = int(at) // STEP_SECONDS
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step if last_step is None or step > last_step else None
    return None


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Codes like 'k7mq-x2pd-9wrt' (about 74 bits each)."""
    return ["-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
            for _ in range(count)]


def recovery_hash(code: str) -> str:
    """A recovery code as stored: SHA-256 of its letters (a slow hash adds nothing to a
    random code of this length), so the same code typed with or without dashes matches."""
    letters = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(letters.encode()).hexdigest()
