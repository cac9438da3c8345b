"""Secrets the app must read back, kept encrypted in the database: a user's second-factor
(TOTP) secret. AES-256-GCM from the `cryptography` package, with a key derived (HKDF-SHA256)
from `CASEWORKER_SECRETS_KEY`, or from the secret key when that is not set. Each value is
bound to its row (`context`, e.g. "user:12"), so a stored value copied into another user's
row does not open there. Stored as "v1:" and the URL-safe base64 of nonce, ciphertext and tag.
"""
from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "v1:"
NONCE_BYTES = 12
_INFO = b"caseworker: secrets kept in the database"


class Unreadable(Exception):
    """A stored value that this key does not open (another key, or changed in the table)."""


def key_from(secrets_key: str | None, secret_key: str) -> bytes:
    """The 32-byte key: from CASEWORKER_SECRETS_KEY, else from the secret key."""
    material = secrets_key or secret_key
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=_INFO).derive(material.encode())


def app_key(config) -> bytes:
    return key_from(config.get("SECRETS_KEY"), config["SECRET_KEY"])


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def encrypt(key: bytes, plain: str, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plain.encode(), context.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(key: bytes, stored: str, context: str) -> str:
    if not is_encrypted(stored):
        raise Unreadable("not an encrypted value")
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX):].encode())
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:],
                                   context.encode()).decode()
    except (InvalidTag, ValueError) as bad:
        raise Unreadable("the key does not open this value") from bad
