"""The second factor's rules on plain values, at fixed times."""
from __future__ import annotations

from datetime import datetime, timedelta

import pyotp

from caseworker.domain import sessions, totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AT = 1_790_000_000.0  # a fixed moment


def code_at(at: float) -> str:
    return pyotp.TOTP(SECRET).at(at)


def test_a_code_matches_its_step_and_the_neighbours():
    step = int(AT) // 30
    assert totp.matching_step(SECRET, code_at(AT), AT, None) == step
    assert totp.matching_step(SECRET, code_at(AT - 30), AT, None) == step - 1
    assert totp.matching_step(SECRET, code_at(AT + 30), AT, None) == step + 1
    assert totp.matching_step(SECRET, code_at(AT - 90), AT, None) is None
    assert totp.matching_step(SECRET, " ".join([code_at(AT)[:3], code_at(AT)[3:]]), AT,
                              None) == step


def test_a_code_is_usable_once():
    step = totp.matching_step(SECRET, code_at(AT), AT, None)
    assert totp.matching_step(SECRET, code_at(AT), AT, step) is None        # replayed
    assert totp.matching_step(SECRET, code_at(AT - 30), AT, step) is None   # an older one
    assert totp.matching_step(SECRET, code_at(AT + 30), AT + 30, step) == step + 1


def test_what_is_not_a_code():
    for bad in ("", "12345", "1234567", "abcdef", "12345\x00"):
        assert totp.matching_step(SECRET, bad, AT, None) is None


def test_recovery_codes():
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 10 and all(len(c) == 14 for c in codes)
    assert totp.recovery_hash(codes[0]) == totp.recovery_hash(codes[0].upper().replace("-", ""))
    assert totp.recovery_hash(codes[0]) != totp.recovery_hash(codes[1])


def test_uri_names_the_login_and_issuer():
    uri = totp.uri(SECRET, "admin.kz", "Caseworker")
    assert uri.startswith("otpauth://totp/Caseworker:admin.kz?") and SECRET in uri


def test_session_expiry_and_device():
    now = datetime(2026, 11, 27, 12, 0)
    idle, longest = timedelta(minutes=30), timedelta(hours=12)
    assert not sessions.expired(now - timedelta(hours=2), now - timedelta(minutes=29), now,
                                idle, longest)
    assert sessions.expired(now - timedelta(hours=2), now - timedelta(minutes=31), now,
                            idle, longest)
    assert sessions.expired(now - timedelta(hours=13), now, now, idle, longest)
    assert sessions.device("Mozilla/5.0 (Windows NT 10.0; Win64) Chrome/131.0 Safari/537.36 "
                           "Edg/131.0") == "Edge / Windows"
    assert sessions.device("curl/8.0") is None and sessions.device(None) is None


def test_no_secret_matches_nothing():
    assert totp.matching_step("", "123456", AT, None) is None
