"""The audit's anchors kept in Redis as well, when CASEWORKER_REDIS_URL is set: a store outside
the database that every server and worker reaches, so that `flask audit verify` on any server
checks the tail against the seals anchored by whichever worker sealed them (each machine's
anchor file holds only its own). One list of anchor lines, appended to (RPUSH), never
rewritten but by a restore. Redis out of reach never stops a seal: the file and the log line
still hold it, and verify says what it could not check."""
from __future__ import annotations

import logging

import redis

from caseworker.models.types import utcnow

KEY = "caseworker:audit:anchors"
log = logging.getLogger("caseworker.audit")


def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def push(url: str, line: str) -> bool:
    try:
        _client(url).rpush(KEY, line)
        return True
    except redis.RedisError as error:
        log.warning("audit anchor not kept in Redis (%s): %s", error.__class__.__name__, line)
        return False


def read(url: str) -> str | None:
    """The anchor lines kept in Redis, or None when it cannot be reached."""
    try:
        lines = _client(url).lrange(KEY, 0, -1)
    except redis.RedisError:
        return None
    return "\n".join(line.decode() for line in lines)


def restart(url: str, line: str | None) -> bool:
    """After a restore: the list starts again from the restored last seal (the former one is
    kept beside, renamed)."""
    try:
        client = _client(url)
        if client.exists(KEY):
            client.rename(KEY, f"{KEY}:before-restore-{utcnow():%Y%m%d%H%M%S}")
        if line:
            client.rpush(KEY, f"{line} restored")
        return True
    except redis.RedisError as error:
        log.warning("audit anchors in Redis not started again (%s)", error.__class__.__name__)
        return False
