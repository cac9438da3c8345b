"""When a login is locked after repeated failures."""
from __future__ import annotations

from datetime import datetime, timedelta


def locked_until(failures: list[datetime], now: datetime, threshold: int,
                 window: timedelta, lock: timedelta) -> datetime | None:
    """The end of the lock in force at `now`, or None.

    A lock starts at the failure that makes `threshold` failures within `window` and lasts
    `lock`. Failures are the recorded ones (attempts made while locked are not recorded).
    """
    times = sorted(failures)
    for i in range(threshold - 1, len(times)):
        if times[i] - times[i - threshold + 1] <= window:
            until = times[i] + lock
            if until > now:
                return until
    return None
