"""The answer link printed on a letter for the organisation that receives the person.

Its code is 20 characters of the letters' alphabet (100 bits) made from random bytes
(`secrets`) with a key derived from the server's secret; the database keeps those bytes and
the code's keyed hash, so the letter can be printed again while neither column gives the code
to someone without the key (changing the secret ends every link). A typed code is looked up by
its hash; one that is guessed, changed in one character, revoked or belongs to a closed
referral finds nothing, and the page says only that the link is not valid."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from types import SimpleNamespace
import segno
from flask import current_app
from sqlalchemy import select, update

from caseworker import audit
from caseworker.bulk_writes import written
from caseworker.domain import letter_codes
from caseworker.extensions import db
from caseworker.models import AnswerLink, Letter, Referral, User
from caseworker.models.referral import OPEN_STATUSES
from caseworker.models.types import utcnow

LENGTH = 20
GROUP = 5  # printed in groups of five, to be read and typed back
ROUTE = "/a/"  # the short link: PUBLIC_URL/a/<code>


def _key() -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"answer-link",
                    hashlib.sha256).digest()


def code_of(link: AnswerLink, key: bytes | None = None) -> str:
    """The printed code of the link (the alphabet has 32 characters: one a 5-bit value).
    `key`: `_key()` as read once for many links."""
    made = hmac.new(key or _key(), b"code:" + bytes.fromhex(link.nonce),
                    hashlib.sha256).digest()
    return "".join(letter_codes.ALPHABET[byte % 32] for byte in made[:LENGTH])


def hash_of(code: str, key: bytes | None = None) -> str:
    return hmac.new(key or _key(), b"hash:" + code.encode(), hashlib.sha256).hexdigest()


def normalise(typed: str) -> str | None:
    """The code as typed (any case, with spaces or dashes, Cyrillic look-alikes), or None
    when it cannot be one: a code is never cut short or padded to fit."""
    code = "".join(ch for ch in (typed or "")[:64].upper() if ch not in " -.")
    code = code.translate(str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX"))
    if len(code) != LENGTH or any(ch not in letter_codes.ALPHABET for ch in code):
        return None
    return code


def grouped(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def url_of(code: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + ROUTE + code


def create(letter: Letter, user: User | None, on=None) -> AnswerLink:
    """A new link for the letter; a live one it had is revoked (one live link a letter)."""
    db.session.execute(update(AnswerLink).where(
        AnswerLink.letter_id == letter.id, AnswerLink.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    link = AnswerLink(letter_id=letter.id, nonce=secrets.token_bytes(16).hex(),
                      created_by_id=user.id if user else None)
    link.code_hash = hash_of(code_of(link))
    db.session.add(link)
    db.session.flush()
    audit.record("answer_link.create", "letter", letter.id, user=user, on=on)
    return link


def create_many(items: list[tuple[int, User, object]]) -> None:
    """`create` for letters just issued in a batch (none has a link yet): (letter id, user,
    day), written with one INSERT."""
    key, rows = _key(), []
    for letter_id, user, _on in items:
        link = SimpleNamespace(nonce=secrets.token_bytes(16).hex())
        rows.append({"letter_id": letter_id, "nonce": link.nonce, "created_at": utcnow(),
                     "code_hash": hash_of(code_of(link, key), key),
                     "created_by_id": user.id if user else None, "revoked_at": None})
    if rows:
        written(AnswerLink.__table__, rows)
    audit.record_many("answer_link.create", "letter",
                      [(letter_id, user, on) for letter_id, user, on in items])


def live_link(letter_id: int) -> AnswerLink | None:
    return db.session.scalar(select(AnswerLink).where(
        AnswerLink.letter_id == letter_id, AnswerLink.revoked_at.is_(None)))


def find(typed: str) -> AnswerLink | None:
    """The live link of a genuine letter of an open referral that the typed code opens, with
    its letter and referral; None for anything else."""
    code = normalise(typed)
    if code is None:
        return None
    return db.session.scalar(
        select(AnswerLink).join(Letter, Letter.id == AnswerLink.letter_id)
        .join(Referral, Referral.id == Letter.referral_id)
        .where(AnswerLink.code_hash == hash_of(code), AnswerLink.revoked_at.is_(None),
               Letter.status == "genuine", Referral.status.in_(OPEN_STATUSES)))


def printed(link: AnswerLink | None) -> dict | None:
    """What a letter prints of its link: the code in groups, the short link and its QR."""
    if link is None:
        return None
    code = code_of(link)
    url = url_of(code)
    return {"code": grouped(code), "url": url,
            "qr": segno.make_qr(url, error="m").svg_data_uri(border=2)}
